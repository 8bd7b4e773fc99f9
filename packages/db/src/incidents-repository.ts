/**
 * Incidents and their timeline, written by the processor. Every change is stored with its incident
 * event in the caller's transaction, and is idempotent by the envelope id of the command or alert
 * that caused it (`incident_events.envelope_id` is unique): a change delivered twice is stored once.
 *
 * Severities: the database's ladder names the lowest step `unknown` where the wire says `info`; the
 * mapping happens here, so callers only ever see the wire's names.
 */
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from './database';
import type { GeoGeometry, LonLat } from './geo-types';
import { fromGeoPoint, toGeoPoint } from './geo-types';
import { makePoint } from './geometry';
import { users } from './schema/access';
import { dispatches, incidentAssignments, incidentEvents, incidents } from './schema/incidents';
import { alerts } from './schema/observations';

export type IncidentSeverity = 'info' | 'minor' | 'moderate' | 'severe' | 'extreme';

export interface IncidentRecord {
  id: string;
  title: string;
  category: string | null;
  status: string;
  severity: IncidentSeverity;
  position: LonLat;
  area: GeoGeometry | null;
  /** Short region label (country code, admin area or name). */
  region: string | null;
  h3Cell: string | null;
  needs: unknown[];
  openedAt: Date;
  mergedInto: string | null;
  /** Sequence number of the latest event. */
  seq: number;
  /** The rest of the incident's state (evidence, manual severity, assignees…), owned by the caller. */
  state: Record<string, unknown>;
}

export interface IncidentEventInput {
  type: string;
  /** User id or `system:<component>`. */
  actor: string;
  at: Date;
  envelopeId: string;
  data: Record<string, unknown>;
}

export interface IncidentEventDto extends IncidentEventInput {
  incidentId: string;
  seq: number;
}

const toDbSeverity = (s: IncidentSeverity) => (s === 'info' ? 'unknown' : s);
const fromDbSeverity = (s: string): IncidentSeverity =>
  s === 'minor' || s === 'moderate' || s === 'severe' || s === 'extreme' ? s : 'info';

function toRecord(row: typeof incidents.$inferSelect): IncidentRecord {
  const attrs = row.attrs;
  const state =
    typeof attrs.state === 'object' && attrs.state !== null ? (attrs.state as Record<string, unknown>) : {};
  return {
    id: row.id,
    title: row.title,
    category: row.category,
    status: row.status,
    severity: fromDbSeverity(row.severity),
    position: (row.position === null ? null : fromGeoPoint(row.position)) ?? { lon: 0, lat: 0 },
    area: row.area,
    region: row.region,
    h3Cell: row.h3Cell,
    needs: row.needs,
    openedAt: row.openedAt,
    mergedInto: row.mergedInto,
    seq: row.lastSeq,
    state,
  };
}

/** The incident, locked for the rest of the transaction (PostgreSQL), or null. */
export async function lockIncident(tx: Db, id: string): Promise<IncidentRecord | null> {
  const [row] = await tx.select().from(incidents).where(eq(incidents.id, id)).for('update').limit(1);
  return row === undefined ? null : toRecord(row);
}

export async function lockIncidents(tx: Db, ids: readonly string[]): Promise<IncidentRecord[]> {
  if (ids.length === 0) return [];
  const rows = await tx
    .select()
    .from(incidents)
    .where(inArray(incidents.id, [...ids]))
    .orderBy(incidents.id)
    .for('update');
  return rows.map(toRecord);
}

export async function getIncident(db: Db, id: string): Promise<IncidentRecord | null> {
  const [row] = await db.select().from(incidents).where(eq(incidents.id, id)).limit(1);
  return row === undefined ? null : toRecord(row);
}

/** Whether a change caused by this envelope is stored already. */
export async function isChangeStored(db: Db, envelopeId: string): Promise<boolean> {
  const rows = await db
    .select({ seq: incidentEvents.seq })
    .from(incidentEvents)
    .where(eq(incidentEvents.envelopeId, envelopeId))
    .limit(1);
  return rows.length > 0;
}

/**
 * Stores an incident as it is after a change, with the change as its event number `incident.seq`.
 * Returns false, writing nothing, when the envelope's change is stored already.
 */
