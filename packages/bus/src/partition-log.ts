/**
 * One partition of the embedded log: its segments, appends, reads, the durable end offset (records
 * below it are fsync'd and visible to consumers, like Kafka's high watermark), and retention.
 */
import fs from 'node:fs';
import { syncDirectory, syncDirectorySync } from './durable-file';
import { fsError } from './fs-error';
import type { LogError, Retention } from './log';
import type { Logger } from './logger';
import { encodeRecords } from './record-codec';
import type { EncodableRecord, RecordFrame, StoredRecord } from './record-codec';
import { Segment, listSegmentBases } from './segment';
import type { Syncable } from './sync-scheduler';

export interface PartitionLogOptions {
  readonly topic: string;
  readonly partition: number;
  readonly directory: string;
  /** Roll to a new segment once the active one holds this many bytes. */
  readonly segmentBytes: number;
  /** Roll to a new segment once the active one is this old (from its first append). */
  readonly segmentMs: number;
  readonly indexIntervalBytes: number;
  readonly logger: Logger;
}

export class PartitionLog implements Syncable {
  readonly topic: string;
  readonly partition: number;
  private readonly options: PartitionLogOptions;
  private segments: Segment[];
  private readonly unsynced = new Set<Segment>();
  private directoryDirty = false;
  private durableEnd: number;
  private readonly listeners = new Set<() => void>();
  /** Set when a write or fsync failed: the file state is unknown until the log is reopened. */
  private failure: LogError | undefined;

  private constructor(options: PartitionLogOptions, segments: Segment[]) {
    this.options = options;
    this.topic = options.topic;
    this.partition = options.partition;
    this.segments = segments;
    this.durableEnd = this.active.nextOffset;
  }

  /** Creates the directory and the first, empty segment. The caller fsyncs the directories. */
  static create(options: PartitionLogOptions): PartitionLog {
    fs.mkdirSync(options.directory, { recursive: true });
    return new PartitionLog(options, [Segment.create(options, 0)]);
  }

  /** Opens and recovers every segment; what is on disk after recovery is durable, so it is all visible. */
  static open(options: PartitionLogOptions): PartitionLog {
    const bases = listSegmentBases(options.directory);
    const segments: Segment[] = [];
    try {
      for (const base of bases) {
        const { segment, report } = Segment.open(options, base);
        segments.push(segment);
        if (report.truncatedBytes > 0 || report.indexRebuilt) {
          options.logger.warn(
            {
              topic: options.topic,
              partition: options.partition,
              segment: base,
              truncatedBytes: report.truncatedBytes,
              indexRebuilt: report.indexRebuilt,
            },
            report.truncatedBytes > 0
              ? 'cut a torn or corrupt tail off a segment'
              : 'rebuilt a segment index',
          );
        }
      }
      if (segments.length === 0) segments.push(Segment.create(options, 0));
    } catch (error) {
      for (const segment of segments) segment.close();
      throw error;
    }
    // Recovered data was not necessarily fsync'd before the crash (only acknowledged data was): make
    // it durable now, before anyone reads it.
    for (const segment of segments) segment.syncSync();
    syncDirectorySync(options.directory);
    return new PartitionLog(options, segments);
  }

  private get active(): Segment {
    return this.segments[this.segments.length - 1]!;
  }

  /** First offset still stored. */
  get startOffset(): number {
    return this.segments[0]!.baseOffset;
  }

  /** Offset after the last durable record: consumers read below it. */
  get endOffset(): number {
    return this.durableEnd;
  }

  /** Bytes of records stored. */
  get size(): number {
    let total = 0;
    for (const segment of this.segments) total += segment.size;
    return total;
  }

  get segmentCount(): number {
    return this.segments.length;
  }

