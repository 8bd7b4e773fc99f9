/**
 * History read back for replay: the picture at any instant T and the changes between two instants.
 *
 * State at T = the last keyframe at or before T (`replay_asset_keyframes`: every asset's last fix at that
 * instant, packed in one row; `replay_keyframes`: the state of every sensor and open incident, a row
 * each) + the history rows after it up to T. So a seek reads one keyframe and at most one keyframe
 * interval of `positions` / `readings` (a range the BRIN index on time narrows down). Before the first
 * keyframe the state is computed from the whole history up to T.
 *
 * Incidents are folded from their events (few rows per incident, `(incident_id, at)` index); alerts are
 * read from `alerts` by their raise, acknowledgement, clearance and expiry times; operator actions from
 * `operator_commands`.
 *
 * `incident_events.data` holds what the change set: any of `status` (or `to`), `severity`, `title`,
 * `position` `{ lon, lat }`; an event type naming a status (`acknowledged`, `dispatched`, `on_scene`,
 * `resolved`, `closed`, `merged` → closed) sets it too.
 */
import { sql } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import type { AssetDto } from './asset-dto';
import type { Db } from './database';
import type { BBox, LonLat } from './geo-types';
import type { AlertStatus, AssetKind, IncidentStatus, Severity } from './schema/values';
import { INCIDENT_STATUSES, SEVERITIES } from './schema/values';
import type { LastReading, SensorDto } from './sensors-repository';
import { queryRows } from './sql-rows';

const p = sql.param;
const ISO = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;

function iso(column: string): SQL {
  return sql.raw(`to_char(${column} AT TIME ZONE 'UTC', ${ISO})`);
}

function ms(value: unknown): number {
  return Number(value);
}

function checkTime(at: Date, what: string): void {
  if (Number.isNaN(at.getTime())) throw new RangeError(`${what}: invalid time`);
}

// ---------------------------------------------------------------------------------------------------
// Keyframe lookup
// ---------------------------------------------------------------------------------------------------

/** Time of the last keyframe at or before `at` (strictly before with `strict`), or null. */
export async function keyframeAtOrBefore(db: Db, at: Date, strict = false): Promise<Date | null> {
  checkTime(at, 'keyframe lookup');
  const op = strict ? sql.raw('<') : sql.raw('<=');
  const atParam = sql`${p(at.toISOString())}::timestamptz`;
  const [row] = await queryRows<{ k: number | null }>(
    db,
    sql`SELECT (extract(epoch FROM greatest(
              (SELECT max(at) FROM replay_keyframes WHERE at ${op} ${atParam}),
              (SELECT max(at) FROM replay_asset_keyframes WHERE at ${op} ${atParam}))) * 1000)::float8 AS k`,
  );
  return row?.k === null || row?.k === undefined ? null : new Date(ms(row.k));
}

// ---------------------------------------------------------------------------------------------------
// Assets
// ---------------------------------------------------------------------------------------------------

/** An asset's state at an instant: its last fix at or before it. */
export interface ReplayAssetState {
  id: string;
  position: LonLat;
  /** Time of that fix. */
  time: Date;
  speed: number | null;
  heading: number | null;
  accuracy: number | null;
  altitude: number | null;
}

/**
 * SQL of each asset's last fix in (after, upTo] — or up to `upTo` when `after` is null (columns id,
 * position, time, speed, heading, accuracy, altitude), by id in byte order; on equal times the greatest
 * envelope id wins. The latest time per asset is found by hashing the range, and only the fixes at that
 * time are sorted: sorting every fix of the range costs several times more.
 */
function latestFixesSql(after: Date | null, upTo: Date): SQL {
  const range = (column: string) =>
    sql`${sql.raw(column)} <= ${p(upTo.toISOString())}::timestamptz ${
      after === null ? sql`` : sql`AND ${sql.raw(column)} > ${p(after.toISOString())}::timestamptz`
    }`;
  return sql`
    SELECT DISTINCT ON (f.asset_id COLLATE "C") f.asset_id AS id, f.position, f.time, f.speed, f.heading,
           f.accuracy, f.altitude
    FROM positions f
    WHERE ${range('f.time')}
      AND (f.asset_id, f.time) IN (SELECT asset_id, max(time) FROM positions WHERE ${range('time')} GROUP BY asset_id)
    ORDER BY f.asset_id COLLATE "C", f.time DESC, f.envelope_id COLLATE "C" DESC`;
}

/**
 * Runs `fn` in a transaction whose plans suit `latestFixesSql` over a long history:
 * - no JIT compilation: the estimated cost of the range scan on a big `positions` table is above the JIT
 *   threshold, and compiling costs more (tens of milliseconds) than the query gains;
 * - no parallel workers: each would hash the whole range again;
 * - no nested loop: probing the (asset_id, time) index once per asset is slower than hashing the range.
 * Inside a caller's transaction the settings last until that transaction ends.
 */
function withSeekPlans<T>(db: Db, fn: (tx: Db) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.execute(
      sql`SELECT set_config('jit', 'off', true), set_config('max_parallel_workers_per_gather', '0', true),
                 set_config('enable_nestloop', 'off', true)`,
    );
    return fn(tx);
  });
}

