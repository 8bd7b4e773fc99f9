/**
 * The gateway's in-memory current state of live entities, and what changed recently.
 *
 * - Current state: one entry per entity id, with a uniform grid over lon/lat (cells of `cellDeg`
 *   degrees) so that a box query visits only the cells it overlaps.
 * - Change log: every accepted change gets the next global sequence number (`seq`) and is appended to
 *   the open segment; `closeSegment()` (once per tick) starts a new one. Each segment also files its
 *   changes by grid cell (old and new position), so "what changed in this box since seq N" visits only
 *   the relevant cells. Segments are dropped oldest first once more than `capacity` changes are kept:
 *   the log is a bounded ring, shared by every client; a client only remembers its own cursor.
 *
 * Sequence numbers start at a random base per process, so a `fromSeq` remembered from another gateway
 * process (a restart, another instance) is not mistaken for one of ours: it falls outside the retained
 * range and the client gets a snapshot.
 */
import { randomInt } from 'node:crypto';
import type { TLiveEntityV1 } from '@vigie/contracts/live-entities';
import type { EntityLayer, Interest } from './interest';
import { interestContains, layerOf, wantsLayer } from './interest';

export interface IndexedEntity {
  readonly entity: TLiveEntityV1;
  readonly layer: EntityLayer;
  /** NaN when the entity has no position (then it is in no cell and in no box). */
  readonly lon: number;
  readonly lat: number;
  /** Grid cell, or -1 without a position. */
  readonly cell: number;
  readonly updatedAtMs: number;
  /** When the source event was received by ingest (envelope `receivedAt`), NaN when unknown. */
  readonly receivedAtMs: number;
  /** Whether this state came from the log (true) or from the database snapshot (false). */
  readonly fromLog: boolean;
  readonly seq: number;
}

export interface EntityChange {
  readonly seq: number;
  readonly id: string;
  readonly layer: EntityLayer;
  /** Position before the change (NaN: none or new entity). */
  readonly prevLon: number;
  readonly prevLat: number;
  readonly lon: number;
  readonly lat: number;
}

interface Segment {
  readonly firstSeq: number;
  lastSeq: number;
  readonly changes: EntityChange[];
  readonly byCell: Map<number, EntityChange[]>;
}

export interface EntityUpdate {
  readonly entity: TLiveEntityV1;
  /** Envelope `receivedAt` in ms since the epoch (NaN when unknown). */
  readonly receivedAtMs?: number;
}

export interface DeltaCandidates {
  /** Ids that changed since the cursor and were or are inside the interest. */
  readonly ids: Set<string>;
  /** Matching changes superseded by a later change of the same entity (coalesced away). */
  readonly coalesced: number;
}

export interface EntityIndexOptions {
  /** Grid cell size in degrees (default 1). */
  cellDeg?: number;
  /** Changes kept for resync and lagging clients (default 200 000). */
  capacity?: number;
  /** First sequence number (default: random per process). */
  seqBase?: number;
}

/** Random bases below 2^52 leave 2^52 changes of headroom before `Number.MAX_SAFE_INTEGER`. */
function randomSeqBase(): number {
  return randomInt(1, 2 ** 47) * 32 + randomInt(0, 32);
}

export class EntityIndex {
  private readonly entries = new Map<string, IndexedEntity>();
  private readonly grid = new Map<number, Set<string>>();
  private readonly cellDeg: number;
  private readonly columns: number;
  private readonly rows: number;
  private readonly capacity: number;
  private readonly segments: Segment[] = [];
  private retained = 0;
  private current: number;

  constructor(options: EntityIndexOptions = {}) {
    this.cellDeg = options.cellDeg ?? 1;
    this.columns = Math.ceil(360 / this.cellDeg);
    this.rows = Math.ceil(180 / this.cellDeg);
    this.capacity = options.capacity ?? 200_000;
    this.current = options.seqBase ?? randomSeqBase();
    this.segments.push(this.newSegment());
  }

  /** Sequence number of the latest change. */
  get seq(): number {
    return this.current;
  }

  /** Oldest `fromSeq` a delta can still be computed from. */
  get oldestCoveredSeq(): number {
    return (this.segments[0]?.firstSeq ?? this.current + 1) - 1;
  }

  /** Whether the changes after `fromSeq` are all still retained. */
  covers(fromSeq: number): boolean {
    return fromSeq <= this.current && fromSeq >= this.oldestCoveredSeq;
  }

