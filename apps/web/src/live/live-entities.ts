// Live entities inside the viewport, as named operations `(state, payload) => state`.
//
// The socket sends a snapshot (the whole picture at `seq`) and then deltas (changes after the previous seq).
// The state is kept in the shape deck.gl draws: per layer (assets, sensors) a set of columns — positions,
// packed colours, angles, icon kinds — plus the entity objects and ids at the same index, and one Map from
// entity id to its slot. A delta costs one Map lookup and a few column writes per changed entity, whatever the
// total count; a frame then copies the columns (a memcpy) instead of rebuilding them.
//
// Ownership: the operations write into the columns and Map of the state they receive and hand them on to the
// state they return. The store owns them; a state is never read again once an operation has consumed it.
// Copying 100 000 entries per tick would cost more than the frame budget. Consumers detect changes by
// `version`, never by identity.
import type { TLiveEntityV1 } from '@vigie/contracts/live-entities';
import { ASSET_KINDS, angleFromHeading, assetColorPacked, sensorColorPacked } from '../map/entity-style';
import type { AssetKind } from '../map/entity-style';

export interface LiveSnapshot {
  readonly seq: number;
  readonly entities: readonly TLiveEntityV1[];
}

export interface LiveDelta {
  readonly seq: number;
  readonly upserts: readonly TLiveEntityV1[];
  readonly removes: readonly string[];
}

/** The groups an entity can be in: drawn as an asset icon, drawn as a sensor dot, or not drawn (no position). */
export const ASSETS = 0;
export const SENSORS = 1;
export const UNPLACED = 2;
type Group = typeof ASSETS | typeof SENSORS | typeof UNPLACED;

/** Columns of one group; index i of every column is the same entity. Only `length` slots are in use. */
export interface Columns {
  length: number;
  ids: string[];
  objects: TLiveEntityV1[];
  /** lon, lat per slot. */
  positions: Float32Array;
  /** r, g, b, a per slot (written through `colors32`). */
  colors: Uint8Array;
  colors32: Uint32Array;
  /** deck.gl angle (counter-clockwise degrees) per slot. */
  angles: Float32Array;
  /** Index into `ASSET_KINDS` per slot. */
  kinds: Uint8Array;
}

export interface LiveEntitiesState {
  /** Entity id → slot * 4 + group. */
  readonly index: ReadonlyMap<string, number>;
  readonly groups: readonly [assets: Columns, sensors: Columns, unplaced: Columns];
  /** Sequence number of the last snapshot or delta applied; null before the first snapshot. */
  readonly seq: number | null;
  /** Increases with every applied change; what the renderer compares. */
  readonly version: number;
  /** Increases when an entity takes or leaves a slot (enters, leaves, changes group): the id columns changed. */
  readonly layout: number;
  /** Deltas dropped because they were stale (seq not after the last one) or arrived before any snapshot. */
  readonly ignored: number;
}

function emptyColumns(capacity: number): Columns {
  const colors = new Uint8Array(capacity * 4);
  return {
    length: 0,
    ids: [],
    objects: [],
    positions: new Float32Array(capacity * 2),
    colors,
    colors32: new Uint32Array(colors.buffer),
    angles: new Float32Array(capacity),
    kinds: new Uint8Array(capacity),
  };
}

function emptyGroups(capacity: number): LiveEntitiesState['groups'] {
  return [emptyColumns(capacity), emptyColumns(capacity), emptyColumns(0)];
}

export const initialLiveEntitiesState: LiveEntitiesState = {
  index: new Map(),
  groups: emptyGroups(0),
  seq: null,
  version: 0,
  layout: 0,
  ignored: 0,
};

const KIND_INDEX: Readonly<Record<string, number>> = Object.fromEntries(
  ASSET_KINDS.map((kind, i) => [kind, i]),
);

function groupOf(entity: TLiveEntityV1): Group {
  if (entity.position === undefined) return UNPLACED;
  return entity.entityKind === 'sensor' ? SENSORS : ASSETS;
}

