/**
 * One segment of an embedded partition: an append-only file of records (`record-codec.ts`) named by
 * the offset of its first record, plus a sparse index file beside it.
 *
 * Index file: 16-byte entries `u32 offset − base, u32 file position, f64 largest timestamp so far`,
 * one every `indexIntervalBytes` of records. It is a cache: written without fsync, checked on open, and
 * rebuilt from the records when it does not match them.
 */
import fs from 'node:fs';
import path from 'node:path';
import { LogError } from './log';
import { announcedFrameSize, decodeFrame, inspectFrame } from './record-codec';
import type { RecordFrame, StoredRecord } from './record-codec';

const INDEX_ENTRY_BYTES = 16;
const SCAN_CHUNK_BYTES = 1024 * 1024;

export interface SegmentOptions {
  readonly directory: string;
  readonly indexIntervalBytes: number;
}

export interface RecoveryReport {
  /** Bytes cut from the end of the file because they did not hold whole, valid records. */
  readonly truncatedBytes: number;
  /** The index did not match the records and was rebuilt. */
  readonly indexRebuilt: boolean;
}

export function segmentFileName(baseOffset: number, extension: 'log' | 'index'): string {
  return `${baseOffset.toString().padStart(20, '0')}.${extension}`;
}

/** Base offsets of the segments in a partition directory, ascending. */
export function listSegmentBases(directory: string): number[] {
  return fs
    .readdirSync(directory)
    .filter((name) => /^\d{20}\.log$/.test(name))
    .map((name) => Number(name.slice(0, 20)))
    .sort((a, b) => a - b);
}

function readFully(fd: number, length: number, position: number): Buffer {
  const buf = Buffer.allocUnsafe(length);
  let filled = 0;
  while (filled < length) {
    const n = fs.readSync(fd, buf, filled, length - filled, position + filled);
    if (n === 0) return buf.subarray(0, filled);
    filled += n;
  }
  return buf;
}

function writeFully(fd: number, buf: Buffer, position: number): void {
  let written = 0;
  while (written < buf.length) {
    written += fs.writeSync(fd, buf, written, buf.length - written, position + written);
  }
}

export class Segment {
  readonly baseOffset: number;
  /** Bytes of records in the file. */
  size = 0;
  /** Offset after the last record (the base offset when empty). */
  nextOffset: number;
  /** Largest record timestamp, -1 when empty. */
  maxTimestamp = -1;
  /** A failed write could not be undone: the file no longer matches this object. */
  broken = false;
  /** Wall-clock time of the first append since this segment was opened or created (for rolling by age). */
  firstAppendAt: number | undefined;

  private readonly logPath: string;
  private readonly indexPath: string;
  private readonly indexIntervalBytes: number;
  private readonly fd: number;
  private readonly indexFd: number;
  private indexOffsets: number[] = [];
  private indexPositions: number[] = [];
  private indexMaxTimestamps: number[] = [];
  private bytesSinceIndexEntry = 0;
  /** Entries added in memory but not yet written to the index file. */
  private pendingIndexEntries = 0;
  private indexNeedsRewrite = false;
  private syncsInFlight = 0;
  /** No new work; the descriptors close as soon as no sync uses them. */
  private closing = false;
  private closed = false;

  private constructor(options: SegmentOptions, baseOffset: number, fd: number, indexFd: number) {
    this.baseOffset = baseOffset;
    this.nextOffset = baseOffset;
    this.indexIntervalBytes = options.indexIntervalBytes;
    this.logPath = path.join(options.directory, segmentFileName(baseOffset, 'log'));
    this.indexPath = path.join(options.directory, segmentFileName(baseOffset, 'index'));
    this.fd = fd;
    this.indexFd = indexFd;
  }

  /** A new, empty segment. The caller makes the directory entry durable (fsync of the directory). */
  static create(options: SegmentOptions, baseOffset: number): Segment {
    const { O_RDWR, O_CREAT, O_EXCL, O_TRUNC } = fs.constants;
    const logPath = path.join(options.directory, segmentFileName(baseOffset, 'log'));
    const indexPath = path.join(options.directory, segmentFileName(baseOffset, 'index'));
    const fd = fs.openSync(logPath, O_RDWR | O_CREAT | O_EXCL, 0o644);
    const indexFd = fs.openSync(indexPath, O_RDWR | O_CREAT | O_TRUNC, 0o644);
    return new Segment(options, baseOffset, fd, indexFd);
  }

