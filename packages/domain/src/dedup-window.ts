/**
 * A bounded, time-windowed set of recently seen event ids: the cheap first line of deduplication in
 * front of the database's unique keys. An id is remembered for `windowMs` after it was added and at
 * most `maxEntries` ids are kept (the oldest go first), so memory stays bounded whatever the rate.
 * Time is passed in (no clock inside), which keeps it deterministic.
 */
export interface DedupWindowOptions {
  /** How long an id is remembered, in milliseconds. */
  windowMs: number;
  /** Most ids kept at once. */
  maxEntries: number;
}

export class DedupWindow {
  /** id → time added; a Map iterates in insertion order, which is time order here. */
  private readonly entries = new Map<string, number>();
  private readonly windowMs: number;
  private readonly maxEntries: number;

  constructor(options: DedupWindowOptions) {
    if (!(options.windowMs > 0) || !Number.isInteger(options.maxEntries) || options.maxEntries < 1) {
      throw new RangeError('DedupWindow needs windowMs > 0 and an integer maxEntries >= 1');
    }
    this.windowMs = options.windowMs;
    this.maxEntries = options.maxEntries;
  }

  get size(): number {
    return this.entries.size;
  }

  /** True when `id` was added within the window before `now`. */
  has(id: string, now: number): boolean {
    const added = this.entries.get(id);
    return added !== undefined && now - added < this.windowMs;
  }

  /** Remembers `id` as seen at `now` (re-adding refreshes it), then drops what fell out of the window. */
  add(id: string, now: number): void {
    this.entries.delete(id);
    this.entries.set(id, now);
    this.prune(now);
  }

  /** Forgets ids older than the window and, beyond `maxEntries`, the oldest ones. */
  prune(now: number): void {
    for (const [id, added] of this.entries) {
      if (this.entries.size > this.maxEntries || now - added >= this.windowMs) this.entries.delete(id);
      else break;
    }
  }

  clear(): void {
    this.entries.clear();
  }
}