function ensureCapacity(columns: Columns, needed: number): void {
  const capacity = columns.kinds.length;
  if (needed <= capacity) return;
  const next = Math.max(needed, capacity * 2, 64);
  const positions = new Float32Array(next * 2);
  positions.set(columns.positions);
  const colors = new Uint8Array(next * 4);
  colors.set(columns.colors);
  const angles = new Float32Array(next);
  angles.set(columns.angles);
  const kinds = new Uint8Array(next);
  kinds.set(columns.kinds);
  columns.positions = positions;
  columns.colors = colors;
  columns.colors32 = new Uint32Array(colors.buffer);
  columns.angles = angles;
  columns.kinds = kinds;
}

function writeSlot(columns: Columns, group: Group, slot: number, entity: TLiveEntityV1): void {
  columns.ids[slot] = entity.entityId;
  columns.objects[slot] = entity;
  if (group === UNPLACED) return;
  const position = entity.position!;
  columns.positions[slot * 2] = position.lon;
  columns.positions[slot * 2 + 1] = position.lat;
  if (group === ASSETS) {
    columns.colors32[slot] = assetColorPacked(entity);
    columns.angles[slot] = angleFromHeading(entity.heading);
    columns.kinds[slot] = KIND_INDEX[entity.entityKind] ?? 0;
  } else {
    columns.colors32[slot] = sensorColorPacked(entity);
  }
}

function appendSlot(index: Map<string, number>, columns: Columns, group: Group, entity: TLiveEntityV1): void {
  const slot = columns.length;
  if (group !== UNPLACED) ensureCapacity(columns, slot + 1);
  writeSlot(columns, group, slot, entity);
  columns.length = slot + 1;
  index.set(entity.entityId, slot * 4 + group);
}

/** Frees `slot` by moving the last slot into it. The caller removes or rewrites the freed id's index entry. */
function removeSlot(index: Map<string, number>, columns: Columns, group: Group, slot: number): void {
  const last = columns.length - 1;
  if (slot !== last) {
    const moved = columns.objects[last]!;
    columns.ids[slot] = columns.ids[last]!;
    columns.objects[slot] = moved;
    if (group !== UNPLACED) {
      columns.positions[slot * 2] = columns.positions[last * 2]!;
      columns.positions[slot * 2 + 1] = columns.positions[last * 2 + 1]!;
      columns.colors32[slot] = columns.colors32[last]!;
      columns.angles[slot] = columns.angles[last]!;
      columns.kinds[slot] = columns.kinds[last]!;
    }
    index.set(moved.entityId, slot * 4 + group);
  }
  columns.ids.pop();
  columns.objects.pop();
  columns.length = last;
}

/** Writes the entity into its slot; true when the slot layout changed (a new entity, or a change of group). */
function upsert(
  index: Map<string, number>,
  groups: LiveEntitiesState['groups'],
  entity: TLiveEntityV1,
): boolean {
  const group = groupOf(entity);
  const code = index.get(entity.entityId);
  if (code !== undefined) {
    const oldGroup = (code & 3) as Group;
    const slot = code >> 2;
    if (oldGroup === group) {
      writeSlot(groups[group], group, slot, entity);
      return false;
    }
    removeSlot(index, groups[oldGroup], oldGroup, slot);
  }
  appendSlot(index, groups[group], group, entity);
  return true;
}

/** Drops the entity; true when it was there. */
function remove(index: Map<string, number>, groups: LiveEntitiesState['groups'], id: string): boolean {
  const code = index.get(id);
  if (code === undefined) return false;
  const group = (code & 3) as Group;
  removeSlot(index, groups[group], group, code >> 2);
  index.delete(id);
  return true;
}

/** Replaces everything with the snapshot's picture. A snapshot is authoritative whatever its seq (a gateway
 * that restarted starts counting again). */
export function applySnapshot(state: LiveEntitiesState, snapshot: LiveSnapshot): LiveEntitiesState {
  const index = new Map<string, number>();
  const groups = emptyGroups(Math.max(64, snapshot.entities.length));
  for (const entity of snapshot.entities) upsert(index, groups, entity);
  return {
    index,
    groups,
    seq: snapshot.seq,
    version: state.version + 1,
    layout: state.layout + 1,
    ignored: state.ignored,
  };
}