  /**
   * Opens an existing segment and recovers it: loads the index, verifies every record after the last
   * index entry (or all of them when the index does not match), and cuts a torn or corrupt tail.
   */
  static open(options: SegmentOptions, baseOffset: number): { segment: Segment; report: RecoveryReport } {
    const { O_RDWR, O_CREAT } = fs.constants;
    const logPath = path.join(options.directory, segmentFileName(baseOffset, 'log'));
    const indexPath = path.join(options.directory, segmentFileName(baseOffset, 'index'));
    const fd = fs.openSync(logPath, O_RDWR);
    const indexFd = fs.openSync(indexPath, O_RDWR | O_CREAT, 0o644);
    const segment = new Segment(options, baseOffset, fd, indexFd);
    try {
      const report = segment.recover();
      return { segment, report };
    } catch (error) {
      segment.close();
      throw error;
    }
  }

  private recover(): RecoveryReport {
    const fileSize = fs.fstatSync(this.fd).size;
    this.loadIndex(fileSize);
    let indexRebuilt = false;
    let scanned = this.scanTail(fileSize);
    if (scanned === 'index-mismatch') {
      this.resetIndex();
      indexRebuilt = true;
      scanned = this.scanTail(fileSize);
      if (scanned === 'index-mismatch')
        throw new Error('unreachable: scan from position 0 cannot mismatch an index entry');
    }
    const truncatedBytes = fileSize - scanned;
    if (truncatedBytes > 0) fs.ftruncateSync(this.fd, scanned);
    this.size = scanned;
    if (this.indexNeedsRewrite) this.rewriteIndex();
    else this.flushIndexEntries();
    return { truncatedBytes, indexRebuilt };
  }

  /** Keeps the longest prefix of index entries that is increasing and inside the file. */
  private loadIndex(fileSize: number): void {
    const indexSize = fs.fstatSync(this.indexFd).size;
    const raw = readFully(this.indexFd, indexSize - (indexSize % INDEX_ENTRY_BYTES), 0);
    let lastOffset = -1;
    let lastPosition = -1;
    let lastTimestamp = -1;
    for (let at = 0; at + INDEX_ENTRY_BYTES <= raw.length; at += INDEX_ENTRY_BYTES) {
      const offset = this.baseOffset + raw.readUInt32BE(at);
      const position = raw.readUInt32BE(at + 4);
      const maxTimestamp = raw.readDoubleBE(at + 8);
      const valid =
        offset > lastOffset &&
        position > lastPosition &&
        position < fileSize &&
        Number.isSafeInteger(maxTimestamp) &&
        maxTimestamp >= lastTimestamp;
      if (!valid) {
        this.indexNeedsRewrite = true;
        break;
      }
      this.indexOffsets.push(offset);
      this.indexPositions.push(position);
      this.indexMaxTimestamps.push(maxTimestamp);
      lastOffset = offset;
      lastPosition = position;
      lastTimestamp = maxTimestamp;
    }
    if (raw.length !== indexSize) this.indexNeedsRewrite = true;
  }

  private resetIndex(): void {
    this.indexOffsets = [];
    this.indexPositions = [];
    this.indexMaxTimestamps = [];
    this.indexNeedsRewrite = true;
  }

  /**
   * Verifies the records from the last index entry to the end of the file and rebuilds the state
   * they describe. Returns the end of the last valid record, or `index-mismatch` when the record at
   * the last index entry is not the one the entry names.
   */
  private scanTail(fileSize: number): number | 'index-mismatch' {
    const last = this.indexOffsets.length - 1;
    const position = last >= 0 ? this.indexPositions[last]! : 0;
    let expected = last >= 0 ? this.indexOffsets[last]! : this.baseOffset;
    // The record an index entry points at is already accounted for by the entry itself.
    let atEntryRecord = last >= 0;
    this.maxTimestamp = last >= 0 ? this.indexMaxTimestamps[last]! : -1;
    this.bytesSinceIndexEntry = 0;
    const end = this.scanFrames(position, fileSize, (frame, at) => {
      if (frame.offset !== expected) return false;
      if (atEntryRecord) {
        if (frame.timestamp > this.maxTimestamp) return false;
        atEntryRecord = false;
        this.bytesSinceIndexEntry = frame.size;
      } else {
        this.noteFrame(frame, at);
      }
      expected = frame.offset + 1;
      return true;
    });
    if (atEntryRecord) return 'index-mismatch';
    this.nextOffset = expected;
    return end;
  }

