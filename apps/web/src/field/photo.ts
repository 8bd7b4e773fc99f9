// A photo taken on the phone, made small enough to wait in the outbox: at most 1600 px on its longer side,
// JPEG. Browser only (canvas).

export const PHOTO_MAX_SIDE = 1600;

/** Size that fits `max` on the longer side, keeping the proportions (never enlarged). */
export function fittedSize(
  width: number,
  height: number,
  max = PHOTO_MAX_SIDE,
): { width: number; height: number } {
  const scale = Math.min(1, max / Math.max(width, height, 1));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

export async function downscalePhoto(file: Blob, doc: Document): Promise<string> {
  const bitmap = await createImageBitmap(file);
  const { width, height } = fittedSize(bitmap.width, bitmap.height);
  const canvas = doc.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  canvas.getContext('2d')?.drawImage(bitmap, 0, 0, width, height);
  bitmap.close();
  return canvas.toDataURL('image/jpeg', 0.75);
}
