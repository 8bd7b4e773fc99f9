/**
 * Where, when and facing which way a photo was taken, from its EXIF block (phones and drones write GPS
 * tags): `GPSLatitude`/`GPSLongitude` with their N/S/E/W references, `GPSImgDirection`, and
 * `DateTimeOriginal` only when `OffsetTimeOriginal` says its offset (EXIF times are local clock times;
 * without an offset the time is ignored rather than guessed). Values out of range are dropped.
 */
import exifReader from 'exif-reader';

export interface PhotoExif {
  position?: { lon: number; lat: number };
  bearing?: number;
  capturedAt?: string;
  notes: string[];
}

function degrees(value: unknown, ref: unknown, negative: string): number | undefined {
  if (!Array.isArray(value) || value.length === 0) return undefined;
  const [d = Number.NaN, m = 0, s = 0] = value.map(Number);
  const result = d + m / 60 + s / 3600;
  if (!Number.isFinite(result)) return undefined;
  return ref === negative ? -result : result;
}

export function readPhotoExif(exif: Buffer | undefined): PhotoExif {
  const out: PhotoExif = { notes: [] };
  if (exif === undefined || exif.length === 0) return out;
  let tags: ReturnType<typeof exifReader>;
  try {
    tags = exifReader(exif);
  } catch (error) {
    out.notes.push(
      `EXIF unreadable: ${error instanceof Error ? error.message : String(error)}`.slice(0, 200),
    );
    return out;
  }
  const gps = (tags.GPSInfo ?? {}) as Record<string, unknown>;
  const lat = degrees(gps.GPSLatitude, gps.GPSLatitudeRef, 'S');
  const lon = degrees(gps.GPSLongitude, gps.GPSLongitudeRef, 'W');
  if (lat !== undefined && lon !== undefined) {
    if (Math.abs(lat) <= 90 && Math.abs(lon) <= 180 && !(lat === 0 && lon === 0)) out.position = { lon, lat };
    else out.notes.push(`EXIF position ${lat}, ${lon} ignored: out of range or null island`);
  }
  const direction = Number(gps.GPSImgDirection);
  if (gps.GPSImgDirection !== undefined && Number.isFinite(direction) && direction >= 0 && direction <= 360) {
    out.bearing = direction;
  }
  const photo = (tags.Photo ?? {}) as Record<string, unknown>;
  const taken = photo.DateTimeOriginal;
  if (taken instanceof Date && !Number.isNaN(taken.getTime())) {
    const offset = typeof photo.OffsetTimeOriginal === 'string' ? photo.OffsetTimeOriginal.trim() : '';
    const match = /^([+-])(\d\d):(\d\d)$/.exec(offset);
    if (match) {
      // exif-reader reads the local clock time as if it were UTC: subtract the offset to get UTC.
      const minutes = (Number(match[2]) * 60 + Number(match[3])) * (match[1] === '-' ? -1 : 1);
      out.capturedAt = new Date(taken.getTime() - minutes * 60_000).toISOString();
    } else {
      out.notes.push('EXIF capture time has no offset (OffsetTimeOriginal): not used; send capturedAt');
    }
  }
  return out;
}