  /** Called whenever the durable end moves forward. Returns the unsubscribe function. */
  onDurable(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Appends records (timestamps set) synchronously; durable once a `sync()` that starts after this
   * call resolves. Returns the offset of the first record.
   */
  append(records: readonly EncodableRecord[], sizes: readonly number[]): number {
    if (this.failure) throw this.failure;
    let total = 0;
    for (const size of sizes) total += size;
    this.maybeRoll(total);
    const segment = this.active;
    const base = segment.nextOffset;
    const encoded = encodeRecords(records, sizes, base);
    const frames: RecordFrame[] = records.map((record, i) => ({
      offset: base + i,
      timestamp: record.timestamp,
      size: sizes[i]!,
    }));
    try {
      segment.append(encoded, frames);
    } catch (error) {
      const failure = fsError(error, `append to ${this.topic}/${this.partition}`);
      if (segment.broken) this.failure = failure;
      throw failure;
    }
    this.unsynced.add(segment);
    return base;
  }

  private maybeRoll(incomingBytes: number): void {
    const active = this.active;
    if (active.size === 0) return;
    const full = active.size + incomingBytes > this.options.segmentBytes;
    const old =
      active.firstAppendAt !== undefined && Date.now() - active.firstAppendAt >= this.options.segmentMs;
    if (full || old) this.roll();
  }

  private roll(): void {
    try {
      this.segments.push(Segment.create(this.options, this.active.nextOffset));
    } catch (error) {
      throw fsError(error, `roll a segment of ${this.topic}/${this.partition}`);
    }
    this.directoryDirty = true;
  }

  /** fsync of the segments written since the last sync (and of the directory after a roll). */
  async sync(): Promise<void> {
    if (this.failure) throw this.failure;
    const upTo = this.active.nextOffset;
    const segments = [...this.unsynced];
    this.unsynced.clear();
    const directoryDirty = this.directoryDirty;
    this.directoryDirty = false;
    try {
      await Promise.all([
        ...segments.map((segment) => segment.sync()),
        directoryDirty ? syncDirectory(this.options.directory) : Promise.resolve(),
      ]);
    } catch (error) {
      // After a failed fsync the kernel may have dropped the dirty pages: nothing written since the
      // last good sync can be trusted. Refuse further work on this partition until it is reopened.
      this.failure = fsError(error, `fsync ${this.topic}/${this.partition}`);
      throw this.failure;
    }
    if (upTo > this.durableEnd) {
      this.durableEnd = upTo;
      for (const listener of [...this.listeners]) listener();
    }
  }

  /** Durable records from `from` (clamped to the start), at most `maxRecords` and about `maxBytes`. */
  read(from: number, maxRecords: number, maxBytes: number): StoredRecord[] {
    const until = this.durableEnd;
    let index = this.segmentIndexFor(Math.max(from, this.startOffset));
    let offset = Math.max(from, this.startOffset);
    while (index < this.segments.length && offset < until) {
      const segment = this.segments[index]!;
      const records = segment.read(offset, until, maxRecords, maxBytes);
      if (records.length > 0) return records;
      index++;
      offset = Math.max(offset, this.segments[index]?.baseOffset ?? until);
    }
    return [];
  }

  /** First offset with a timestamp ≥ `timestamp`, else the end offset. */
  offsetForTimestamp(timestamp: number): number {
    const until = this.durableEnd;
    for (const segment of this.segments) {
      if (segment.baseOffset >= until) break;
      const found = segment.offsetForTimestamp(timestamp, until);
      if (found !== undefined) return found;
    }
    return until;
  }

  /**
   * Deletes whole segments that retention no longer needs: those whose newest record is older than
   * `retention.ms`, and the oldest ones while the rest still hold at least `retention.bytes`. A segment
   * is deleted only once all its records are durable. Returns how many were deleted.
   */
  enforceRetention(retention: Retention | undefined, now: number): number {
    if (!retention) return 0;
    let deleted = 0;
    if (retention.ms !== undefined) {
      const limit = now - retention.ms;
      for (;;) {
        const first = this.segments[0]!;
        const isLast = this.segments.length === 1;
        if (first.nextOffset > this.durableEnd) break;
        const expired = first.size === 0 ? !isLast : first.maxTimestamp < limit;
        if (!expired) break;
        // The active segment expires as a whole: start an empty one at the same end offset first.
        if (isLast) this.roll();
        this.dropFirstSegment();
        deleted++;
      }
    }
    if (retention.bytes !== undefined) {
      let total = this.size;
      while (this.segments.length > 1) {
        const first = this.segments[0]!;
        if (total - first.size < retention.bytes || first.nextOffset > this.durableEnd) break;
        total -= first.size;
        this.dropFirstSegment();
        deleted++;
      }
    }
    return deleted;
  }

  private dropFirstSegment(): void {
    const first = this.segments.shift()!;
    this.unsynced.delete(first);
    first.delete();
    this.directoryDirty = true;
  }

  close(): void {
    for (const segment of this.segments) segment.close();
    this.listeners.clear();
  }

  /** Index of the segment holding `offset` (the last one whose base is ≤ it). */
  private segmentIndexFor(offset: number): number {
    let lo = 0;
    let hi = this.segments.length - 1;
    let found = 0;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (this.segments[mid]!.baseOffset <= offset) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found;
  }
}
