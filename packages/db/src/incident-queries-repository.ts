/**
 * Read side of incidents: the filtered queue, one incident's detail (linked alerts, evidence with
 * positions, needs, dispatches with their vehicle, assignees) and its event timeline, as the DTOs of
 * `@vigie/contracts/incident-api`.
 */
import { and, asc, desc, eq, gt, inArray, lt, or, sql } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import type {
  TIncidentAssignee,
  TIncidentDetail,
  TIncidentDispatch,
  TIncidentList,
  TIncidentNeed,
  TIncidentSummary,
  TIncidentTimeline,
  TLinkedAlert,
  TPlacedEvidence,
} from '@vigie/contracts/incident-api';
import type { TIncidentStatus } from '@vigie/contracts/live-incidents';
import type { TSeverity } from '@vigie/contracts/severity';
import type { TBbox } from '@vigie/contracts/primitives';
import type { TCategory } from '@vigie/contracts/categories';
import type { Db } from './database';
import {
  decodeCursor,
  encodeCursor,
  iso,
  lonLatOf,
  opt,
  severityToDb,
  severityToWire,
} from './query-mapping';
import { users } from './schema/access';
import { dispatches, incidentAssignments, incidentEvents, incidents } from './schema/incidents';
import { alerts, reports } from './schema/observations';
import { assets, sensors } from './schema/tracking';

export interface IncidentFilter {
  status?: readonly TIncidentStatus[];
  severity?: readonly TSeverity[];
  category?: TCategory;
  region?: string;
  bbox?: TBbox;
  text?: string;
  /** Only these incidents (a field user's own). */
  ids?: readonly string[];
  limit: number;
  cursor?: string;
}

// Written out in full: inside a select list drizzle leaves column names unqualified.
const alertCount = sql<number>`(SELECT count(*)::int FROM "alerts" a WHERE a."incident_id" = "incidents"."id")`;
const dispatchCount = sql<number>`(SELECT count(*)::int FROM "dispatches" d WHERE d."incident_id" = "incidents"."id")`;

const summaryColumns = {
  row: incidents,
  alertCount: alertCount.mapWith(Number),
  dispatchCount: dispatchCount.mapWith(Number),
};

type SummaryRow = { row: typeof incidents.$inferSelect; alertCount: number; dispatchCount: number };

function toSummary({ row, alertCount: alertsN, dispatchCount: dispatchesN }: SummaryRow): TIncidentSummary {
  return {
    incidentId: row.id,
    title: row.title,
    ...opt('category', row.category as TCategory | null),
    status: row.status as TIncidentStatus,
    severity: severityToWire(row.severity),
    ...opt('position', lonLatOf(row.position)),
    ...opt('region', row.region),
    ...opt('summary', row.summary),
    openedAt: iso(row.openedAt),
    updatedAt: iso(row.updatedAt),
    ...opt('acknowledgedAt', row.acknowledgedAt ? iso(row.acknowledgedAt) : null),
    alertCount: alertsN,
    dispatchCount: dispatchesN,
    ...opt('mergedInto', row.mergedInto),
  };
}

/** Envelope of a bbox, split in two at the antimeridian when west > east. */
export function bboxCondition(column: SQL | unknown, bbox: TBbox): SQL {
  const [west, south, east, north] = bbox;
  const envelope = (w: number, e: number) =>
    sql`${column} && ST_MakeEnvelope(${w}::float8, ${south}::float8, ${e}::float8, ${north}::float8, 4326)`;
  return west <= east ? envelope(west, east) : sql`(${envelope(west, 180)} OR ${envelope(-180, east)})`;
}

