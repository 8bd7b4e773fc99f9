import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { readPhotoExif } from './read-photo-exif';

async function exifOf(ifds: Record<string, Record<string, string>>): Promise<Buffer | undefined> {
  const jpeg = await sharp({ create: { width: 8, height: 8, channels: 3, background: 'red' } })
    .jpeg()
    .withExif(ifds)
    .toBuffer();
  return (await sharp(jpeg).metadata()).exif;
}

describe('readPhotoExif', () => {
  it('reads the GPS position, direction and the capture time with its offset', async () => {
    const exif = await exifOf({
      IFD0: { Make: 'Vigie' },
      IFD2: { DateTimeOriginal: '2021:08:16 10:00:00', OffsetTimeOriginal: '-04:00' },
      IFD3: {
        GPSLatitudeRef: 'N',
        GPSLatitude: '18/1 11/1 3600/100',
        GPSLongitudeRef: 'W',
        GPSLongitude: '73/1 45/1 0/1',
        GPSImgDirection: '270/1',
      },
    });
    const result = readPhotoExif(exif);
    expect(result.position?.lat).toBeCloseTo(18 + 11 / 60 + 36 / 3600, 9);
    expect(result.position?.lon).toBeCloseTo(-(73 + 45 / 60), 9);
    expect(result.bearing).toBe(270);
    expect(result.capturedAt).toBe('2021-08-16T14:00:00.000Z');
  });

  it('ignores a capture time without offset and a null-island position, saying so', async () => {
    const exif = await exifOf({
      IFD2: { DateTimeOriginal: '2021:08:16 10:00:00' },
      IFD3: {
        GPSLatitudeRef: 'N',
        GPSLatitude: '0/1 0/1 0/1',
        GPSLongitudeRef: 'E',
        GPSLongitude: '0/1 0/1 0/1',
      },
    });
    const result = readPhotoExif(exif);
    expect(result.position).toBeUndefined();
    expect(result.capturedAt).toBeUndefined();
    expect(result.notes.join('\n')).toMatch(/null island[\s\S]*no offset/);
  });

  it('gives nothing for no EXIF and a note for a broken block', () => {
    expect(readPhotoExif(undefined)).toEqual({ notes: [] });
    expect(readPhotoExif(Buffer.from('Exif\0\0garbage')).notes[0]).toMatch(/EXIF unreadable/);
  });
});
