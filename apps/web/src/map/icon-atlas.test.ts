import { describe, expect, it } from 'vitest';
import { ASSET_KINDS } from './entity-style';
import { ICON_CELL, ICON_PATHS, iconAtlasSvg, iconMapping } from './icon-atlas';

describe('icon atlas', () => {
  it('has one masked, centred cell per asset kind, side by side', () => {
    const mapping = iconMapping();
    expect(Object.keys(mapping)).toEqual([...ASSET_KINDS]);
    ASSET_KINDS.forEach((kind, i) => {
      expect(mapping[kind]).toMatchObject({ x: i * ICON_CELL, y: 0, anchorX: ICON_CELL / 2, mask: true });
    });
  });

  it('draws every icon inside its cell', () => {
    for (const kind of ASSET_KINDS) {
      const numbers = ICON_PATHS[kind].match(/-?\d+(\.\d+)?/g)!.map(Number);
      const absolute = ICON_PATHS[kind]
        .split(/(?=[a-zA-Z])/)
        .filter((part) => /^[MLC]/.test(part))
        .flatMap((part) =>
          part
            .slice(1)
            .trim()
            .split(/[\s,]+/)
            .map(Number),
        );
      expect(numbers.length).toBeGreaterThan(0);
      for (const n of absolute) expect(n >= 0 && n <= ICON_CELL).toBe(true);
    }
  });

  it('renders as one SVG document', () => {
    const svg = iconAtlasSvg();
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.match(/<path /g)).toHaveLength(ASSET_KINDS.length);
  });
});