/** The incident queue, most recently changed first, paginated by cursor. */
export async function listIncidents(db: Db, filter: IncidentFilter): Promise<TIncidentList> {
  const conditions: (SQL | undefined)[] = [];
  if (filter.status !== undefined && filter.status.length > 0)
    conditions.push(inArray(incidents.status, [...filter.status]));
  if (filter.severity !== undefined && filter.severity.length > 0)
    conditions.push(inArray(incidents.severity, filter.severity.map(severityToDb)));
  if (filter.category !== undefined) conditions.push(eq(incidents.category, filter.category));
  if (filter.region !== undefined) conditions.push(eq(incidents.region, filter.region));
  if (filter.bbox !== undefined) conditions.push(bboxCondition(incidents.position, filter.bbox));
  if (filter.ids !== undefined) {
    if (filter.ids.length === 0) return { items: [] };
    conditions.push(inArray(incidents.id, [...filter.ids]));
  }
  if (filter.text !== undefined && filter.text.trim() !== '') {
    const pattern = `%${filter.text.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conditions.push(
      sql`(${incidents.title} ILIKE ${pattern} OR coalesce(${incidents.summary}, '') ILIKE ${pattern})`,
    );
  }
  const cursor = filter.cursor === undefined ? null : decodeCursor(filter.cursor);
  if (cursor !== null)
    conditions.push(
      or(
        lt(incidents.updatedAt, cursor.at),
        and(eq(incidents.updatedAt, cursor.at), lt(incidents.id, cursor.id)),
      ),
    );
  const rows = await db
    .select(summaryColumns)
    .from(incidents)
    .where(and(...conditions))
    .orderBy(desc(incidents.updatedAt), desc(incidents.id))
    .limit(filter.limit + 1);
  const page = rows.slice(0, filter.limit);
  const last = page[page.length - 1];
  return {
    items: page.map(toSummary),
    ...(rows.length > filter.limit && last !== undefined
      ? { nextCursor: encodeCursor(last.row.updatedAt, last.row.id) }
      : {}),
  };
}

/** Summaries of these incidents (any order). */
export async function incidentSummaries(db: Db, ids: readonly string[]): Promise<TIncidentSummary[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .select(summaryColumns)
    .from(incidents)
    .where(inArray(incidents.id, [...ids]));
  return rows.map(toSummary);
}

function evidenceItems(evidence: Record<string, unknown>): Record<string, unknown>[] {
  const items = Array.isArray(evidence) ? evidence : evidence.items;
  return Array.isArray(items)
    ? items.filter((i): i is Record<string, unknown> => typeof i === 'object' && i !== null)
    : [];
}

function parseNeeds(needs: unknown[]): TIncidentNeed[] {
  const out: TIncidentNeed[] = [];
  for (const need of needs) {
    if (typeof need !== 'object' || need === null) continue;
    const n = need as Record<string, unknown>;
    const itemCode = typeof n.itemCode === 'string' ? n.itemCode : typeof n.item === 'string' ? n.item : null;
    const quantity = typeof n.quantity === 'number' ? n.quantity : null;
    if (itemCode === null || quantity === null) continue;
    out.push({
      itemCode,
      quantity,
      ...opt('itemName', typeof n.itemName === 'string' ? n.itemName : null),
      ...opt('unit', typeof n.unit === 'string' ? n.unit : null),
    });
  }
  return out;
}

/** Positions of the entities (assets, sensors, reports by envelope id) evidence points at. */
async function evidencePositions(
  db: Db,
  entityIds: readonly string[],
  eventIds: readonly string[],
): Promise<Map<string, { lon: number; lat: number }>> {
  const found = new Map<string, { lon: number; lat: number }>();
  if (entityIds.length > 0) {
    const ids = [...entityIds];
    const [assetRows, sensorRows] = await Promise.all([
      db.select({ id: assets.id, position: assets.position }).from(assets).where(inArray(assets.id, ids)),
      db.select({ id: sensors.id, position: sensors.position }).from(sensors).where(inArray(sensors.id, ids)),
    ]);
    for (const r of [...assetRows, ...sensorRows]) {
      const p = lonLatOf(r.position);
      if (p !== undefined) found.set(r.id, p);
    }
  }
  const reportIds = [...entityIds, ...eventIds];
  if (reportIds.length > 0) {
    const rows = await db
      .select({ id: reports.envelopeId, position: reports.position })
      .from(reports)
      .where(inArray(reports.envelopeId, reportIds));
    for (const r of rows) {
      const p = lonLatOf(r.position);
      if (p !== undefined) found.set(r.id, p);
    }
  }
  return found;
}

/** One incident with everything its panel shows, or null. */
export async function getIncidentDetail(db: Db, incidentId: string): Promise<TIncidentDetail | null> {
  const [row] = await db.select(summaryColumns).from(incidents).where(eq(incidents.id, incidentId)).limit(1);
  if (row === undefined) return null;
  const [alertRows, dispatchRows, assignmentRows] = await Promise.all([
    db
      .select()
      .from(alerts)
      .where(eq(alerts.incidentId, incidentId))
      .orderBy(asc(alerts.raisedAt), asc(alerts.id))
      .limit(1_000),
    db
      .select({ d: dispatches, asset: assets })
      .from(dispatches)
      .leftJoin(assets, eq(assets.id, dispatches.assetId))
      .where(eq(dispatches.incidentId, incidentId))
      .orderBy(asc(dispatches.createdAt), asc(dispatches.id))
      .limit(500),
    db
      .select({ a: incidentAssignments, userName: users.name, userRole: users.role, teamName: assets.name })
      .from(incidentAssignments)
      .leftJoin(
        users,
        and(eq(incidentAssignments.assigneeKind, 'user'), eq(users.id, incidentAssignments.assigneeId)),
      )
      .leftJoin(
        assets,
        and(eq(incidentAssignments.assigneeKind, 'team'), eq(assets.id, incidentAssignments.assigneeId)),
      )
      .where(eq(incidentAssignments.incidentId, incidentId))
      .orderBy(asc(incidentAssignments.assignedAt))
      .limit(200),
  ]);

  const linked: TLinkedAlert[] = alertRows.map((a) => ({
    alertId: a.id,
    kind: a.kind as TLinkedAlert['kind'],
    severity: severityToWire(a.severity),
    status: a.status as TLinkedAlert['status'],
    title: a.headline.slice(0, 200) || a.id,
    ...opt('place', a.geometry as TLinkedAlert['place'] | null),
    raisedAt: iso(a.raisedAt),
  }));

  const rawEvidence = alertRows.flatMap((a) => evidenceItems(a.evidence).map((e) => ({ alertId: a.id, e })));
  const entityIds = [
    ...new Set(rawEvidence.map(({ e }) => e.entityId).filter((v): v is string => typeof v === 'string')),
  ];
  const eventIds = [
    ...new Set(rawEvidence.map(({ e }) => e.eventId).filter((v): v is string => typeof v === 'string')),
  ];
  const positions = await evidencePositions(db, entityIds, eventIds);
  const alertPoints = new Map<string, { lon: number; lat: number }>();
  for (const a of alertRows)
    if (a.geometry?.type === 'Point')
      alertPoints.set(a.id, { lon: a.geometry.coordinates[0], lat: a.geometry.coordinates[1] });
  const evidence: TPlacedEvidence[] = [];
  for (const { alertId, e } of rawEvidence.slice(0, 5_000)) {
    if (typeof e.kind !== 'string' || typeof e.eventId !== 'string' || typeof e.at !== 'string') continue;
    const entityId = typeof e.entityId === 'string' ? e.entityId : undefined;
    // Where the evidence was: its entity or report, else the alert's own point.
    const position =
      (entityId !== undefined ? positions.get(entityId) : undefined) ??
      positions.get(e.eventId) ??
      alertPoints.get(alertId);
    evidence.push({
      alertId,
      kind: e.kind as TPlacedEvidence['kind'],
      eventId: e.eventId,
      at: e.at,
      ...opt('entityId', entityId),
      ...opt('value', typeof e.value === 'number' ? e.value : null),
      ...opt('summary', typeof e.summary === 'string' ? e.summary : null),
      ...opt('position', position),
    });
  }

  const dispatchList: TIncidentDispatch[] = dispatchRows.map(({ d, asset }) => ({
    dispatchId: d.id,
    status: d.status as TIncidentDispatch['status'],
    ...(asset !== null
      ? {
          asset: {
            assetId: asset.id,
            name: asset.name,
            ...opt(
              'kind',
              asset.kind === 'other' ? null : (asset.kind as NonNullable<TIncidentDispatch['asset']>['kind']),
            ),
            status: asset.status as NonNullable<NonNullable<TIncidentDispatch['asset']>['status']>,
            ...opt('position', lonLatOf(asset.position)),
          },
        }
      : d.assetId !== null
        ? { asset: { assetId: d.assetId } }
        : {}),
    ...opt('warehouseId', d.warehouseId),
    ...opt('itemCode', d.item),
    ...opt('quantity', d.quantity),
    ...opt('eta', d.eta ? iso(d.eta) : null),
    ...opt('arrivedAt', d.arrivedAt ? iso(d.arrivedAt) : null),
    ...opt('commandId', d.commandId),
    createdAt: iso(d.createdAt),
    updatedAt: iso(d.updatedAt),
  }));

  const assignees: TIncidentAssignee[] = assignmentRows.map(({ a, userName, userRole, teamName }) => ({
    assigneeKind: a.assigneeKind as 'user' | 'team',
    assigneeId: a.assigneeId,
    ...opt('name', userName ?? teamName),
    ...opt('role', userRole),
    assignedAt: iso(a.assignedAt),
  }));

  const incident = row.row;
  return {
    incident: {
      ...toSummary(row),
      ...opt('area', incident.area as TIncidentDetail['incident']['area'] | null),
      ...opt('resolvedAt', incident.resolvedAt ? iso(incident.resolvedAt) : null),
      ...opt('closedAt', incident.closedAt ? iso(incident.closedAt) : null),
      lastSeq: incident.lastSeq,
    },
    alerts: linked,
    evidence,
    needs: parseNeeds(incident.needs),
    dispatches: dispatchList,
    assignees,
  };
}

/** An incident's events after `afterSeq`, oldest first, or null when the incident does not exist. */
export async function incidentTimeline(
  db: Db,
  incidentId: string,
  options: { afterSeq: number; limit: number },
): Promise<TIncidentTimeline | null> {
  const [exists] = await db.select({ id: incidents.id }).from(incidents).where(eq(incidents.id, incidentId));
  if (exists === undefined) return null;
  const rows = await db
    .select({ e: incidentEvents, actorName: users.name })
    .from(incidentEvents)
    .leftJoin(users, eq(users.id, incidentEvents.actor))
    .where(and(eq(incidentEvents.incidentId, incidentId), gt(incidentEvents.seq, options.afterSeq)))
    .orderBy(asc(incidentEvents.seq))
    .limit(options.limit);
  return {
    incidentId,
    events: rows.map(({ e, actorName }) => ({
      seq: e.seq,
      type: e.type,
      actor: e.actor,
      ...opt('actorName', actorName),
      at: iso(e.at),
      data: e.data,
    })),
  };
}