  /**
   * Calls `visit` for every valid frame from `from` until `limit`, the end of valid data, or `visit`
   * returning false. Returns the position after the last accepted frame.
   */
  private scanFrames(
    from: number,
    limit: number,
    visit: (frame: RecordFrame, position: number, buf: Buffer, at: number) => boolean,
  ): number {
    let position = from;
    while (position < limit) {
      let buf = readFully(this.fd, Math.min(SCAN_CHUNK_BYTES, limit - position), position);
      let at = 0;
      let progressed = false;
      for (;;) {
        const status = inspectFrame(buf, at);
        if (status === 'corrupt') return position + at;
        if (status === 'incomplete') break;
        if (!visit(status, position + at, buf, at)) return position + at;
        at += status.size;
        progressed = true;
      }
      if (!progressed) {
        // A frame larger than the chunk: read it whole, or stop at a torn tail.
        const announced = announcedFrameSize(buf, at);
        if (announced === undefined || position + announced > limit) return position;
        buf = readFully(this.fd, announced, position);
        const status = inspectFrame(buf, 0);
        if (status === 'corrupt' || status === 'incomplete') return position;
        if (!visit(status, position, buf, 0)) return position;
        position += status.size;
        continue;
      }
      position += at;
    }
    return position;
  }

  /** Index bookkeeping for a record appended (or recovered) at `position`. */
  private noteFrame(frame: RecordFrame, position: number): void {
    const maxSoFar = Math.max(this.maxTimestamp, frame.timestamp);
    if (this.bytesSinceIndexEntry >= this.indexIntervalBytes) {
      this.indexOffsets.push(frame.offset);
      this.indexPositions.push(position);
      this.indexMaxTimestamps.push(maxSoFar);
      this.bytesSinceIndexEntry = 0;
      this.pendingIndexEntries++;
    }
    this.bytesSinceIndexEntry += frame.size;
    this.maxTimestamp = maxSoFar;
  }

  private rewriteIndex(): void {
    fs.ftruncateSync(this.indexFd, 0);
    this.pendingIndexEntries = this.indexOffsets.length;
    this.flushIndexEntries();
    this.indexNeedsRewrite = false;
  }

  /** Writes the index entries added since the last call (no fsync: the index is rebuilt if lost). */
  private flushIndexEntries(): void {
    if (this.pendingIndexEntries === 0) return;
    const count = this.indexOffsets.length;
    const from = count - this.pendingIndexEntries;
    const buf = Buffer.allocUnsafe(this.pendingIndexEntries * INDEX_ENTRY_BYTES);
    for (let i = from; i < count; i++) {
      const at = (i - from) * INDEX_ENTRY_BYTES;
      buf.writeUInt32BE(this.indexOffsets[i]! - this.baseOffset, at);
      buf.writeUInt32BE(this.indexPositions[i]!, at + 4);
      buf.writeDoubleBE(this.indexMaxTimestamps[i]!, at + 8);
    }
    writeFully(this.indexFd, buf, from * INDEX_ENTRY_BYTES);
    this.pendingIndexEntries = 0;
  }

  /**
   * Appends encoded records (their frames describe them, in order). Written, not yet durable: call
   * `sync()`. On a write failure the file is cut back to its previous size.
   */
  append(encoded: Buffer, frames: readonly RecordFrame[]): void {
    this.assertOpen();
    const start = this.size;
    try {
      writeFully(this.fd, encoded, start);
    } catch (error) {
      try {
        fs.ftruncateSync(this.fd, start);
      } catch (truncateError) {
        this.broken = true;
        throw new LogError(
          'UNAVAILABLE',
          `segment ${this.logPath} is in an unknown state after a failed write`,
          {
            cause: truncateError,
          },
        );
      }
      throw error;
    }
    let position = start;
    // The file has the bytes even if the index write below fails; keep the state in step with it.
    for (const frame of frames) {
      this.noteFrame(frame, position);
      position += frame.size;
    }
    this.size = position;
    this.nextOffset = frames.length > 0 ? frames[frames.length - 1]!.offset + 1 : this.nextOffset;
    this.firstAppendAt ??= Date.now();
    this.flushIndexEntries();
  }

