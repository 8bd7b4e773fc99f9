// The asset icons, drawn in code into one pre-packed atlas (no image files, nothing fetched). Each icon is a
// white silhouette pointing north on a 64×64 cell; deck.gl tints it with the status colour (mask mode) and
// turns it by the heading.
import { ASSET_KINDS } from './entity-style';
import type { AssetKind } from './entity-style';

export const ICON_CELL = 64;

/** SVG path data of each icon, north-up, in a 64×64 box. */
export const ICON_PATHS: Readonly<Record<AssetKind, string>> = {
  // Navigation arrow.
  vehicle: 'M32 4 L54 58 L32 46 L10 58 Z',
  // A disc with a pointer: a team on foot.
  team: 'M32 2 L42 17 A21 21 0 1 1 22 17 Z',
  // A hull, bow up.
  boat: 'M32 3 C46 17 49 32 46 61 L18 61 C15 32 18 17 32 3 Z',
  // Four rotors around a body with a nose.
  drone:
    'M32 8 L39 24 L39 42 L25 42 L25 24 Z M8 14 a8 8 0 1 0 16 0 a8 8 0 1 0 -16 0 M40 14 a8 8 0 1 0 16 0 a8 8 0 1 0 -16 0 M8 50 a8 8 0 1 0 16 0 a8 8 0 1 0 -16 0 M40 50 a8 8 0 1 0 16 0 a8 8 0 1 0 -16 0',
  // A plane seen from above.
  aircraft:
    'M32 2 L36 22 L60 36 L60 42 L36 35 L35 51 L44 57 L44 62 L32 58 L20 62 L20 57 L29 51 L28 35 L4 42 L4 36 L28 22 Z',
  // A dot with a small pointer: one person.
  person: 'M32 8 L40 22 L24 22 Z M32 40 m-15 0 a15 15 0 1 0 30 0 a15 15 0 1 0 -30 0',
};

export interface IconFrame {
  x: number;
  y: number;
  width: number;
  height: number;
  anchorX: number;
  anchorY: number;
  mask: boolean;
}

/** Where each icon sits in the atlas: one row of cells in `ASSET_KINDS` order, anchored at the centre. */
export function iconMapping(): Record<AssetKind, IconFrame> {
  const mapping = {} as Record<AssetKind, IconFrame>;
  ASSET_KINDS.forEach((kind, i) => {
    mapping[kind] = {
      x: i * ICON_CELL,
      y: 0,
      width: ICON_CELL,
      height: ICON_CELL,
      anchorX: ICON_CELL / 2,
      anchorY: ICON_CELL / 2,
      mask: true,
    };
  });
  return mapping;
}

/** The atlas as one SVG document (what the canvas draws; also handy to look at). */
export function iconAtlasSvg(): string {
  const width = ICON_CELL * ASSET_KINDS.length;
  const paths = ASSET_KINDS.map(
    (kind, i) => `<path transform="translate(${i * ICON_CELL} 0)" d="${ICON_PATHS[kind]}" fill="#fff"/>`,
  ).join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${ICON_CELL}" viewBox="0 0 ${width} ${ICON_CELL}">${paths}</svg>`;
}

/** Draws the atlas on a canvas (browser only) and returns it as a PNG data URL for `iconAtlas`. */
export function drawIconAtlas(doc: Document): string {
  const canvas = doc.createElement('canvas');
  canvas.width = ICON_CELL * ASSET_KINDS.length;
  canvas.height = ICON_CELL;
  const ctx = canvas.getContext('2d');
  if (ctx === null) throw new Error('Canvas 2D is not available to draw the map icons');
  ctx.fillStyle = '#fff';
  ASSET_KINDS.forEach((kind, i) => {
    ctx.save();
    ctx.translate(i * ICON_CELL, 0);
    ctx.fill(new Path2D(ICON_PATHS[kind]));
    ctx.restore();
  });
  return canvas.toDataURL('image/png');
}