function bboxFilter(bbox: BBox | undefined, lon: string, lat: string): SQL {
  if (bbox === undefined) return sql``;
  const lonTest =
    bbox.west <= bbox.east
      ? sql`${sql.raw(lon)} BETWEEN ${bbox.west} AND ${bbox.east}`
      : sql`(${sql.raw(lon)} >= ${bbox.west} OR ${sql.raw(lon)} <= ${bbox.east})`;
  return sql`AND ${lonTest} AND ${sql.raw(lat)} BETWEEN ${bbox.south} AND ${bbox.north}`;
}

interface AssetStateRow extends Record<string, unknown> {
  id: string;
  lon: number;
  lat: number;
  time_ms: number;
  speed: number | null;
  heading: number | null;
  accuracy: number | null;
  altitude: number | null;
}

const num = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));

function toAssetState(row: AssetStateRow): ReplayAssetState {
  return {
    id: row.id,
    position: { lon: Number(row.lon), lat: Number(row.lat) },
    time: new Date(ms(row.time_ms)),
    speed: num(row.speed),
    heading: num(row.heading),
    accuracy: num(row.accuracy),
    altitude: num(row.altitude),
  };
}

/** Columns of `AssetStateRow` from a source with the columns of `latestFixesSql`. */
function assetStateColumns(source: SQL): SQL {
  return sql`
    SELECT s.id, ST_X(s.position)::float8 AS lon, ST_Y(s.position)::float8 AS lat,
           (extract(epoch FROM s.time) * 1000)::float8 AS time_ms,
           s.speed::float8 AS speed, s.heading::float8 AS heading, s.accuracy::float8 AS accuracy,
           s.altitude::float8 AS altitude
    FROM (${source}) s`;
}

async function selectAssetStates(db: Db, source: SQL, bbox: BBox | undefined): Promise<ReplayAssetState[]> {
  const rows = await queryRows<AssetStateRow>(
    db,
    sql`SELECT * FROM (${assetStateColumns(source)}) x WHERE true ${bboxFilter(bbox, 'lon', 'lat')}
        ORDER BY id COLLATE "C"`,
  );
  return rows.map(toAssetState);
}

/** An asset keyframe as read: parallel arrays, one element per asset, by id in byte order. */
interface AssetKeyframePack {
  ids: string[];
  lon: number[];
  lat: number[];
  fixMs: number[];
  speed: (number | null)[];
  heading: (number | null)[];
  accuracy: (number | null)[];
  altitude: (number | null)[];
}

/**
 * The asset keyframe at `at`, or null. Read as one JSON document (parsed natively by the driver) rather
 * than as an array per column; speeds and the like as the float8 widening of the stored reals, as the
 * history rows are read.
 */
async function readAssetKeyframe(db: Db, at: Date): Promise<AssetKeyframePack | null> {
  const [row] = await queryRows<{ pack: AssetKeyframePack | string }>(
    db,
    sql`SELECT json_build_object('ids', ids, 'lon', lon, 'lat', lat, 'fixMs', fix_ms, 'speed', speed::float8[],
                 'heading', heading::float8[], 'accuracy', accuracy::float8[], 'altitude', altitude::float8[]) AS pack
        FROM replay_asset_keyframes WHERE at = ${p(at.toISOString())}::timestamptz`,
  );
  if (row === undefined) return null;
  return typeof row.pack === 'string' ? (JSON.parse(row.pack) as AssetKeyframePack) : row.pack;
}

/** Order of two strings by code point, which is the byte order of their UTF-8 (`COLLATE "C"`). */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // Surrogates encode code points above U+FFFF: they sort after every other UTF-16 unit.
    const sx = x >= 0xd800 && x <= 0xdfff ? x + 0x10000 : x;
    const sy = y >= 0xd800 && y <= 0xdfff ? y + 0x10000 : y;
    return sx - sy;
  }
  return a.length - b.length;
}

function inBBox(lon: number, lat: number, bbox: BBox | undefined): boolean {
  if (bbox === undefined) return true;
  const inLon =
    bbox.west <= bbox.east ? lon >= bbox.west && lon <= bbox.east : lon >= bbox.west || lon <= bbox.east;
  return inLon && lat >= bbox.south && lat <= bbox.north;
}

function packedAssetState(pack: AssetKeyframePack, i: number): ReplayAssetState {
  return {
    id: pack.ids[i] as string,
    position: { lon: Number(pack.lon[i]), lat: Number(pack.lat[i]) },
    time: new Date(Number(pack.fixMs[i])),
    speed: num(pack.speed[i]),
    heading: num(pack.heading[i]),
    accuracy: num(pack.accuracy[i]),
    altitude: num(pack.altitude[i]),
  };
}

/**
 * Merges a keyframe's assets with the fixes after it (both by id in byte order): an asset's fix
 * replaces its keyframe state. Keeps what lies in `bbox`.
 */
function mergeAssetStates(
  pack: AssetKeyframePack,
  fixes: readonly ReplayAssetState[],
  bbox: BBox | undefined,
): ReplayAssetState[] {
  const out: ReplayAssetState[] = [];
  const keep = (state: ReplayAssetState) => {
    if (inBBox(state.position.lon, state.position.lat, bbox)) out.push(state);
  };
  const n = pack.ids.length;
  let i = 0;
  for (const fix of fixes) {
    while (i < n && compareCodePoints(pack.ids[i] as string, fix.id) < 0) keep(packedAssetState(pack, i++));
    if (i < n && pack.ids[i] === fix.id) i++;
    keep(fix);
  }
  while (i < n) keep(packedAssetState(pack, i++));
  return out;
}

export interface ReplayReadOptions {
  /** Only what lies in this box at the instant. */
  bbox?: BBox;
}

