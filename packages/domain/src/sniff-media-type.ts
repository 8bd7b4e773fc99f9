/**
 * The type of an image or video from its first bytes (magic numbers), never from what the sender
 * declared: JPEG, PNG, GIF, WebP, TIFF, HEIC/HEIF, AVIF; MP4, QuickTime, 3GP, WebM/Matroska, AVI.
 */
import type { TMediaKind } from '@vigie/contracts/media';

export interface SniffedType {
  kind: TMediaKind;
  mime: string;
  extension: string;
}

function ascii(bytes: Uint8Array, start: number, length: number): string {
  return String.fromCharCode(...bytes.subarray(start, start + length));
}

export function sniffMediaType(bytes: Uint8Array): SniffedType | undefined {
  const b = (i: number) => bytes[i];
  if (bytes.length < 12) return undefined;
  if (b(0) === 0xff && b(1) === 0xd8 && b(2) === 0xff)
    return { kind: 'image', mime: 'image/jpeg', extension: 'jpg' };
  if (ascii(bytes, 0, 8) === '\x89PNG\r\n\x1a\n')
    return { kind: 'image', mime: 'image/png', extension: 'png' };
  if (ascii(bytes, 0, 6) === 'GIF87a' || ascii(bytes, 0, 6) === 'GIF89a')
    return { kind: 'image', mime: 'image/gif', extension: 'gif' };
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WEBP')
    return { kind: 'image', mime: 'image/webp', extension: 'webp' };
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'AVI ')
    return { kind: 'video', mime: 'video/x-msvideo', extension: 'avi' };
  if (ascii(bytes, 0, 4) === 'II*\0' || ascii(bytes, 0, 4) === 'MM\0*')
    return { kind: 'image', mime: 'image/tiff', extension: 'tif' };
  if (b(0) === 0x1a && b(1) === 0x45 && b(2) === 0xdf && b(3) === 0xa3)
    return { kind: 'video', mime: 'video/webm', extension: 'webm' };
  if (ascii(bytes, 4, 4) === 'ftyp') {
    const brand = ascii(bytes, 8, 4);
    if (['heic', 'heix', 'hevc', 'heim', 'heis', 'mif1', 'msf1'].includes(brand))
      return { kind: 'image', mime: 'image/heic', extension: 'heic' };
    if (brand === 'avif' || brand === 'avis') return { kind: 'image', mime: 'image/avif', extension: 'avif' };
    if (brand === 'qt  ') return { kind: 'video', mime: 'video/quicktime', extension: 'mov' };
    if (brand.startsWith('3g')) return { kind: 'video', mime: 'video/3gpp', extension: '3gp' };
    return { kind: 'video', mime: 'video/mp4', extension: 'mp4' };
  }
  return undefined;
}