export async function saveIncidentChange(
  tx: Db,
  incident: IncidentRecord,
  event: IncidentEventInput,
  stamps: { acknowledgedBy?: string; acknowledgedAt?: Date; resolvedAt?: Date; closedAt?: Date } = {},
): Promise<boolean> {
  if (await isChangeStored(tx, event.envelopeId)) return false;
  const values = {
    id: incident.id,
    title: incident.title,
    category: incident.category,
    status: incident.status,
    severity: toDbSeverity(incident.severity),
    position: toGeoPoint(incident.position),
    area: incident.area,
    region: incident.region,
    h3Cell: incident.h3Cell,
    summary: null,
    needs: incident.needs,
    openedAt: incident.openedAt,
    updatedAt: event.at,
    mergedInto: incident.mergedInto,
    lastSeq: incident.seq,
    attrs: { state: incident.state },
  };
  const { id: _id, openedAt: _openedAt, summary: _summary, ...changes } = values;
  await tx
    .insert(incidents)
    .values(values)
    .onConflictDoUpdate({
      target: incidents.id,
      set: {
        ...changes,
        ...(stamps.acknowledgedAt === undefined
          ? {}
          : {
              acknowledgedAt: stamps.acknowledgedAt,
              // Only known users are referenced; a command from elsewhere keeps its actor in the event.
              acknowledgedBy: sql`(SELECT ${users.id} FROM ${users} WHERE ${users.id} = ${stamps.acknowledgedBy ?? ''})`,
            }),
        ...(stamps.resolvedAt === undefined ? {} : { resolvedAt: stamps.resolvedAt }),
        ...(stamps.closedAt === undefined ? {} : { closedAt: stamps.closedAt }),
      },
    });
  await tx.insert(incidentEvents).values({
    incidentId: incident.id,
    seq: incident.seq,
    type: event.type,
    actor: event.actor,
    at: event.at,
    envelopeId: event.envelopeId,
    data: event.data,
  });
  return true;
}

/** The incident an alert belongs to: by the alert's link, else by the incident's own evidence list. */
export async function incidentOfAlert(db: Db, alertId: string): Promise<string | null> {
  const [linked] = await db
    .select({ incidentId: alerts.incidentId })
    .from(alerts)
    .where(eq(alerts.id, alertId))
    .limit(1);
  if (linked?.incidentId != null) return linked.incidentId;
  const [row] = await db
    .select({ id: incidents.id })
    .from(incidents)
    .where(sql`${incidents.attrs} -> 'state' -> 'alertIds' ? ${alertId}`)
    .limit(1);
  return row?.id ?? null;
}

/** Open incidents (not resolved, closed nor merged) within `radiusKm` of a point, nearest first. */
export async function openIncidentsNear(
  db: Db,
  point: LonLat,
  radiusKm: number,
  limit = 50,
): Promise<IncidentRecord[]> {
  const target = makePoint(point);
  const rows = await db
    .select()
    .from(incidents)
    .where(
      and(
        inArray(incidents.status, ['detected', 'acknowledged', 'dispatched', 'on_scene']),
        isNull(incidents.mergedInto),
        sql`ST_DWithin(${incidents.position}::geography, ${target}::geography, ${radiusKm * 1000}::float8, false)`,
      ),
    )
    .orderBy(sql`${incidents.position}::geography <-> ${target}::geography`)
    .limit(limit);
  return rows.map(toRecord);
}

/** Links alerts to an incident (alerts not stored yet are linked by the incident's evidence list). */
export async function linkAlerts(tx: Db, incidentId: string, alertIds: readonly string[]): Promise<number> {
  if (alertIds.length === 0) return 0;
  const rows = await tx
    .update(alerts)
    .set({ incidentId })
    .where(inArray(alerts.id, [...alertIds]))
    .returning({ id: alerts.id });
  return rows.length;
}

/** What an incident needs to know of stored alerts it is opened from: kind, severity and time. */
export async function alertsForEvidence(
  db: Db,
  ids: readonly string[],
): Promise<{ id: string; kind: string; severity: string; at: Date }[]> {
  if (ids.length === 0) return [];
  return db
    .select({ id: alerts.id, kind: alerts.kind, severity: alerts.severity, at: alerts.updatedAt })
    .from(alerts)
    .where(inArray(alerts.id, [...ids]));
}