/** Every asset's state at `at` (assets without a fix by then are absent), by id. */
export async function assetStatesAt(
  db: Db,
  at: Date,
  options: ReplayReadOptions = {},
): Promise<ReplayAssetState[]> {
  checkTime(at, 'asset states');
  const base = await keyframeAtOrBefore(db, at);
  if (base === null) return selectAssetStates(db, latestFixesSql(null, at), options.bbox);
  const [pack, fixes] = await Promise.all([
    readAssetKeyframe(db, base),
    withSeekPlans(db, (tx) =>
      queryRows<AssetStateRow>(
        tx,
        sql`${assetStateColumns(latestFixesSql(base, at))} ORDER BY s.id COLLATE "C"`,
      ),
    ),
  ]);
  const states = fixes.map(toAssetState);
  if (pack === null) return states.filter((s) => inBBox(s.position.lon, s.position.lat, options.bbox));
  return mergeAssetStates(pack, states, options.bbox);
}

/** Assets that moved in (after, upTo]: each one's last fix in that window, by id. */
export async function assetChangesBetween(
  db: Db,
  after: Date,
  upTo: Date,
  options: ReplayReadOptions = {},
): Promise<ReplayAssetState[]> {
  checkTime(after, 'asset changes');
  checkTime(upTo, 'asset changes');
  if (upTo <= after) return [];
  return withSeekPlans(db, (tx) => selectAssetStates(tx, latestFixesSql(after, upTo), options.bbox));
}

/** Descriptions of assets (kind, name, status, attributes) by id, from their current-state rows. */
export async function assetDescriptions(
  db: Db,
  ids: readonly string[],
): Promise<Map<string, Pick<AssetDto, 'kind' | 'name' | 'status' | 'source' | 'attrs'>>> {
  const out = new Map<string, Pick<AssetDto, 'kind' | 'name' | 'status' | 'source' | 'attrs'>>();
  if (ids.length === 0) return out;
  const rows = await queryRows<{
    id: string;
    kind: string;
    name: string;
    status: string;
    source: string | null;
    attrs: Record<string, unknown>;
  }>(
    db,
    sql`SELECT id, kind, name, status, source, attrs FROM assets WHERE id = ANY(${p([...ids])}::text[])`,
  );
  for (const row of rows) {
    out.set(row.id, {
      kind: row.kind as AssetKind,
      name: row.name,
      status: row.status,
      source: row.source,
      attrs: row.attrs,
    });
  }
  return out;
}

/** An asset as of `state`: its description with the position, speed and fix time of that instant. */
export function assetAsOf(
  state: ReplayAssetState,
  description: Pick<AssetDto, 'kind' | 'name' | 'status' | 'source' | 'attrs'> | undefined,
): AssetDto {
  return {
    id: state.id,
    kind: description?.kind ?? 'other',
    name: description?.name ?? state.id,
    source: description?.source ?? null,
    status: description?.status ?? 'available',
    position: state.position,
    speed: state.speed,
    heading: state.heading,
    accuracy: state.accuracy,
    lastFixAt: state.time,
    updatedAt: state.time,
    attrs: state.altitude === null ? {} : { altitude: state.altitude },
  };
}

// ---------------------------------------------------------------------------------------------------
// Sensors
// ---------------------------------------------------------------------------------------------------

/** A sensor's latest reading per metric at an instant. */
export interface ReplaySensorState {
  id: string;
  readings: Record<string, LastReading>;
}

function readingsDeltaSql(after: Date | null, upTo: Date): SQL {
  return sql`
    SELECT r.sensor_id AS id,
           jsonb_object_agg(r.metric, jsonb_build_object(
             'value', r.value, 'unit', r.unit, 'at', r.at, 'anomalyScore', r.anomaly_score)) AS readings
    FROM (
      SELECT DISTINCT ON (r.sensor_id, coalesce(r.metric, s.kind, 'value'))
             r.sensor_id, coalesce(r.metric, s.kind, 'value') AS metric, r.value,
             coalesce(r.unit, s.unit, '') AS unit, ${iso('r.time')} AS at, r.anomaly_score
      FROM readings r LEFT JOIN sensors s ON s.id = r.sensor_id
      WHERE r.time <= ${p(upTo.toISOString())}::timestamptz
        ${after === null ? sql`` : sql`AND r.time > ${p(after.toISOString())}::timestamptz`}
      ORDER BY r.sensor_id, coalesce(r.metric, s.kind, 'value'), r.time DESC, r.envelope_id DESC
    ) r
    GROUP BY r.sensor_id`;
}

function sensorStatesSql(base: Date | null, upTo: Date): SQL {
  if (base === null) return readingsDeltaSql(null, upTo);
  return sql`
    WITH d AS (${readingsDeltaSql(base, upTo)}),
    b AS (
      SELECT entity_id AS id, coalesce(state->'readings', '{}'::jsonb) AS readings
      FROM replay_keyframes
      WHERE at = ${p(base.toISOString())}::timestamptz AND entity_kind = 'sensor'
    )
    SELECT coalesce(b.id, d.id) AS id, coalesce(b.readings, '{}'::jsonb) || coalesce(d.readings, '{}'::jsonb) AS readings
    FROM b FULL JOIN d ON b.id = d.id`;
}