/** Applies a delta after the last seq: upserts replace whole entities, then removes drop ids. A delta whose
 * seq is not after the last one (duplicate, out of order) or that comes before any snapshot is ignored. */
export function applyDelta(state: LiveEntitiesState, delta: LiveDelta): LiveEntitiesState {
  if (state.seq === null || delta.seq <= state.seq) return { ...state, ignored: state.ignored + 1 };
  const index = state.index as Map<string, number>;
  const groups = state.groups;
  let moved = false;
  const upserts = delta.upserts;
  for (let i = 0; i < upserts.length; i++) if (upsert(index, groups, upserts[i]!)) moved = true;
  const removes = delta.removes;
  for (let i = 0; i < removes.length; i++) if (remove(index, groups, removes[i]!)) moved = true;
  return {
    index,
    groups,
    seq: delta.seq,
    version: state.version + 1,
    layout: moved ? state.layout + 1 : state.layout,
    ignored: state.ignored,
  };
}

/** Forgets everything (logout, all live layers switched off). */
export function clearLiveEntities(state: LiveEntitiesState): LiveEntitiesState {
  return {
    index: new Map(),
    groups: emptyGroups(0),
    seq: null,
    version: state.version + 1,
    layout: state.layout + 1,
    ignored: state.ignored,
  };
}

/** What to ask the gateway after a reconnect: the changes after our last seq, or nothing before a snapshot. */
export function resyncRequest(state: LiveEntitiesState): { v: 1; fromSeq: number } | null {
  return state.seq === null ? null : { v: 1, fromSeq: state.seq };
}

// ---------------------------------------------------------------------------------------------------------
// Reading the state
// ---------------------------------------------------------------------------------------------------------

export function entityCount(state: LiveEntitiesState): number {
  return state.index.size;
}

export function getEntity(state: LiveEntitiesState, id: string): TLiveEntityV1 | undefined {
  const code = state.index.get(id);
  if (code === undefined) return undefined;
  return state.groups[(code & 3) as Group].objects[code >> 2];
}

/** Entity ids in no particular order. */
export function entityIds(state: LiveEntitiesState): IterableIterator<string> {
  return state.index.keys();
}

/** The columns one point layer draws: copies, so later updates never change a frame. */
export interface PointColumnsFrame {
  readonly length: number;
  readonly positions: Float32Array;
  readonly colors: Uint8Array;
}

export interface AssetColumnsFrame extends PointColumnsFrame {
  readonly angles: Float32Array;
  readonly kinds: Uint8Array;
}

/** Columns plus the entity id at each index. */
export interface PointLayerFrame extends PointColumnsFrame {
  readonly ids: readonly string[];
}

export interface AssetLayerFrame extends AssetColumnsFrame {
  readonly ids: readonly string[];
}

export interface LiveLayerFrame {
  readonly version: number;
  /** The `layout` the id columns belong to: frames of the same layout have the same ids at the same index. */
  readonly layout: number;
  readonly assets: AssetLayerFrame;
  readonly sensors: PointLayerFrame;
}

/** Copies the drawable columns for one frame: new arrays every time, as deck.gl compares by identity. */
export function liveLayerFrame(state: LiveEntitiesState): LiveLayerFrame {
  const [assets, sensors] = state.groups;
  const a = assets.length;
  const s = sensors.length;
  return {
    version: state.version,
    layout: state.layout,
    assets: {
      length: a,
      ids: assets.ids.slice(0, a),
      positions: assets.positions.slice(0, a * 2),
      colors: assets.colors.slice(0, a * 4),
      angles: assets.angles.slice(0, a),
      kinds: assets.kinds.slice(0, a),
    },
    sensors: {
      length: s,
      ids: sensors.ids.slice(0, s),
      positions: sensors.positions.slice(0, s * 2),
      colors: sensors.colors.slice(0, s * 4),
    },
  };
}

export type { AssetKind };
