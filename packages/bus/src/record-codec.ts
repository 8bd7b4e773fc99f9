/**
 * Binary format of one record in an embedded segment file (big-endian):
 *
 *   u32 length      bytes after this field
 *   u32 crc32       of every byte after this field
 *   u8  magic       1
 *   u8  attributes  0
 *   u64 offset      absolute offset in the partition
 *   u64 timestamp   milliseconds since the epoch
 *   u32 key length,   key bytes (UTF-8)
 *   u32 value length, value bytes
 *   u16 header count, then per header: u16 name length, name (UTF-8), u32 value length, value (UTF-8)
 *
 * The checksum covers the offset too, so a record copied to the wrong place is caught as well.
 */
import { crc32 } from 'node:zlib';

export const FRAME_PREFIX_BYTES = 8;
const MAGIC = 1;
/** Bytes after the crc before the key: magic, attributes, offset, timestamp, key length. */
const FIXED_BODY_BYTES = 1 + 1 + 8 + 8 + 4;
const MIN_LENGTH = 4 + FIXED_BODY_BYTES + 4 + 2;
/** No record is larger than this; a length above it is garbage. */
export const MAX_FRAME_BYTES = 256 * 1024 * 1024;
const TWO_32 = 2 ** 32;

export interface EncodableRecord {
  readonly key: string;
  readonly value: Buffer | string;
  readonly headers?: Readonly<Record<string, string>> | undefined;
  readonly timestamp: number;
}

export interface StoredRecord {
  readonly offset: number;
  readonly timestamp: number;
  readonly key: string;
  readonly value: Buffer;
  readonly headers: Record<string, string>;
}

/** Where a record sits and what it says, without decoding key, value and headers. */
export interface RecordFrame {
  readonly offset: number;
  readonly timestamp: number;
  /** Whole frame, prefix included. */
  readonly size: number;
}

export type FrameStatus = RecordFrame | 'incomplete' | 'corrupt';

function writeU64(buf: Buffer, value: number, at: number): void {
  buf.writeUInt32BE(Math.floor(value / TWO_32), at);
  buf.writeUInt32BE(value >>> 0, at + 4);
}

function readU64(buf: Buffer, at: number): number {
  return buf.readUInt32BE(at) * TWO_32 + buf.readUInt32BE(at + 4);
}

/** Size in bytes of a record once encoded. */
export function encodedSize(record: EncodableRecord): number {
  let size = FRAME_PREFIX_BYTES + FIXED_BODY_BYTES + Buffer.byteLength(record.key, 'utf8') + 4 + 2;
  size += typeof record.value === 'string' ? Buffer.byteLength(record.value, 'utf8') : record.value.length;
  if (record.headers) {
    for (const [name, value] of Object.entries(record.headers)) {
      size += 2 + Buffer.byteLength(name, 'utf8') + 4 + Buffer.byteLength(value, 'utf8');
    }
  }
  return size;
}

/**
 * Encodes records with consecutive offsets from `baseOffset` into one buffer. `sizes[i]` must be
 * `encodedSize(records[i])`.
 */
export function encodeRecords(
  records: readonly EncodableRecord[],
  sizes: readonly number[],
  baseOffset: number,
): Buffer {
  let total = 0;
  for (const size of sizes) total += size;
  const buf = Buffer.allocUnsafe(total);
  let at = 0;
  for (let i = 0; i < records.length; i++) {
    const record = records[i]!;
    const start = at;
    const size = sizes[i]!;
    buf.writeUInt32BE(size - 4, at);
    at += 8; // length, then the crc written last
    buf.writeUInt8(MAGIC, at);
    buf.writeUInt8(0, at + 1);
    writeU64(buf, baseOffset + i, at + 2);
    writeU64(buf, record.timestamp, at + 10);
    at += 18;
    const keyLength = buf.write(record.key, at + 4, 'utf8');
    buf.writeUInt32BE(keyLength, at);
    at += 4 + keyLength;
    if (typeof record.value === 'string') {
      const valueLength = buf.write(record.value, at + 4, 'utf8');
      buf.writeUInt32BE(valueLength, at);
      at += 4 + valueLength;
    } else {
      buf.writeUInt32BE(record.value.length, at);
      record.value.copy(buf, at + 4);
      at += 4 + record.value.length;
    }
    const headers = record.headers ? Object.entries(record.headers) : [];
    buf.writeUInt16BE(headers.length, at);
    at += 2;
    for (const [name, value] of headers) {
      const nameLength = buf.write(name, at + 2, 'utf8');
      buf.writeUInt16BE(nameLength, at);
      at += 2 + nameLength;
      const valueLength = buf.write(value, at + 4, 'utf8');
      buf.writeUInt32BE(valueLength, at);
      at += 4 + valueLength;
    }
    if (at - start !== size) throw new Error(`record size mismatch: ${at - start} written, ${size} computed`);
    buf.writeUInt32BE(crc32(buf.subarray(start + 8, at)), start + 4);
  }
  return buf;
}

/**
 * Reads the frame at `at`: `incomplete` when `buf` ends before the frame does (a torn tail if this is
 * the end of the file), `corrupt` when the length is absurd or the checksum does not match.
 */
export function inspectFrame(buf: Buffer, at: number): FrameStatus {
  if (buf.length - at < FRAME_PREFIX_BYTES) return 'incomplete';
  const length = buf.readUInt32BE(at);
  if (length < MIN_LENGTH || length + 4 > MAX_FRAME_BYTES) return 'corrupt';
  const end = at + 4 + length;
  if (end > buf.length) return 'incomplete';
  if (crc32(buf.subarray(at + 8, end)) !== buf.readUInt32BE(at + 4)) return 'corrupt';
  if (buf.readUInt8(at + 8) !== MAGIC) return 'corrupt';
  return { offset: readU64(buf, at + 10), timestamp: readU64(buf, at + 18), size: length + 4 };
}

/** Frame length announced at `at` (prefix included), or undefined when fewer than 4 bytes are there. */
export function announcedFrameSize(buf: Buffer, at: number): number | undefined {
  return buf.length - at >= 4 ? buf.readUInt32BE(at) + 4 : undefined;
}

/** Decodes a frame already checked by `inspectFrame`. Key and header strings are copied; the value is a view. */
export function decodeFrame(buf: Buffer, at: number, frame: RecordFrame): StoredRecord {
  let p = at + FRAME_PREFIX_BYTES + 18;
  const keyLength = buf.readUInt32BE(p);
  const key = buf.toString('utf8', p + 4, p + 4 + keyLength);
  p += 4 + keyLength;
  const valueLength = buf.readUInt32BE(p);
  const value = buf.subarray(p + 4, p + 4 + valueLength);
  p += 4 + valueLength;
  const headerCount = buf.readUInt16BE(p);
  p += 2;
  const headers: Record<string, string> = {};
  for (let i = 0; i < headerCount; i++) {
    const nameLength = buf.readUInt16BE(p);
    const name = buf.toString('utf8', p + 2, p + 2 + nameLength);
    p += 2 + nameLength;
    const length = buf.readUInt32BE(p);
    headers[name] = buf.toString('utf8', p + 4, p + 4 + length);
    p += 4 + length;
  }
  return { offset: frame.offset, timestamp: frame.timestamp, key, value, headers };
}