function normaliseReadings(value: unknown): Record<string, LastReading> {
  const out: Record<string, LastReading> = {};
  if (value === null || typeof value !== 'object') return out;
  for (const [metric, raw] of Object.entries(value as Record<string, Record<string, unknown>>)) {
    if (raw === null || typeof raw !== 'object') continue;
    const reading: LastReading = {
      value: Number(raw.value),
      unit: String(raw.unit ?? ''),
      at: String(raw.at),
    };
    if (typeof raw.anomalyScore === 'number') reading.anomalyScore = raw.anomalyScore;
    out[metric] = reading;
  }
  return out;
}

async function selectSensorStates(db: Db, source: SQL): Promise<ReplaySensorState[]> {
  const rows = await queryRows<{ id: string; readings: unknown }>(
    db,
    sql`SELECT id, readings FROM (${source}) s ORDER BY id`,
  );
  return rows.map((row) => ({ id: row.id, readings: normaliseReadings(row.readings) }));
}

/** Every sensor's latest reading per metric at `at` (sensors without a reading by then are absent). */
export async function sensorStatesAt(db: Db, at: Date): Promise<ReplaySensorState[]> {
  checkTime(at, 'sensor states');
  const base = await keyframeAtOrBefore(db, at);
  return selectSensorStates(db, sensorStatesSql(base, at));
}

/** Sensors with readings in (after, upTo]: each one's latest reading per metric in that window. */
export async function sensorChangesBetween(db: Db, after: Date, upTo: Date): Promise<ReplaySensorState[]> {
  if (upTo <= after) return [];
  return selectSensorStates(db, readingsDeltaSql(after, upTo));
}

type SensorDescription = Omit<SensorDto, 'lastValue' | 'lastReadingAt' | 'anomalyScore' | 'lastReadings'>;

/** Descriptions of sensors (kind, name, unit, position…) by id, from their current-state rows. */
export async function sensorDescriptions(
  db: Db,
  ids: readonly string[],
): Promise<Map<string, SensorDescription>> {
  const out = new Map<string, SensorDescription>();
  if (ids.length === 0) return out;
  const rows = await queryRows<{
    id: string;
    kind: string;
    name: string;
    unit: string;
    source: string | null;
    status: string;
    lon: number | null;
    lat: number | null;
    updated_ms: number;
    attrs: Record<string, unknown>;
  }>(
    db,
    sql`SELECT id, kind, name, unit, source, status, ST_X(position)::float8 AS lon, ST_Y(position)::float8 AS lat,
               (extract(epoch FROM updated_at) * 1000)::float8 AS updated_ms, attrs
        FROM sensors WHERE id = ANY(${p([...ids])}::text[])`,
  );
  for (const row of rows) {
    out.set(row.id, {
      id: row.id,
      kind: row.kind,
      name: row.name,
      unit: row.unit,
      source: row.source,
      status: row.status,
      position: row.lon === null || row.lat === null ? null : { lon: Number(row.lon), lat: Number(row.lat) },
      updatedAt: new Date(ms(row.updated_ms)),
      attrs: row.attrs,
    });
  }
  return out;
}

/** A sensor as of `state`: its description with the readings of that instant. */
export function sensorAsOf(state: ReplaySensorState, description: SensorDescription | undefined): SensorDto {
  let newest: [string, LastReading] | undefined;
  for (const entry of Object.entries(state.readings)) {
    if (newest === undefined || Date.parse(entry[1].at) > Date.parse(newest[1].at)) newest = entry;
  }
  const lastReadingAt = newest === undefined ? null : new Date(newest[1].at);
  return {
    id: state.id,
    kind: description?.kind ?? newest?.[0] ?? 'other',
    name: description?.name ?? state.id,
    unit: description?.unit ?? newest?.[1].unit ?? '',
    source: description?.source ?? null,
    status: description?.status ?? 'ok',
    position: description?.position ?? null,
    lastValue: newest?.[1].value ?? null,
    lastReadingAt,
    anomalyScore: newest?.[1].anomalyScore ?? null,
    lastReadings: state.readings,
    updatedAt: lastReadingAt ?? description?.updatedAt ?? new Date(0),
    attrs: {},
  };
}

// ---------------------------------------------------------------------------------------------------
// Incidents
// ---------------------------------------------------------------------------------------------------

export interface ReplayIncidentState {
  id: string;
  /** Sequence number of the last event folded in (0: none yet). */
  seq: number;
  /** Type of that event. */
  change: string;
  status: IncidentStatus;
  severity: Severity;
  title: string;
  position: LonLat | null;
  openedAt: Date;
  /** Time of that event (the opening time when none). */
  at: Date;
}

interface IncidentEventRow extends Record<string, unknown> {
  id: string;
  title: string;
  severity: string;
  opened_ms: number;
  lon: number | null;
  lat: number | null;
  seq: number | null;
  type: string | null;
  at_ms: number | null;
  data: Record<string, unknown> | null;
}

const STATUS_OF_EVENT: Readonly<Record<string, IncidentStatus>> = {
  opened: 'detected',
  acknowledged: 'acknowledged',
  dispatched: 'dispatched',
  on_scene: 'on_scene',
  resolved: 'resolved',
  closed: 'closed',
  merged: 'closed',
};

function isOneOf<T extends string>(list: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && (list as readonly string[]).includes(value);
}