  /** File position from which to read to find `offset` (the last index entry at or before it). */
  positionFor(offset: number): number {
    let lo = 0;
    let hi = this.indexOffsets.length - 1;
    let found = 0;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (this.indexOffsets[mid]! <= offset) {
        found = this.indexPositions[mid]!;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found;
  }

  /**
   * Reads records with offsets in [from, until) starting at the index position for `from`, up to
   * `maxRecords` and about `maxBytes` (at least one record is returned if there is one).
   */
  read(from: number, until: number, maxRecords: number, maxBytes: number): StoredRecord[] {
    this.assertOpen();
    const records: StoredRecord[] = [];
    if (from >= this.nextOffset || from >= until) return records;
    let position = this.positionFor(from);
    let bytes = 0;
    while (position < this.size && records.length < maxRecords) {
      const chunk = Math.min(this.size - position, Math.max(maxBytes - bytes, 64 * 1024));
      let buf = readFully(this.fd, chunk, position);
      let at = 0;
      let status = inspectFrame(buf, at);
      if (status === 'incomplete') {
        const announced = announcedFrameSize(buf, 0);
        if (announced === undefined || position + announced > this.size) break;
        buf = readFully(this.fd, announced, position);
        status = inspectFrame(buf, 0);
      }
      while (typeof status === 'object') {
        if (status.offset >= until) return records;
        if (status.offset >= from) {
          records.push(decodeFrame(buf, at, status));
          bytes += status.size;
          if (records.length >= maxRecords || bytes >= maxBytes) return records;
        }
        at += status.size;
        status = inspectFrame(buf, at);
      }
      if (status === 'corrupt') {
        throw new LogError('CORRUPT', `checksum mismatch in ${this.logPath} at byte ${position + at}`);
      }
      if (at === 0) break;
      position += at;
    }
    return records;
  }

  /**
   * Offset of the first record with timestamp ≥ `timestamp` below `until`, or undefined. Uses the
   * index's running maximum to skip ahead, then reads records.
   */
  offsetForTimestamp(timestamp: number, until: number): number | undefined {
    this.assertOpen();
    if (this.maxTimestamp < timestamp) return undefined;
    // First index entry whose running maximum reaches the timestamp: the answer is at or before it,
    // and after the previous entry.
    let lo = 0;
    let hi = this.indexMaxTimestamps.length - 1;
    let firstReaching = this.indexMaxTimestamps.length;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (this.indexMaxTimestamps[mid]! >= timestamp) {
        firstReaching = mid;
        hi = mid - 1;
      } else {
        lo = mid + 1;
      }
    }
    const start = firstReaching > 0 ? this.indexPositions[firstReaching - 1]! : 0;
    let result: number | undefined;
    this.scanFrames(start, this.size, (frame) => {
      if (frame.offset >= until) return false;
      if (frame.timestamp >= timestamp) {
        result = frame.offset;
        return false;
      }
      return true;
    });
    return result;
  }

  /** fdatasync of the records written so far. */
  sync(): Promise<void> {
    this.assertOpen();
    this.syncsInFlight++;
    return new Promise<void>((resolve, reject) => {
      fs.fdatasync(this.fd, (error) => {
        this.syncsInFlight--;
        this.closeIfIdle();
        if (error) reject(error);
        else resolve();
      });
    });
  }

  /** fdatasync, blocking (used while opening, before anything else runs). */
  syncSync(): void {
    this.assertOpen();
    fs.fdatasyncSync(this.fd);
  }

  /** Removes the files; the descriptors close once no sync uses them. */
  delete(): void {
    if (this.closing) return;
    fs.rmSync(this.logPath, { force: true });
    fs.rmSync(this.indexPath, { force: true });
    this.close();
  }

  close(): void {
    this.closing = true;
    this.closeIfIdle();
  }

  private closeIfIdle(): void {
    if (!this.closing || this.closed || this.syncsInFlight > 0) return;
    this.closed = true;
    fs.closeSync(this.fd);
    fs.closeSync(this.indexFd);
  }

  private assertOpen(): void {
    if (this.closing) throw new LogError('INTERNAL', `segment ${this.logPath} is closed`);
  }
}
