// Checks what the socket delivers before it reaches the store. The gateway validated every entity against
// ZLiveEntityV1 before sending it; a full zod parse of 100 000 entities per tick would cost tens of
// milliseconds of main thread, so the browser checks the envelope of the message (version, seq, arrays)
// and, per entity, only what the map relies on: an id, a known kind, a connectivity, a finite position.
// Entities failing that are dropped and counted, never rendered.
import { ZEntityKind } from '@vigie/contracts/live-entities';
import type { TLiveEntityV1 } from '@vigie/contracts/live-entities';
import type { LiveDelta, LiveSnapshot } from './live-entities';

export interface Decoded<T> {
  readonly message: T;
  /** Entities or ids dropped because they were malformed. */
  readonly dropped: number;
}

const KINDS = new Set<string>(ZEntityKind.options);
const CONNECTIVITY = new Set(['online', 'stale', 'offline']);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** True when `value` has what the map needs from a live entity. */
export function isUsableEntity(value: unknown): value is TLiveEntityV1 {
  if (!isRecord(value)) return false;
  const id = value.entityId;
  if (typeof id !== 'string' || id.length === 0) return false;
  if (typeof value.entityKind !== 'string' || !KINDS.has(value.entityKind)) return false;
  if (typeof value.connectivity !== 'string' || !CONNECTIVITY.has(value.connectivity)) return false;
  const position = value.position;
  if (position !== undefined) {
    if (!isRecord(position)) return false;
    const { lon, lat } = position;
    if (typeof lon !== 'number' || typeof lat !== 'number') return false;
    if (!(lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90)) return false;
  }
  return true;
}

function isSeq(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

function usableEntities(values: readonly unknown[]): { entities: TLiveEntityV1[]; dropped: number } {
  let allUsable = true;
  for (let i = 0; i < values.length; i++) {
    if (!isUsableEntity(values[i])) {
      allUsable = false;
      break;
    }
  }
  if (allUsable) return { entities: values as TLiveEntityV1[], dropped: 0 };
  const entities = values.filter(isUsableEntity);
  return { entities, dropped: values.length - entities.length };
}

/** A `snapshot` event payload (v1), or null when its envelope is not one. */
export function decodeSnapshot(data: unknown): Decoded<LiveSnapshot> | null {
  if (!isRecord(data) || data.v !== 1 || !isSeq(data.seq) || !Array.isArray(data.entities)) return null;
  const { entities, dropped } = usableEntities(data.entities);
  return { message: { seq: data.seq, entities }, dropped };
}

/** A `delta` event payload (v1), or null when its envelope is not one. */
export function decodeDelta(data: unknown): Decoded<LiveDelta> | null {
  if (!isRecord(data) || data.v !== 1 || !isSeq(data.seq)) return null;
  if (!Array.isArray(data.upserts) || !Array.isArray(data.removes)) return null;
  const { entities, dropped } = usableEntities(data.upserts);
  const removes = data.removes.filter((id): id is string => typeof id === 'string');
  return {
    message: { seq: data.seq, upserts: entities, removes },
    dropped: dropped + (data.removes.length - removes.length),
  };
}