/** Applies one incident event to the incident's state (pure). */
export function applyIncidentEvent(
  state: ReplayIncidentState,
  event: { seq: number; type: string; at: Date; data: Record<string, unknown> },
): ReplayIncidentState {
  const next: ReplayIncidentState = { ...state, seq: event.seq, change: event.type, at: event.at };
  const byType = STATUS_OF_EVENT[event.type];
  if (byType !== undefined) next.status = byType;
  const status = event.data.status ?? event.data.to;
  if (isOneOf(INCIDENT_STATUSES, status)) next.status = status;
  if (event.type === 'merged') next.status = 'closed';
  if (isOneOf(SEVERITIES, event.data.severity)) next.severity = event.data.severity;
  if (typeof event.data.title === 'string' && event.data.title.length > 0) next.title = event.data.title;
  const position = event.data.position as { lon?: unknown; lat?: unknown } | undefined;
  if (position !== undefined && typeof position.lon === 'number' && typeof position.lat === 'number') {
    next.position = { lon: position.lon, lat: position.lat };
  }
  return next;
}

/**
 * The state at `at` of incidents opened by then (or of `ids` only), folded from their events up to
 * `at`. Closed incidents are included (status `closed`); callers drop them from the picture.
 */
export async function incidentStatesAt(
  db: Db,
  at: Date,
  options: { ids?: readonly string[] } = {},
): Promise<ReplayIncidentState[]> {
  checkTime(at, 'incident states');
  if (options.ids !== undefined && options.ids.length === 0) return [];
  const atParam = sql`${p(at.toISOString())}::timestamptz`;
  const rows = await queryRows<IncidentEventRow>(
    db,
    sql`
      SELECT i.id, i.title, i.severity, (extract(epoch FROM i.opened_at) * 1000)::float8 AS opened_ms,
             ST_X(i.position)::float8 AS lon, ST_Y(i.position)::float8 AS lat,
             e.seq, e.type, (extract(epoch FROM e.at) * 1000)::float8 AS at_ms, e.data
      FROM incidents i
      LEFT JOIN incident_events e ON e.incident_id = i.id AND e.at <= ${atParam}
      WHERE i.opened_at <= ${atParam}
        ${options.ids === undefined ? sql`` : sql`AND i.id = ANY(${p([...options.ids])}::text[])`}
      ORDER BY i.id, e.seq`,
  );
  const out: ReplayIncidentState[] = [];
  let current: ReplayIncidentState | undefined;
  for (const row of rows) {
    if (current === undefined || current.id !== row.id) {
      if (current !== undefined) out.push(current);
      const openedAt = new Date(ms(row.opened_ms));
      current = {
        id: row.id,
        seq: 0,
        change: 'opened',
        status: 'detected',
        severity: isOneOf(SEVERITIES, row.severity) ? row.severity : 'unknown',
        title: row.title,
        position:
          row.lon === null || row.lat === null ? null : { lon: Number(row.lon), lat: Number(row.lat) },
        openedAt,
        at: openedAt,
      };
    }
    if (row.seq !== null && row.type !== null && row.at_ms !== null) {
      current = applyIncidentEvent(current, {
        seq: Number(row.seq),
        type: row.type,
        at: new Date(ms(row.at_ms)),
        data: row.data ?? {},
      });
    }
  }
  if (current !== undefined) out.push(current);
  return out;
}

/** Ids of incidents opened or changed in (after, upTo]. */
export async function incidentsChangedBetween(db: Db, after: Date, upTo: Date): Promise<string[]> {
  if (upTo <= after) return [];
  const rows = await queryRows<{ id: string }>(
    db,
    sql`
      SELECT DISTINCT incident_id AS id FROM incident_events
      WHERE at > ${p(after.toISOString())}::timestamptz AND at <= ${p(upTo.toISOString())}::timestamptz
      UNION
      SELECT id FROM incidents
      WHERE opened_at > ${p(after.toISOString())}::timestamptz AND opened_at <= ${p(upTo.toISOString())}::timestamptz`,
  );
  return rows.map((r) => r.id).sort();
}

// ---------------------------------------------------------------------------------------------------
// Alerts
// ---------------------------------------------------------------------------------------------------

export interface ReplayAlertState {
  id: string;
  kind: string;
  severity: Severity;
  /** Status at the instant: `acknowledged` once acknowledged by then, else `active`. */
  status: AlertStatus;
  headline: string;
  position: LonLat | null;
  raisedAt: Date;
  incidentId: string | null;
}

interface AlertRow extends Record<string, unknown> {
  id: string;
  kind: string;
  severity: string;
  headline: string;
  lon: number | null;
  lat: number | null;
  raised_ms: number;
  acked: boolean;
  incident_id: string | null;
}

function toAlertState(row: AlertRow): ReplayAlertState {
  return {
    id: row.id,
    kind: row.kind,
    severity: isOneOf(SEVERITIES, row.severity) ? row.severity : 'unknown',
    status: row.acked ? 'acknowledged' : 'active',
    headline: row.headline,
    position: row.lon === null || row.lat === null ? null : { lon: Number(row.lon), lat: Number(row.lat) },
    raisedAt: new Date(ms(row.raised_ms)),
    incidentId: row.incident_id,
  };
}

/** Whether an alert still stands at `atParam`: raised, not expired, not cleared or cancelled. */
function alertStandsAt(atParam: SQL): SQL {
  return sql`a.raised_at <= ${atParam}
    AND (a.expires_at IS NULL OR a.expires_at > ${atParam})
    AND NOT (a.status IN ('cleared', 'cancelled', 'expired') AND a.updated_at <= ${atParam})`;
}

