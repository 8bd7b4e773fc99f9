/**
 * A small JPEG preview of an image (at most 320 px on its longer side), with the image's own width
 * and height and what its EXIF block says of where and when it was taken, made with sharp (libvips, prebuilt binaries). Videos get no thumbnail (that needs a
 * video decoder, which is not bundled). An image sharp cannot decode gets none either; the media is
 * kept.
 */
import sharp from 'sharp';
import { readPhotoExif } from './read-photo-exif';
import type { PhotoExif } from './read-photo-exif';

export const THUMBNAIL_MAX_PX = 320;

export interface Thumbnail {
  bytes: Buffer;
  width: number;
  height: number;
}

export interface ImageInfo {
  width?: number;
  height?: number;
  thumbnail?: Thumbnail;
  /** Position, direction and time from the photo's EXIF block. */
  exif?: PhotoExif;
  /** Why there is no thumbnail, when there is none. */
  note?: string;
}

export async function makeThumbnail(bytes: Uint8Array): Promise<ImageInfo> {
  try {
    // limitInputPixels guards against decompression bombs (a tiny file declaring a huge image).
    const image = sharp(bytes, { limitInputPixels: 100_000_000, failOn: 'error' });
    const meta = await image.metadata();
    const { data, info } = await image
      .rotate()
      .resize({ width: THUMBNAIL_MAX_PX, height: THUMBNAIL_MAX_PX, fit: 'inside', withoutEnlargement: true })
      .jpeg({ quality: 75 })
      .toBuffer({ resolveWithObject: true });
    return {
      exif: readPhotoExif(meta.exif),
      ...(meta.width === undefined ? {} : { width: meta.width }),
      ...(meta.height === undefined ? {} : { height: meta.height }),
      thumbnail: { bytes: data, width: info.width, height: info.height },
    };
  } catch (error) {
    return { note: `no thumbnail: ${error instanceof Error ? error.message : String(error)}`.slice(0, 300) };
  }
}