  get size(): number {
    return this.entries.size;
  }

  get retainedChanges(): number {
    return this.retained;
  }

  get(id: string): IndexedEntity | undefined {
    return this.entries.get(id);
  }

  values(): IterableIterator<IndexedEntity> {
    return this.entries.values();
  }

  /**
   * Applies states read from the log, in log order. A state older than the one held (by `updatedAt`)
   * is ignored, so rereading the topic after a seek never moves an entity back; a state from the log
   * always replaces one from the database snapshot. Returns how many changed the index.
   */
  applyFromLog(updates: readonly EntityUpdate[]): number {
    let applied = 0;
    for (const update of updates) {
      const previous = this.entries.get(update.entity.entityId);
      const updatedAtMs = Date.parse(update.entity.updatedAt);
      if (previous !== undefined && previous.fromLog && updatedAtMs < previous.updatedAtMs) continue;
      this.put(update.entity, updatedAtMs, update.receivedAtMs ?? Number.NaN, true, previous);
      applied++;
    }
    return applied;
  }

  /**
   * Merges the database snapshot: fills entities the log has not told about yet (the log is newer for
   * every entity it mentioned since the consumer started). Returns how many were added.
   */
  applySnapshot(entities: readonly TLiveEntityV1[]): number {
    let applied = 0;
    for (const entity of entities) {
      const previous = this.entries.get(entity.entityId);
      if (previous?.fromLog) continue;
      this.put(entity, Date.parse(entity.updatedAt), Number.NaN, false, previous);
      applied++;
    }
    return applied;
  }

  /** A new seq that no entity change carries (a message that is not about a change needs one). */
  allocateSeq(): number {
    return ++this.current;
  }

  /** Ends the open segment of the change log (called once per tick). */
  closeSegment(): void {
    const open = this.segments[this.segments.length - 1];
    if (open !== undefined && open.changes.length > 0) this.segments.push(this.newSegment());
  }

  /** Entities inside the interest, in no particular order. */
  query(interest: Interest): IndexedEntity[] {
    const out: IndexedEntity[] = [];
    if (!interest.assets && !interest.sensors) return out;
    const visit = (ids: Set<string>) => {
      for (const id of ids) {
        const entry = this.entries.get(id);
        if (entry !== undefined && interestContains(interest, entry.layer, entry.lon, entry.lat))
          out.push(entry);
      }
    };
    const ranges = this.cellRanges(interest);
    if (this.rangeCellCount(ranges) <= this.grid.size) {
      this.forEachCell(ranges, (cell) => {
        const ids = this.grid.get(cell);
        if (ids !== undefined) visit(ids);
      });
    } else {
      for (const [cell, ids] of this.grid) if (this.inRanges(ranges, cell)) visit(ids);
    }
    return out;
  }

  /**
   * Ids of entities that changed after `fromSeq` and were inside the interest before or after the
   * change. The caller resolves each against the current state: inside now → upsert, else → remove.
   * Requires `covers(fromSeq)`.
   */
  changedSince(fromSeq: number, interest: Interest): DeltaCandidates {
    const ids = new Set<string>();
    let matched = 0;
    if (!interest.assets && !interest.sensors) return { ids, coalesced: 0 };
    const consider = (change: EntityChange) => {
      if (change.seq <= fromSeq || !wantsLayer(interest, change.layer)) return;
      if (
        interestContains(interest, change.layer, change.lon, change.lat) ||
        interestContains(interest, change.layer, change.prevLon, change.prevLat)
      ) {
        matched++;
        ids.add(change.id);
      }
    };
    const ranges = this.cellRanges(interest);
    const interestCells = this.rangeCellCount(ranges);
    for (const segment of this.segments) {
      if (segment.changes.length === 0 || segment.lastSeq <= fromSeq) continue;
      if (interestCells <= segment.byCell.size) {
        // A change filed under two cells is seen twice; the id set absorbs it but not `matched`.
        const seen = new Set<EntityChange>();
        this.forEachCell(ranges, (cell) => {
          const changes = segment.byCell.get(cell);
          if (changes === undefined) return;
          for (const change of changes) {
            if (seen.has(change)) continue;
            seen.add(change);
            consider(change);
          }
        });
      } else if (interest.bbox[0] === -180 && interest.bbox[2] === 180) {
        for (const change of segment.changes) consider(change);
      } else {
        const seen = new Set<EntityChange>();
        for (const [cell, changes] of segment.byCell) {
          if (!this.inRanges(ranges, cell)) continue;
          for (const change of changes) {
            if (seen.has(change)) continue;
            seen.add(change);
            consider(change);
          }
        }
      }
    }
    return { ids, coalesced: matched - ids.size };
  }