function alertColumns(atParam: SQL): SQL {
  return sql`a.id, a.kind, a.severity, a.headline,
    ST_X(ST_PointOnSurface(a.geometry))::float8 AS lon, ST_Y(ST_PointOnSurface(a.geometry))::float8 AS lat,
    (extract(epoch FROM a.raised_at) * 1000)::float8 AS raised_ms,
    (a.acknowledged_at IS NOT NULL AND a.acknowledged_at <= ${atParam}) AS acked, a.incident_id`;
}

/** Alerts standing at `at`, by raise time. */
export async function alertStatesAt(
  db: Db,
  at: Date,
  options: ReplayReadOptions = {},
): Promise<ReplayAlertState[]> {
  checkTime(at, 'alert states');
  const atParam = sql`${p(at.toISOString())}::timestamptz`;
  const rows = await queryRows<AlertRow>(
    db,
    sql`SELECT * FROM (SELECT ${alertColumns(atParam)} FROM alerts a WHERE ${alertStandsAt(atParam)}) x
        WHERE true ${bboxFilter(options.bbox, 'lon', 'lat')}
        ORDER BY raised_ms, id`,
  );
  return rows.map(toAlertState);
}

/** Alerts that changed in (after, upTo]: raised or acknowledged (`upserts`), or ended (`removes`). */
export async function alertChangesBetween(
  db: Db,
  after: Date,
  upTo: Date,
  options: ReplayReadOptions = {},
): Promise<{ upserts: ReplayAlertState[]; removes: string[] }> {
  if (upTo <= after) return { upserts: [], removes: [] };
  const a0 = sql`${p(after.toISOString())}::timestamptz`;
  const a1 = sql`${p(upTo.toISOString())}::timestamptz`;
  const rows = await queryRows<AlertRow & { stands: boolean }>(
    db,
    sql`SELECT * FROM (
          SELECT ${alertColumns(a1)}, (${alertStandsAt(a1)}) AS stands
          FROM alerts a
          WHERE (a.raised_at > ${a0} AND a.raised_at <= ${a1})
             OR (a.acknowledged_at > ${a0} AND a.acknowledged_at <= ${a1})
             OR (a.expires_at > ${a0} AND a.expires_at <= ${a1})
             OR (a.status IN ('cleared', 'cancelled', 'expired') AND a.updated_at > ${a0} AND a.updated_at <= ${a1})
        ) x
        WHERE true ${bboxFilter(options.bbox, 'lon', 'lat')}
        ORDER BY raised_ms, id`,
  );
  return {
    upserts: rows.filter((r) => r.stands).map(toAlertState),
    removes: rows.filter((r) => !r.stands && r.raised_ms <= upTo.getTime()).map((r) => r.id),
  };
}

// ---------------------------------------------------------------------------------------------------
// Operator actions
// ---------------------------------------------------------------------------------------------------

export interface ReplayActionDto {
  commandId: string;
  kind: string;
  actorId: string;
  target: string;
  at: Date;
  outcome: string;
  reason: string | null;
}

/** Operator commands issued in (after, upTo], in time order; at most `limit` (default 10 000). */
export async function actionsBetween(
  db: Db,
  after: Date,
  upTo: Date,
  limit = 10_000,
): Promise<ReplayActionDto[]> {
  if (upTo <= after) return [];
  const rows = await queryRows<{
    command_id: string;
    kind: string;
    actor_id: string;
    target: string;
    at_ms: number;
    outcome: string;
    reason: string | null;
  }>(
    db,
    sql`SELECT command_id, kind, actor_id, target, (extract(epoch FROM issued_at) * 1000)::float8 AS at_ms, outcome, reason
        FROM operator_commands
        WHERE issued_at > ${p(after.toISOString())}::timestamptz AND issued_at <= ${p(upTo.toISOString())}::timestamptz
        ORDER BY issued_at, command_id
        LIMIT ${limit}`,
  );
  return rows.map((r) => ({
    commandId: r.command_id,
    kind: r.kind,
    actorId: r.actor_id,
    target: r.target,
    at: new Date(ms(r.at_ms)),
    outcome: r.outcome,
    reason: r.reason,
  }));
}

// ---------------------------------------------------------------------------------------------------
// Timeline: event density and incident markers
// ---------------------------------------------------------------------------------------------------

export interface HistogramBucket {
  at: Date;
  count: number;
}

/**
 * Number of recorded events (fixes, readings, reports, alerts raised, incident events, operator
 * commands) per bucket of `bucketSeconds` in [from, to). Every bucket is present (0 when empty).
 * `positions` and `readings` holding more than `sampleAbove` rows (planner estimate) are counted on a
 * block sample of about that many rows and scaled: the density is then approximate.
 */
