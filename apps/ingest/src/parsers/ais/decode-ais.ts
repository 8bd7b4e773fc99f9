/**
 * Decoder for AIS position reports carried in `!AIVDM` / `!AIVDO` sentences: types 1, 2, 3 (class A),
 * 18 (class B), 19 (extended class B) and 27 (long range). Multi-part sentences are reassembled by
 * sequential message id + channel, even interleaved with other lines. Other message types are ignored.
 * AIS carries no date: the fix time is the receive time, adjusted to the UTC second field when present.
 */
import { KNOT_TO_MPS, parseSentence } from '../nmea/nmea-sentence';
import type { DecodeOutput, PositionFix } from '../nmea/nmea-sentence';
import { dearmor } from './sixbit';
import type { BitField } from './sixbit';

export interface AisDecoder {
  /** Decodes one line received at `receivedAt`. Never throws. */
  push(line: string, receivedAt: Date): DecodeOutput[];
  /** Rejects the multi-part groups still incomplete. */
  flush(): DecodeOutput[];
}

interface Group {
  count: number;
  parts: string[];
  lines: string[];
  fillBits: number;
}

const POSITION_TYPES = new Set([1, 2, 3, 18, 19, 27]);

/** Decoded fields of a position report, before it becomes a fix. */
export interface AisPosition {
  type: number;
  mmsi: number;
  /** Degrees, undefined when "not available". */
  lon?: number;
  lat?: number;
  /** Knots. */
  sog?: number;
  /** Degrees. */
  cog?: number;
  trueHeading?: number;
  /** UTC second of the report (0–59), when given. */
  second?: number;
  navStatus?: number;
}

/** Reads the fields of a position report (types 1, 2, 3, 18, 19, 27) from the de-armored bits. */
export function readAisPosition(bits: BitField): AisPosition | string {
  const type = bits.uint(0, 6);
  if (!POSITION_TYPES.has(type)) return `message type ${type} is not a position report`;
  const minBits = type === 27 ? 96 : type === 19 ? 312 : 168;
  // Some type 19 senders stop after the position block; the fields read here end at bit 139.
  if (bits.length < Math.min(minBits, 139)) return `type ${type} message too short (${bits.length} bits)`;
  const mmsi = bits.uint(8, 30);
  if (type === 27) {
    const lon = bits.int(44, 18);
    const lat = bits.int(62, 17);
    const sog = bits.uint(79, 6);
    const cog = bits.uint(85, 9);
    return {
      type,
      mmsi,
      navStatus: bits.uint(40, 4),
      ...(lon !== 181 * 600 ? { lon: lon / 600 } : {}),
      ...(lat !== 91 * 600 ? { lat: lat / 600 } : {}),
      ...(sog !== 63 ? { sog } : {}),
      ...(cog !== 511 ? { cog } : {}),
    };
  }
  // Class A (1–3) fields sit 4 bits later than class B (18/19) from SOG onwards.
  const a = type <= 3;
  const o = a ? 50 : 46;
  const sog = bits.uint(o, 10);
  const lon = bits.int(o + 11, 28);
  const lat = bits.int(o + 39, 27);
  const cog = bits.uint(o + 66, 12);
  const heading = bits.uint(o + 78, 9);
  const second = bits.uint(o + 87, 6);
  return {
    type,
    mmsi,
    ...(a ? { navStatus: bits.uint(38, 4) } : {}),
    ...(lon !== 181 * 600_000 ? { lon: lon / 600_000 } : {}),
    ...(lat !== 91 * 600_000 ? { lat: lat / 600_000 } : {}),
    ...(sog !== 1023 ? { sog: sog / 10 } : {}),
    ...(cog !== 3600 ? { cog: cog / 10 } : {}),
    ...(heading !== 511 ? { trueHeading: heading } : {}),
    ...(second < 60 ? { second } : {}),
  };
}

/** Receive time moved to the report's UTC second (the latest such instant not after the receive time). */
export function aisOccurredAt(receivedAt: Date, second: number | undefined): string {
  if (second === undefined) return receivedAt.toISOString();
  const t = new Date(receivedAt.getTime());
  t.setUTCSeconds(second, 0);
  if (t.getTime() > receivedAt.getTime()) t.setTime(t.getTime() - 60_000);
  return t.toISOString();
}

