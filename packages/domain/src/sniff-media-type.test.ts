import { describe, expect, it } from 'vitest';
import { sniffMediaType } from './sniff-media-type';

const pad = (head: number[] | string) =>
  Buffer.concat([
    typeof head === 'string' ? Buffer.from(head, 'latin1') : Buffer.from(head),
    Buffer.alloc(16),
  ]);

describe('sniffMediaType', () => {
  it.each([
    [[0xff, 0xd8, 0xff, 0xe0], 'image/jpeg'],
    ['\x89PNG\r\n\x1a\n', 'image/png'],
    ['GIF89a', 'image/gif'],
    ['RIFF\0\0\0\0WEBPVP8 ', 'image/webp'],
    ['II*\0', 'image/tiff'],
    ['\0\0\0\x18ftypheic', 'image/heic'],
    ['\0\0\0\x18ftypisom', 'video/mp4'],
    ['\0\0\0\x14ftypqt  ', 'video/quicktime'],
    [[0x1a, 0x45, 0xdf, 0xa3], 'video/webm'],
    ['RIFF\0\0\0\0AVI LIST', 'video/x-msvideo'],
  ])('recognises %j as %s', (head, mime) => {
    expect(sniffMediaType(pad(head as number[] | string))?.mime).toBe(mime);
  });

  it('refuses text, scripts and short input whatever they claim to be', () => {
    expect(sniffMediaType(pad('<svg onload=alert(1)>'))).toBeUndefined();
    expect(sniffMediaType(pad('%PDF-1.7'))).toBeUndefined();
    expect(sniffMediaType(Buffer.from([0xff, 0xd8]))).toBeUndefined();
  });
});
