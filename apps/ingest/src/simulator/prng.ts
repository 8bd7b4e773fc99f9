/**
 * A small seeded pseudo-random generator (sfc32, seeded through splitmix32) so that a scenario run is
 * reproduced exactly by its seed. Not for anything secret.
 */
export interface Prng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform in [min, max). */
  range(min: number, max: number): number;
  /** Integer in [min, max] (both included). */
  int(min: number, max: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** Picks by weight (weights need not sum to 1). */
  weighted<T>(items: readonly (readonly [T, number])[]): T;
  /** Standard normal (Box-Muller), scaled: mean + sd * N(0, 1). */
  normal(mean?: number, sd?: number): number;
  /** Fills bytes (for id factories). */
  fill(bytes: Uint8Array): void;
  /** An independent generator derived from this one's seed and a label. */
  fork(label: string): Prng;
}

function splitmix32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

function hashLabel(label: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

export function createPrng(seed: number): Prng {
  const init = splitmix32(seed);
  let a = init();
  let b = init();
  let c = init();
  let d = init();
  const u32 = (): number => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t;
  };
  for (let i = 0; i < 12; i++) u32();
  let spare: number | undefined;

  const prng: Prng = {
    next: () => u32() / 4_294_967_296,
    range: (min, max) => min + (max - min) * prng.next(),
    int: (min, max) => min + Math.floor(prng.next() * (max - min + 1)),
    chance: (p) => prng.next() < p,
    pick: (items) => {
      if (items.length === 0) throw new RangeError('pick from an empty list');
      return items[Math.floor(prng.next() * items.length)]!;
    },
    weighted: (items) => {
      let total = 0;
      for (const [, w] of items) total += Math.max(0, w);
      let r = prng.next() * total;
      for (const [item, w] of items) {
        r -= Math.max(0, w);
        if (r < 0) return item;
      }
      return items[items.length - 1]![0];
    },
    normal: (mean = 0, sd = 1) => {
      if (spare !== undefined) {
        const value = spare;
        spare = undefined;
        return mean + sd * value;
      }
      let u = 0;
      while (u === 0) u = prng.next();
      const v = prng.next();
      const r = Math.sqrt(-2 * Math.log(u));
      spare = r * Math.sin(2 * Math.PI * v);
      return mean + sd * r * Math.cos(2 * Math.PI * v);
    },
    fill: (bytes) => {
      for (let i = 0; i < bytes.length; i++) bytes[i] = u32() & 0xff;
    },
    fork: (label) => createPrng((seed ^ hashLabel(label)) >>> 0),
  };
  return prng;
}