export async function eventHistogram(
  db: Db,
  from: Date,
  to: Date,
  bucketSeconds: number,
  sampleAbove = 2_000_000,
): Promise<HistogramBucket[]> {
  checkTime(from, 'histogram');
  checkTime(to, 'histogram');
  if (!(bucketSeconds >= 1) || !Number.isInteger(bucketSeconds))
    throw new RangeError('bucketSeconds must be >= 1');
  const n = Math.ceil((to.getTime() - from.getTime()) / (bucketSeconds * 1000));
  if (n <= 0) return [];
  if (n > 100_000) throw new RangeError('too many histogram buckets');
  const f = sql`${p(from.toISOString())}::timestamptz`;
  const t = sql`${p(to.toISOString())}::timestamptz`;
  const bucket = (column: string) =>
    sql`floor(extract(epoch FROM (${sql.raw(column)} - ${f})) / ${sql.raw(String(bucketSeconds))})::int`;
  // Big history tables are counted on a block sample (scaled up) so that a day of a large fleet
  // stays cheap to chart; small ones exactly.
  const sizes = await queryRows<{ relname: string; n: number }>(
    db,
    sql`SELECT relname, greatest(reltuples, 0)::float8 AS n FROM pg_class
        WHERE relname IN ('positions', 'readings') AND relkind IN ('r', 'p')`,
  );
  const percentOf = (table: string): number | null => {
    const rows = Number(sizes.find((r) => r.relname === table)?.n ?? 0);
    if (rows <= sampleAbove) return null;
    return Math.max(0.01, Math.min(100, (sampleAbove / rows) * 100));
  };
  const count = (table: string, column: string) => {
    const percent = table === 'positions' || table === 'readings' ? percentOf(table) : null;
    const from_ =
      percent === null ? sql.raw(table) : sql.raw(`${table} TABLESAMPLE SYSTEM (${percent.toFixed(4)})`);
    const n = percent === null ? sql`count(*)` : sql`round(count(*) * ${100 / percent}::float8)`;
    return sql`SELECT ${bucket(column)} AS b, ${n}::int AS n FROM ${from_}
        WHERE ${sql.raw(column)} >= ${f} AND ${sql.raw(column)} < ${t} GROUP BY 1`;
  };
  const rows = await queryRows<{ b: number; n: number }>(
    db,
    sql`SELECT b, sum(n)::int AS n FROM (
          ${count('positions', 'time')}
          UNION ALL ${count('readings', 'time')}
          UNION ALL ${count('reports', 'occurred_at')}
          UNION ALL ${count('alerts', 'raised_at')}
          UNION ALL ${count('incident_events', 'at')}
          UNION ALL ${count('operator_commands', 'issued_at')}
        ) c GROUP BY b`,
  );
  const counts = new Array<number>(n).fill(0);
  for (const row of rows) {
    const b = Number(row.b);
    if (b >= 0 && b < n) counts[b] = Number(row.n);
  }
  return counts.map((count, i) => ({ at: new Date(from.getTime() + i * bucketSeconds * 1000), count }));
}

export interface IncidentMarker {
  incidentId: string;
  seq: number;
  change: string;
  at: Date;
  actor: string;
  title: string;
  severity: Severity;
}

/** Incident events in [from, to], in time order, with their incident's title and severity. */
export async function incidentMarkers(
  db: Db,
  from: Date,
  to: Date,
  limit = 10_000,
): Promise<IncidentMarker[]> {
  const rows = await queryRows<{
    incident_id: string;
    seq: number;
    type: string;
    at_ms: number;
    actor: string;
    title: string;
    severity: string;
  }>(
    db,
    sql`SELECT e.incident_id, e.seq, e.type, (extract(epoch FROM e.at) * 1000)::float8 AS at_ms, e.actor,
               i.title, i.severity
        FROM incident_events e JOIN incidents i ON i.id = e.incident_id
        WHERE e.at >= ${p(from.toISOString())}::timestamptz AND e.at <= ${p(to.toISOString())}::timestamptz
        ORDER BY e.at, e.incident_id, e.seq
        LIMIT ${limit}`,
  );
  return rows.map((r) => ({
    incidentId: r.incident_id,
    seq: Number(r.seq),
    change: r.type,
    at: new Date(ms(r.at_ms)),
    actor: r.actor,
    title: r.title,
    severity: isOneOf(SEVERITIES, r.severity) ? r.severity : 'unknown',
  }));
}

// ---------------------------------------------------------------------------------------------------
// Keyframe writing and retention
// ---------------------------------------------------------------------------------------------------

export interface WriteKeyframeResult {
  assets: number;
  sensors: number;
  incidents: number;
}

/**
 * Writes the keyframe at `at`: the state of every asset and sensor (from the previous keyframe and the
 * history after it) and of every incident open at `at`. Idempotent: writing the same instant again
 * replaces its rows with the same values (plus whatever late history arrived since). Run it inside a
 * transaction to make the keyframe appear at once.
 */