function toFix(p: AisPosition, receivedAt: Date): PositionFix | string {
  if (p.lon === undefined || p.lat === undefined)
    return 'no position (longitude 181 / latitude 91 = not available)';
  if (Math.abs(p.lon) > 180 || Math.abs(p.lat) > 90) return `position out of range (${p.lon}, ${p.lat})`;
  const heading = p.cog !== undefined && p.cog <= 360 ? p.cog : p.trueHeading;
  const speed = p.sog !== undefined ? p.sog * KNOT_TO_MPS : undefined;
  return {
    occurredAt: aisOccurredAt(receivedAt, p.second),
    payload: {
      assetId: `mmsi:${p.mmsi}`,
      assetKind: 'boat',
      position: { lon: p.lon, lat: p.lat },
      ...(speed !== undefined && speed <= 400 ? { speed } : {}),
      ...(heading !== undefined && heading <= 360 ? { heading } : {}),
      attributes: {
        aisType: p.type,
        ...(p.navStatus !== undefined ? { navStatus: p.navStatus } : {}),
        ...(p.trueHeading !== undefined ? { trueHeading: p.trueHeading } : {}),
      },
    },
  };
}

export function createAisDecoder(): AisDecoder {
  const groups = new Map<string, Group>();

  function reject(line: string, reason: string): DecodeOutput[] {
    return [{ kind: 'rejected', rejection: { line, reason } }];
  }

  function decodePayload(line: string, payload: string, fillBits: number, receivedAt: Date): DecodeOutput[] {
    const bits = dearmor(payload, fillBits);
    if (!bits) return reject(line, 'payload holds characters outside the AIS 6-bit alphabet');
    if (bits.length < 38) return reject(line, `payload too short (${bits.length} bits)`);
    const type = bits.uint(0, 6);
    if (!POSITION_TYPES.has(type)) return [];
    const position = readAisPosition(bits);
    if (typeof position === 'string') return reject(line, position);
    const fix = toFix(position, receivedAt);
    if (typeof fix === 'string') return reject(line, `MMSI ${position.mmsi}: ${fix}`);
    return [{ kind: 'fix', fix }];
  }

  function push(rawLine: string, receivedAt: Date): DecodeOutput[] {
    // NMEA 4 tag block `\s:...,c:...*hh\` before the sentence: drop it.
    const line = rawLine.trim().replace(/^\\[^\\]*\\/, '');
    if (line === '' || line.startsWith('#')) return [];
    const parsed = parseSentence(line);
    if (!parsed.ok) return reject(line, parsed.reason);
    const { address, fields } = parsed.sentence;
    if (address.slice(2) !== 'VDM' && address.slice(2) !== 'VDO') return [];
    const [countText = '', numText = '', seq = '', channel = '', payload = '', fillText = ''] = fields;
    const count = Number(countText);
    const num = Number(numText);
    const fillBits = Number(fillText);
    if (
      !Number.isInteger(count) ||
      count < 1 ||
      count > 9 ||
      !Number.isInteger(num) ||
      num < 1 ||
      num > count
    ) {
      return reject(line, `invalid fragment numbering "${countText},${numText}"`);
    }
    if (!Number.isInteger(fillBits) || fillBits < 0 || fillBits > 5 || fillText === '') {
      return reject(line, `invalid fill-bit count "${fillText}"`);
    }
    if (count === 1) return decodePayload(line, payload, fillBits, receivedAt);

    const key = `${address}|${seq}|${channel}`;
    const out: DecodeOutput[] = [];
    let group = groups.get(key);
    if (num === 1) {
      if (group) out.push(...incomplete(key, group, 'a new message started with the same sequence id'));
      group = { count, parts: [payload], lines: [line], fillBits };
      groups.set(key, group);
      return out;
    }
    if (!group || group.count !== count || group.parts.length !== num - 1) {
      if (group) out.push(...incomplete(key, group, `fragment ${num} of ${count} arrived out of order`));
      out.push(...reject(line, `fragment ${num} of ${count} without its earlier fragments (seq "${seq}")`));
      return out;
    }
    group.parts.push(payload);
    group.lines.push(line);
    group.fillBits = fillBits;
    if (num < count) return out;
    groups.delete(key);
    return decodePayload(group.lines.join('\n'), group.parts.join(''), group.fillBits, receivedAt);
  }

  function incomplete(key: string, group: Group, why: string): DecodeOutput[] {
    groups.delete(key);
    return reject(
      group.lines.join('\n'),
      `incomplete multi-part message: ${group.parts.length} of ${group.count} fragments (${why})`,
    );
  }

  return {
    push(line, receivedAt) {
      try {
        return push(line, receivedAt);
      } catch (error) {
        return reject(line, `decoder error: ${String(error)}`);
      }
    },
    flush() {
      const out: DecodeOutput[] = [];
      for (const [key, group] of [...groups]) out.push(...incomplete(key, group, 'end of input'));
      return out;
    },
  };
}

/** Decodes a whole text, every line stamped with the same receive time. */
export function decodeAisText(text: string, receivedAt: Date): DecodeOutput[] {
  const decoder = createAisDecoder();
  const out: DecodeOutput[] = [];
  for (const line of text.split(/\r\n|\r|\n/)) out.push(...decoder.push(line, receivedAt));
  out.push(...decoder.flush());
  return out;
}