/** Adds assignees of an incident (existing ones are kept as they are). */
export async function addAssignments(
  tx: Db,
  incidentId: string,
  assignees: readonly { kind: 'user' | 'team'; id: string }[],
  assignedBy: string,
  at: Date,
): Promise<void> {
  if (assignees.length === 0) return;
  await tx
    .insert(incidentAssignments)
    .values(
      assignees.map((a) => ({
        incidentId,
        assigneeKind: a.kind,
        assigneeId: a.id,
        assignedBy,
        assignedAt: at,
      })),
    )
    .onConflictDoNothing();
}

/** Moves what hangs off absorbed incidents (alert links, dispatches, assignments) to the survivor. */
export async function moveIncidentLinks(tx: Db, fromIds: readonly string[], toId: string): Promise<void> {
  if (fromIds.length === 0) return;
  const from = [...fromIds];
  await tx.update(alerts).set({ incidentId: toId }).where(inArray(alerts.incidentId, from));
  await tx.update(dispatches).set({ incidentId: toId }).where(inArray(dispatches.incidentId, from));
  await tx.execute(sql`
    INSERT INTO incident_assignments (incident_id, assignee_kind, assignee_id, assigned_by, assigned_at)
    SELECT ${toId}, assignee_kind, assignee_id, assigned_by, assigned_at
    FROM incident_assignments WHERE incident_id IN ${from}
    ON CONFLICT DO NOTHING
  `);
}

/** An incident's timeline, oldest first. */
export async function incidentTimeline(db: Db, incidentId: string): Promise<IncidentEventDto[]> {
  const rows = await db
    .select()
    .from(incidentEvents)
    .where(eq(incidentEvents.incidentId, incidentId))
    .orderBy(incidentEvents.seq);
  return rows.map((r) => ({
    incidentId: r.incidentId,
    seq: r.seq,
    type: r.type,
    actor: r.actor,
    at: r.at,
    envelopeId: r.envelopeId ?? '',
    data: r.data,
  }));
}

export interface AcknowledgedAlert {
  id: string;
  kind: string;
  ruleId: string | null;
  severity: IncidentSeverity;
  status: string;
  title: string;
  description: string | null;
  category: string | null;
  place: GeoGeometry | null;
  evidence: unknown[];
  sender: string | null;
  identifier: string | null;
  incidentId: string | null;
  raisedAt: Date;
  updatedAt: Date;
  expiresAt: Date | null;
}

/**
 * Marks an active alert acknowledged by a user. Returns the alert after the change, or, when it was
 * not active, `{ refused }` with its status (`missing` when there is no such alert).
 */
export async function acknowledgeAlert(
  tx: Db,
  alertId: string,
  userId: string,
  at: Date,
): Promise<AcknowledgedAlert | { refused: string }> {
  const [row] = await tx
    .update(alerts)
    .set({
      status: 'acknowledged',
      acknowledgedAt: at,
      acknowledgedBy: sql`(SELECT ${users.id} FROM ${users} WHERE ${users.id} = ${userId})`,
      updatedAt: at,
    })
    .where(and(eq(alerts.id, alertId), eq(alerts.status, 'active')))
    .returning();
  if (row === undefined) {
    const [current] = await tx
      .select({ status: alerts.status })
      .from(alerts)
      .where(eq(alerts.id, alertId))
      .limit(1);
    return { refused: current?.status ?? 'missing' };
  }
  const evidence = (row.evidence as { items?: unknown }).items;
  return {
    id: row.id,
    kind: row.kind,
    ruleId: row.ruleId,
    severity: fromDbSeverity(row.severity),
    status: row.status,
    title: row.headline,
    description: row.description,
    category: row.category,
    place: row.geometry,
    evidence: Array.isArray(evidence) ? evidence : [],
    sender: row.sender,
    identifier: row.identifier,
    incidentId: row.incidentId,
    raisedAt: row.raisedAt,
    updatedAt: row.updatedAt,
    expiresAt: row.expiresAt,
  };
}