export async function writeKeyframe(db: Db, at: Date): Promise<WriteKeyframeResult> {
  checkTime(at, 'keyframe');
  const base = await keyframeAtOrBefore(db, at, true);
  const atParam = sql`${p(at.toISOString())}::timestamptz`;
  const fixes = sql`
    SELECT d.id, ST_X(d.position)::float8 AS lon, ST_Y(d.position)::float8 AS lat,
           (extract(epoch FROM d.time) * 1000)::float8 AS fix_ms, d.speed, d.heading, d.accuracy, d.altitude
    FROM d`;
  const [assets] = await queryRows<{ n: number }>(
    db,
    sql`WITH d AS (${latestFixesSql(base, at)}),
        s AS (
          ${fixes}
          ${
            base === null
              ? sql``
              : sql`UNION ALL
          SELECT b.* FROM replay_asset_keyframes k,
            unnest(k.ids, k.lon, k.lat, k.fix_ms, k.speed, k.heading, k.accuracy, k.altitude)
              AS b(id, lon, lat, fix_ms, speed, heading, accuracy, altitude)
          WHERE k.at = ${p(base.toISOString())}::timestamptz AND NOT EXISTS (SELECT 1 FROM d WHERE d.id = b.id)`
          }
        ),
        w AS (
          INSERT INTO replay_asset_keyframes (at, ids, lon, lat, fix_ms, speed, heading, accuracy, altitude)
          SELECT ${atParam}, array_agg(id ORDER BY id COLLATE "C"), array_agg(lon ORDER BY id COLLATE "C"),
                 array_agg(lat ORDER BY id COLLATE "C"), array_agg(fix_ms ORDER BY id COLLATE "C"),
                 array_agg(speed ORDER BY id COLLATE "C"), array_agg(heading ORDER BY id COLLATE "C"),
                 array_agg(accuracy ORDER BY id COLLATE "C"), array_agg(altitude ORDER BY id COLLATE "C")
          FROM s HAVING count(*) > 0
          ON CONFLICT (at) DO UPDATE SET ids = excluded.ids, lon = excluded.lon, lat = excluded.lat,
            fix_ms = excluded.fix_ms, speed = excluded.speed, heading = excluded.heading,
            accuracy = excluded.accuracy, altitude = excluded.altitude
          RETURNING cardinality(ids) AS n
        )
        SELECT coalesce((SELECT n FROM w), 0)::int AS n`,
  );
  const [sensors] = await queryRows<{ n: number }>(
    db,
    sql`WITH s AS (${sensorStatesSql(base, at)}),
        w AS (
          INSERT INTO replay_keyframes (at, entity_kind, entity_id, position, state)
          SELECT ${atParam}, 'sensor', s.id, (SELECT position FROM sensors WHERE id = s.id), jsonb_build_object('readings', s.readings)
          FROM s
          ON CONFLICT (at, entity_kind, entity_id) DO UPDATE SET position = excluded.position, state = excluded.state
          RETURNING 1
        )
        SELECT count(*)::int AS n FROM w`,
  );
  const open = (await incidentStatesAt(db, at)).filter((i) => i.status !== 'closed');
  if (open.length > 0) {
    const states = open.map((i) =>
      JSON.stringify({
        seq: i.seq,
        change: i.change,
        status: i.status,
        severity: i.severity,
        title: i.title,
        openedAt: i.openedAt.toISOString(),
        at: i.at.toISOString(),
      }),
    );
    await db.execute(sql`
      INSERT INTO replay_keyframes (at, entity_kind, entity_id, position, state)
      SELECT ${atParam}, 'incident', i.id, CASE WHEN i.lon IS NULL THEN NULL ELSE ST_SetSRID(ST_MakePoint(i.lon, i.lat), 4326) END, i.state
      FROM unnest(${p(open.map((i) => i.id))}::text[], ${p(open.map((i) => i.position?.lon ?? null))}::float8[],
                  ${p(open.map((i) => i.position?.lat ?? null))}::float8[], ${p(states)}::jsonb[]) AS i(id, lon, lat, state)
      ON CONFLICT (at, entity_kind, entity_id) DO UPDATE SET position = excluded.position, state = excluded.state`);
  }
  return { assets: Number(assets?.n ?? 0), sensors: Number(sensors?.n ?? 0), incidents: open.length };
}

/**
 * Summarises the page ranges appended since the last summary in the BRIN indexes on time of the
 * history tables, so that a time-range read skips them (unsummarised ranges are always read). Autovacuum
 * does it eventually; the keyframe writer does it after each keyframe.
 */
export async function summarizeHistoryIndexes(db: Db): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`SELECT (brin_summarize_new_values('positions_time_brin'::regclass)
              + brin_summarize_new_values('readings_time_brin'::regclass))::int AS n`,
  );
  return Number(row?.n ?? 0);
}

/** History tables retention applies to, with their time column. */
export const RETENTION_TABLES = {
  positions: 'time',
  readings: 'time',
  reports: 'occurred_at',
  alerts: 'raised_at',
  incident_events: 'at',
  operator_commands: 'issued_at',
  replay_keyframes: 'at',
} as const;
export type RetentionTable = keyof typeof RETENTION_TABLES;

/**
 * Deletes rows of `table` older than `before`, at most `batchSize` per statement (short transactions,
 * no long lock), until none is left. Returns how many rows went. Alerts still standing (active or
 * acknowledged, not expired) are kept whatever their age.
 */
export async function deleteHistoryBefore(
  db: Db,
  table: RetentionTable,
  before: Date,
  batchSize = 10_000,
): Promise<number> {
  checkTime(before, 'retention');
  // Keyframes are kept in two tables: asset keyframes (one row per instant) go with the others.
  const packed =
    table === 'replay_keyframes'
      ? await deleteRowsBefore(db, 'replay_asset_keyframes', 'at', before, batchSize)
      : 0;
  return packed + (await deleteRowsBefore(db, table, RETENTION_TABLES[table], before, batchSize));
}

async function deleteRowsBefore(
  db: Db,
  table: RetentionTable | 'replay_asset_keyframes',
  column: string,
  before: Date,
  batchSize: number,
): Promise<number> {
  const keep = table === 'alerts' ? sql`AND status NOT IN ('active', 'acknowledged')` : sql``;
  let total = 0;
  for (;;) {
    const [row] = await queryRows<{ n: number }>(
      db,
      sql`WITH gone AS (
            DELETE FROM ${sql.raw(table)} WHERE ctid IN (
              SELECT ctid FROM ${sql.raw(table)}
              WHERE ${sql.raw(column)} < ${p(before.toISOString())}::timestamptz ${keep}
              LIMIT ${batchSize})
            RETURNING 1)
          SELECT count(*)::int AS n FROM gone`,
    );
    const n = Number(row?.n ?? 0);
    total += n;
    if (n < batchSize) return total;
  }
}
