/**
 * Committed offsets of every consumer group of an embedded log, in one append-only file
 * (`consumer-offsets.log`, like Kafka's `__consumer_offsets`). Each commit appends a frame
 * `u32 length, u32 crc32, JSON {g: group, c: [[topic, partition, offset], ...]}`; the latest value per
 * (group, topic, partition) wins. On open, a torn or corrupt tail is cut. When the file grows past
 * `compactAtBytes`, it is rewritten as one frame per group (temp file, fsync, rename).
 */
import fs from 'node:fs';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import { syncDirectorySync } from './durable-file';
import { fsError } from './fs-error';
import type { Logger } from './logger';
import type { Syncable } from './sync-scheduler';

const FILE_NAME = 'consumer-offsets.log';
const PREFIX_BYTES = 8;

export interface OffsetCommit {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
}

type GroupOffsets = Map<string, Map<number, number>>;

function frame(payload: unknown): Buffer {
  const body = Buffer.from(JSON.stringify(payload), 'utf8');
  const buf = Buffer.allocUnsafe(PREFIX_BYTES + body.length);
  buf.writeUInt32BE(body.length + 4, 0);
  buf.writeUInt32BE(crc32(body), 4);
  body.copy(buf, PREFIX_BYTES);
  return buf;
}

function isCommitPayload(value: unknown): value is { g: string; c: [string, number, number][] } {
  if (typeof value !== 'object' || value === null) return false;
  const { g, c } = value as { g?: unknown; c?: unknown };
  return (
    typeof g === 'string' &&
    Array.isArray(c) &&
    c.every(
      (entry) =>
        Array.isArray(entry) &&
        entry.length === 3 &&
        typeof entry[0] === 'string' &&
        Number.isSafeInteger(entry[1]) &&
        Number.isSafeInteger(entry[2]),
    )
  );
}

export class OffsetStore implements Syncable {
  private readonly file: string;
  private readonly directory: string;
  private readonly compactAtBytes: number;
  private readonly groups = new Map<string, GroupOffsets>();
  private fd: number;
  private size: number;
  private syncsInFlight = 0;
  /** Descriptors replaced by a compaction, closed once no sync uses them. */
  private retired: number[] = [];

  private constructor(directory: string, fd: number, size: number, compactAtBytes: number) {
    this.directory = directory;
    this.file = path.join(directory, FILE_NAME);
    this.fd = fd;
    this.size = size;
    this.compactAtBytes = compactAtBytes;
  }

  static open(directory: string, options: { compactAtBytes: number; logger: Logger }): OffsetStore {
    const file = path.join(directory, FILE_NAME);
    const fd = fs.openSync(file, fs.constants.O_RDWR | fs.constants.O_CREAT, 0o644);
    const data = fs.readFileSync(fd);
    const store = new OffsetStore(directory, fd, 0, options.compactAtBytes);
    let at = 0;
    while (at + PREFIX_BYTES <= data.length) {
      const length = data.readUInt32BE(at);
      const end = at + 4 + length;
      if (length < 4 || end > data.length) break;
      const body = data.subarray(at + PREFIX_BYTES, end);
      if (crc32(body) !== data.readUInt32BE(at + 4)) break;
      let payload: unknown;
      try {
        payload = JSON.parse(body.toString('utf8'));
      } catch {
        break; // a valid checksum over invalid JSON: treat as the end of good data
      }
      if (!isCommitPayload(payload)) break;
      store.apply(
        payload.g,
        payload.c.map(([topic, partition, offset]) => ({ topic, partition, offset })),
      );
      at = end;
    }
    if (at < data.length) {
      options.logger.warn(
        { file, truncatedBytes: data.length - at },
        'cut a torn or corrupt tail off the committed offsets',
      );
      fs.ftruncateSync(fd, at);
      fs.fsyncSync(fd);
    }
    store.size = at;
    return store;
  }

  get(groupId: string, topic: string, partition: number): number | undefined {
    return this.groups.get(groupId)?.get(topic)?.get(partition);
  }

  /**
   * Records a commit (visible at once, written synchronously); durable once a `sync()` that starts after
   * this call resolves.
   */
  commit(groupId: string, commits: readonly OffsetCommit[]): void {
    if (commits.length === 0) return;
    this.apply(groupId, commits);
    try {
      if (this.size >= this.compactAtBytes) {
        this.compact();
        return;
      }
      const buf = frame({ g: groupId, c: commits.map((c) => [c.topic, c.partition, c.offset]) });
      let written = 0;
      while (written < buf.length)
        written += fs.writeSync(this.fd, buf, written, buf.length - written, this.size + written);
      this.size += buf.length;
    } catch (error) {
      throw fsError(error, 'write committed offsets');
    }
  }

  private apply(groupId: string, commits: readonly OffsetCommit[]): void {
    let group = this.groups.get(groupId);
    if (!group) {
      group = new Map();
      this.groups.set(groupId, group);
    }
    for (const { topic, partition, offset } of commits) {
      let partitions = group.get(topic);
      if (!partitions) {
        partitions = new Map();
        group.set(topic, partitions);
      }
      partitions.set(partition, offset);
    }
  }

  /** Rewrites the file with the current offsets only; durable when it returns. */
  private compact(): void {
    const frames: Buffer[] = [];
    for (const [groupId, topics] of this.groups) {
      const c: [string, number, number][] = [];
      for (const [topic, partitions] of topics)
        for (const [partition, offset] of partitions) c.push([topic, partition, offset]);
      frames.push(frame({ g: groupId, c }));
    }
    const data = Buffer.concat(frames);
    const temp = `${this.file}.compact`;
    const fd = fs.openSync(temp, 'w+', 0o644);
    try {
      fs.writeFileSync(fd, data);
      fs.fsyncSync(fd);
      fs.renameSync(temp, this.file);
      syncDirectorySync(this.directory);
    } catch (error) {
      fs.closeSync(fd);
      throw error;
    }
    this.retire(this.fd);
    this.fd = fd;
    this.size = data.length;
  }

  private retire(fd: number): void {
    if (this.syncsInFlight === 0) fs.closeSync(fd);
    else this.retired.push(fd);
  }

  sync(): Promise<void> {
    const fd = this.fd;
    this.syncsInFlight++;
    return new Promise<void>((resolve, reject) => {
      fs.fdatasync(fd, (error) => {
        this.syncsInFlight--;
        if (this.syncsInFlight === 0) {
          for (const old of this.retired) fs.closeSync(old);
          this.retired = [];
        }
        if (error) reject(fsError(error, 'fsync committed offsets'));
        else resolve();
      });
    });
  }

  close(): void {
    for (const old of this.retired) fs.closeSync(old);
    this.retired = [];
    fs.closeSync(this.fd);
  }
}
