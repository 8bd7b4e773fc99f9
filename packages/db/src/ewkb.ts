/**
 * Decoder from PostGIS (E)WKB to GeoJSON.
 *
 * Both drivers hand a `geometry` column over in PostgreSQL's text output format, which for PostGIS is
 * hex-encoded EWKB (`0101000020E6100000…`): node-postgres has no parser for the extension's dynamic
 * type oid and PGlite falls back to text likewise. Decoding that in JavaScript means a plain
 * `SELECT position FROM assets` works unchanged on both backends, without wrapping every geometry
 * column in `ST_AsGeoJSON(...)` and without a JSON parse per row.
 *
 * Supported: Point, LineString, Polygon, MultiPoint, MultiLineString, MultiPolygon,
 * GeometryCollection; either byte order; EWKB flags (Z, M, SRID) and ISO WKB type codes (1001…,
 * 2001…, 3001…). Z is kept as the third coordinate, M is dropped (GeoJSON has no place for it).
 */
import type { GeoGeometry, GeoPosition } from './geo-types';

const EWKB_Z = 0x80000000;
const EWKB_M = 0x40000000;
const EWKB_SRID = 0x20000000;

class Reader {
  private offset = 0;
  private littleEndian = true;
  private readonly view: DataView;

  constructor(bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  get done(): boolean {
    return this.offset >= this.view.byteLength;
  }

  byteOrder(): void {
    const order = this.view.getUint8(this.offset);
    if (order !== 0 && order !== 1) throw new Error(`EWKB: invalid byte order marker ${order}`);
    this.littleEndian = order === 1;
    this.offset += 1;
  }

  uint32(): number {
    const value = this.view.getUint32(this.offset, this.littleEndian);
    this.offset += 4;
    return value;
  }

  float64(): number {
    const value = this.view.getFloat64(this.offset, this.littleEndian);
    this.offset += 8;
    return value;
  }
}

interface Header {
  type: number;
  hasZ: boolean;
  hasM: boolean;
}

function readHeader(reader: Reader): Header {
  reader.byteOrder();
  const raw = reader.uint32();
  let hasZ = (raw & EWKB_Z) !== 0;
  let hasM = (raw & EWKB_M) !== 0;
  if ((raw & EWKB_SRID) !== 0) reader.uint32(); // SRID: columns are declared 4326, nothing to keep
  let type = raw & 0x0fffffff;
  if (type >= 1000) {
    // ISO WKB: 1000s = Z, 2000s = M, 3000s = ZM
    const dims = Math.floor(type / 1000);
    type %= 1000;
    hasZ ||= dims === 1 || dims === 3;
    hasM ||= dims === 2 || dims === 3;
  }
  return { type, hasZ, hasM };
}

function readPosition(reader: Reader, { hasZ, hasM }: Header): GeoPosition {
  const x = reader.float64();
  const y = reader.float64();
  const z = hasZ ? reader.float64() : undefined;
  if (hasM) reader.float64();
  return z === undefined ? [x, y] : [x, y, z];
}

function readPositions(reader: Reader, header: Header): GeoPosition[] {
  const count = reader.uint32();
  const positions: GeoPosition[] = new Array<GeoPosition>(count);
  for (let i = 0; i < count; i++) positions[i] = readPosition(reader, header);
  return positions;
}

function readRings(reader: Reader, header: Header): GeoPosition[][] {
  const count = reader.uint32();
  const rings: GeoPosition[][] = new Array<GeoPosition[]>(count);
  for (let i = 0; i < count; i++) rings[i] = readPositions(reader, header);
  return rings;
}

function readParts<T>(reader: Reader, expected: number, read: (header: Header) => T): T[] {
  const count = reader.uint32();
  const parts: T[] = new Array<T>(count);
  for (let i = 0; i < count; i++) {
    const header = readHeader(reader);
    if (header.type !== expected)
      throw new Error(`EWKB: expected part of type ${expected}, got ${header.type}`);
    parts[i] = read(header);
  }
  return parts;
}

function readGeometry(reader: Reader): GeoGeometry {
  const header = readHeader(reader);
  switch (header.type) {
    case 1: {
      const position = readPosition(reader, header);
      // PostGIS writes POINT EMPTY as NaN coordinates; GeoJSON writes it as an empty array.
      if (Number.isNaN(position[0]) && Number.isNaN(position[1])) {
        return { type: 'Point', coordinates: [] as unknown as GeoPosition };
      }
      return { type: 'Point', coordinates: position };
    }
    case 2:
      return { type: 'LineString', coordinates: readPositions(reader, header) };
    case 3:
      return { type: 'Polygon', coordinates: readRings(reader, header) };
    case 4:
      return { type: 'MultiPoint', coordinates: readParts(reader, 1, (h) => readPosition(reader, h)) };
    case 5:
      return { type: 'MultiLineString', coordinates: readParts(reader, 2, (h) => readPositions(reader, h)) };
    case 6:
      return { type: 'MultiPolygon', coordinates: readParts(reader, 3, (h) => readRings(reader, h)) };
    case 7: {
      const count = reader.uint32();
      const geometries: GeoGeometry[] = [];
      for (let i = 0; i < count; i++) geometries.push(readGeometry(reader));
      return { type: 'GeometryCollection', geometries };
    }
    default:
      throw new Error(`EWKB: unsupported geometry type ${header.type}`);
  }
}

function hexToBytes(hex: string): Uint8Array {
  if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) throw new Error('EWKB: not a hex string');
  return Buffer.from(hex, 'hex');
}

/** Decodes hex-encoded (E)WKB text, or raw (E)WKB bytes, into a GeoJSON geometry. */
export function decodeEwkb(value: string | Uint8Array): GeoGeometry {
  const bytes = typeof value === 'string' ? hexToBytes(value) : value;
  const reader = new Reader(bytes);
  const geometry = readGeometry(reader);
  if (!reader.done) throw new Error('EWKB: trailing bytes after geometry');
  return geometry;
}