  private put(
    entity: TLiveEntityV1,
    updatedAtMs: number,
    receivedAtMs: number,
    fromLog: boolean,
    previous: IndexedEntity | undefined,
  ): void {
    const layer = layerOf(entity);
    const lon = entity.position?.lon ?? Number.NaN;
    const lat = entity.position?.lat ?? Number.NaN;
    const cell = Number.isNaN(lon) ? -1 : this.cellOf(lon, lat);
    const seq = ++this.current;
    const id = entity.entityId;
    if (previous !== undefined && previous.cell !== cell && previous.cell >= 0) {
      const ids = this.grid.get(previous.cell);
      ids?.delete(id);
      if (ids?.size === 0) this.grid.delete(previous.cell);
    }
    if (cell >= 0 && previous?.cell !== cell) {
      let ids = this.grid.get(cell);
      if (ids === undefined) {
        ids = new Set();
        this.grid.set(cell, ids);
      }
      ids.add(id);
    }
    this.entries.set(id, { entity, layer, lon, lat, cell, updatedAtMs, receivedAtMs, fromLog, seq });
    this.record(
      {
        seq,
        id,
        layer,
        prevLon: previous?.lon ?? Number.NaN,
        prevLat: previous?.lat ?? Number.NaN,
        lon,
        lat,
      },
      previous?.cell ?? -1,
      cell,
    );
  }

  private record(change: EntityChange, prevCell: number, cell: number): void {
    const segment = this.segments[this.segments.length - 1]!;
    segment.changes.push(change);
    segment.lastSeq = change.seq;
    const file = (key: number) => {
      if (key < 0) return;
      let list = segment.byCell.get(key);
      if (list === undefined) {
        list = [];
        segment.byCell.set(key, list);
      }
      list.push(change);
    };
    file(cell);
    if (prevCell !== cell) file(prevCell);
    this.retained++;
    while (this.retained > this.capacity && this.segments.length > 1) {
      const dropped = this.segments.shift()!;
      this.retained -= dropped.changes.length;
    }
  }

  private newSegment(): Segment {
    return { firstSeq: this.current + 1, lastSeq: this.current, changes: [], byCell: new Map() };
  }

  private cellOf(lon: number, lat: number): number {
    const column = Math.min(this.columns - 1, Math.max(0, Math.floor((lon + 180) / this.cellDeg)));
    const row = Math.min(this.rows - 1, Math.max(0, Math.floor((lat + 90) / this.cellDeg)));
    return row * this.columns + column;
  }

  /** Rows and column ranges of the grid cells a box overlaps (two column ranges across the antimeridian). */
  private cellRanges(interest: Interest): CellRanges {
    const [west, south, east, north] = interest.bbox;
    const row0 = Math.max(0, Math.floor((south + 90) / this.cellDeg));
    const row1 = Math.min(this.rows - 1, Math.floor((north + 90) / this.cellDeg));
    const column = (lon: number) =>
      Math.min(this.columns - 1, Math.max(0, Math.floor((lon + 180) / this.cellDeg)));
    const columns: [number, number][] =
      west <= east
        ? [[column(west), column(east)]]
        : [
            [column(west), this.columns - 1],
            [0, column(east)],
          ];
    return { row0, row1, columns };
  }

  private rangeCellCount(ranges: CellRanges): number {
    let width = 0;
    for (const [c0, c1] of ranges.columns) width += c1 - c0 + 1;
    return Math.max(0, ranges.row1 - ranges.row0 + 1) * width;
  }

  private forEachCell(ranges: CellRanges, visit: (cell: number) => void): void {
    for (let row = ranges.row0; row <= ranges.row1; row++) {
      for (const [c0, c1] of ranges.columns) {
        for (let column = c0; column <= c1; column++) visit(row * this.columns + column);
      }
    }
  }

  private inRanges(ranges: CellRanges, cell: number): boolean {
    const row = Math.floor(cell / this.columns);
    if (row < ranges.row0 || row > ranges.row1) return false;
    const column = cell % this.columns;
    return ranges.columns.some(([c0, c1]) => column >= c0 && column <= c1);
  }
}

interface CellRanges {
  row0: number;
  row1: number;
  columns: [number, number][];
}
