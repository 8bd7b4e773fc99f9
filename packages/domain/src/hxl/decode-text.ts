/**
 * Bytes of a spreadsheet export to text: UTF-8 when the bytes are valid UTF-8 (a BOM is dropped),
 * otherwise Windows-1252 (the superset of Latin-1 that Excel writes on Western European systems).
 */
export type TextEncodingName = 'utf-8' | 'windows-1252';

export interface DecodedText {
  text: string;
  encoding: TextEncodingName;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
const latin = new TextDecoder('windows-1252');

export function decodeText(bytes: Uint8Array | string): DecodedText {
  if (typeof bytes === 'string') return { text: bytes.replace(/^\uFEFF/, ''), encoding: 'utf-8' };
  try {
    return { text: strictUtf8.decode(bytes), encoding: 'utf-8' };
  } catch {
    // Not valid UTF-8: every byte is a character in Windows-1252, so this decoding cannot fail.
    return { text: latin.decode(bytes), encoding: 'windows-1252' };
  }
}
