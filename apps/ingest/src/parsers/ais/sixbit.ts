/** AIS payload armoring: each character carries 6 bits (`v = code - 48; if v > 40: v -= 8`). */

export interface BitField {
  /** Number of usable bits. */
  length: number;
  uint(start: number, width: number): number;
  int(start: number, width: number): number;
}

/** Returns undefined when the payload holds a character outside the armoring alphabet. */
export function dearmor(payload: string, fillBits: number): BitField | undefined {
  const bits: number[] = [];
  for (let i = 0; i < payload.length; i++) {
    const code = payload.charCodeAt(i);
    if (code < 48 || code > 119 || (code > 87 && code < 96)) return undefined;
    let v = code - 48;
    if (v > 40) v -= 8;
    for (let b = 5; b >= 0; b--) bits.push((v >> b) & 1);
  }
  const length = Math.max(0, bits.length - fillBits);
  const uint = (start: number, width: number): number => {
    let n = 0;
    for (let i = start; i < start + width; i++) n = n * 2 + (i < length ? (bits[i] ?? 0) : 0);
    return n;
  };
  return {
    length,
    uint,
    int(start, width) {
      const n = uint(start, width);
      return n >= 2 ** (width - 1) ? n - 2 ** width : n;
    },
  };
}
