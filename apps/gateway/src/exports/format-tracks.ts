/**
 * Tracks as GPX 1.1 (one `<trk>` per asset, one `<trkseg>`, `<trkpt lat lon>` with `<ele>` and `<time>`)
 * and KML 2.2 (one Placemark per asset with a `gx:Track` of `<when>`/`<gx:coord>` pairs), written page
 * by page so that an export is streamed. Text is XML-escaped.
 */
import type { TrackPoint } from '@vigie/db/export-repository';

/** Whether XML 1.0 allows the character (C0 controls other than tab, LF and CR, and U+FFFE/FFFF it does not). */
function xmlAllowed(ch: string): boolean {
  const code = ch.charCodeAt(0);
  return (
    code === 0x09 || code === 0x0a || code === 0x0d || (code >= 0x20 && code !== 0xfffe && code !== 0xffff)
  );
}

export function xmlEscape(text: string): string {
  return (
    text
      .replaceAll('&', '&amp;')
      .replaceAll('<', '&lt;')
      .replaceAll('>', '&gt;')
      .replaceAll('"', '&quot;')
      .replaceAll("'", '&apos;')
      // Characters XML 1.0 does not allow at all.
      .split('')
      .filter(xmlAllowed)
      .join('')
  );
}

export const GPX_HEAD =
  '<?xml version="1.0" encoding="UTF-8"?>\n' +
  '<gpx version="1.1" creator="Vigie" xmlns="http://www.topografix.com/GPX/1/1">\n';
export const GPX_TAIL = '</gpx>\n';

export function gpxTrackStart(assetId: string, name: string, kind: string): string {
  return `  <trk>\n    <name>${xmlEscape(name)}</name>\n    <src>${xmlEscape(assetId)}</src>\n    <type>${xmlEscape(kind)}</type>\n    <trkseg>\n`;
}
export const GPX_TRACK_END = '    </trkseg>\n  </trk>\n';

export function gpxPoints(points: readonly TrackPoint[]): string {
  return points
    .map(
      (p) =>
        `      <trkpt lat="${p.lat}" lon="${p.lon}">${p.altitude === null ? '' : `<ele>${p.altitude}</ele>`}<time>${p.time.toISOString()}</time></trkpt>\n`,
    )
    .join('');
}

export const KML_HEAD =
  '<?xml version="1.0" encoding="UTF-8"?>\n' +
  '<kml xmlns="http://www.opengis.net/kml/2.2" xmlns:gx="http://www.google.com/kml/ext/2.2">\n<Document>\n  <name>Vigie tracks</name>\n';
export const KML_TAIL = '</Document>\n</kml>\n';

export function kmlTrackStart(assetId: string, name: string, kind: string): string {
  return (
    `  <Placemark id="${xmlEscape(assetId)}">\n    <name>${xmlEscape(name)}</name>\n` +
    `    <ExtendedData><Data name="kind"><value>${xmlEscape(kind)}</value></Data></ExtendedData>\n    <gx:Track>\n`
  );
}
export const KML_TRACK_END = '    </gx:Track>\n  </Placemark>\n';

/** A gx:Track lists every `<when>` first, then the matching `<gx:coord>` in the same order. */
export function kmlPoints(points: readonly TrackPoint[]): { whens: string; coords: string } {
  return {
    whens: points.map((p) => `      <when>${p.time.toISOString()}</when>\n`).join(''),
    coords: points.map((p) => `      <gx:coord>${p.lon} ${p.lat} ${p.altitude ?? 0}</gx:coord>\n`).join(''),
  };
}
