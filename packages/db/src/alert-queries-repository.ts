/** Read side of alerts: the filtered list and one alert, as `@vigie/contracts/alert-api` DTOs. */
import { and, desc, eq, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import type { TAlertSummary } from '@vigie/contracts/alert-api';
import type { TAlertKind, TAlertStatus, TEvidence } from '@vigie/contracts/live-alerts';
import type { TCategory } from '@vigie/contracts/categories';
import type { TBbox } from '@vigie/contracts/primitives';
import type { TSeverity } from '@vigie/contracts/severity';
import type { Db } from './database';
import { bboxCondition } from './incident-queries-repository';
import { decodeCursor, encodeCursor, iso, opt, severityToDb, severityToWire } from './query-mapping';
import { alerts } from './schema/observations';

export interface AlertFilter {
  status?: readonly TAlertStatus[];
  severity?: readonly TSeverity[];
  kind?: readonly TAlertKind[];
  category?: TCategory;
  region?: string;
  bbox?: TBbox;
  incidentId?: string;
  unacknowledged?: boolean;
  /** Only alerts of these incidents or inside `orBbox` (a field user's scope). */
  scope?: { incidentIds: readonly string[]; bbox?: TBbox };
  limit: number;
  cursor?: string;
}

function evidenceOf(evidence: Record<string, unknown>): TEvidence[] {
  const items = Array.isArray(evidence) ? evidence : evidence.items;
  if (!Array.isArray(items)) return [];
  return items
    .filter(
      (e): e is TEvidence =>
        typeof e === 'object' &&
        e !== null &&
        typeof (e as Record<string, unknown>).kind === 'string' &&
        typeof (e as Record<string, unknown>).eventId === 'string' &&
        typeof (e as Record<string, unknown>).at === 'string',
    )
    .slice(0, 500);
}

export function toAlertSummary(a: typeof alerts.$inferSelect): TAlertSummary {
  return {
    alertId: a.id,
    kind: a.kind as TAlertKind,
    ...opt('ruleId', a.ruleId),
    severity: severityToWire(a.severity),
    status: a.status as TAlertStatus,
    title: a.headline.slice(0, 200) || a.id,
    ...opt('description', a.description?.slice(0, 4_000)),
    ...opt('category', a.category as TCategory | null),
    ...opt('place', a.geometry as TAlertSummary['place'] | null),
    ...opt('region', a.region),
    ...opt('incidentId', a.incidentId),
    evidence: evidenceOf(a.evidence),
    raisedAt: iso(a.raisedAt),
    updatedAt: iso(a.updatedAt),
    ...opt('expiresAt', a.expiresAt ? iso(a.expiresAt) : null),
    ...opt('acknowledgedBy', a.acknowledgedBy),
    ...opt('acknowledgedAt', a.acknowledgedAt ? iso(a.acknowledgedAt) : null),
    ...opt('escalatedAt', a.escalatedAt ? iso(a.escalatedAt) : null),
  };
}

/** Alerts, most recently raised first, paginated by cursor. */
export async function listAlerts(
  db: Db,
  filter: AlertFilter,
): Promise<{ items: TAlertSummary[]; nextCursor?: string }> {
  const c: (SQL | undefined)[] = [];
  if (filter.status?.length) c.push(inArray(alerts.status, [...filter.status]));
  if (filter.severity?.length) c.push(inArray(alerts.severity, filter.severity.map(severityToDb)));
  if (filter.kind?.length) c.push(inArray(alerts.kind, [...filter.kind]));
  if (filter.category !== undefined) c.push(eq(alerts.category, filter.category));
  if (filter.region !== undefined) c.push(eq(alerts.region, filter.region));
  if (filter.bbox !== undefined) c.push(bboxCondition(alerts.geometry, filter.bbox));
  if (filter.incidentId !== undefined) c.push(eq(alerts.incidentId, filter.incidentId));
  if (filter.unacknowledged === true)
    c.push(and(isNull(alerts.acknowledgedAt), inArray(alerts.status, ['active'])));
  if (filter.scope !== undefined) {
    const parts: SQL[] = [];
    if (filter.scope.incidentIds.length > 0)
      parts.push(inArray(alerts.incidentId, [...filter.scope.incidentIds]));
    if (filter.scope.bbox !== undefined) parts.push(bboxCondition(alerts.geometry, filter.scope.bbox));
    if (parts.length === 0) return { items: [] };
    c.push(or(...parts));
  }
  const cursor = filter.cursor === undefined ? null : decodeCursor(filter.cursor);
  if (cursor !== null)
    c.push(or(lt(alerts.raisedAt, cursor.at), and(eq(alerts.raisedAt, cursor.at), lt(alerts.id, cursor.id))));
  const rows = await db
    .select()
    .from(alerts)
    .where(and(...c))
    .orderBy(desc(alerts.raisedAt), desc(alerts.id))
    .limit(filter.limit + 1);
  const page = rows.slice(0, filter.limit);
  const last = page[page.length - 1];
  return {
    items: page.map(toAlertSummary),
    ...(rows.length > filter.limit && last !== undefined
      ? { nextCursor: encodeCursor(last.raisedAt, last.id) }
      : {}),
  };
}

export async function getAlertSummary(db: Db, alertId: string): Promise<TAlertSummary | null> {
  const [row] = await db.select().from(alerts).where(eq(alerts.id, alertId)).limit(1);
  return row === undefined ? null : toAlertSummary(row);
}

/** Whether the alert's geometry intersects the bbox (for field users' visibility checks). */
export async function alertIntersects(db: Db, alertId: string, bbox: TBbox): Promise<boolean> {
  const [row] = await db
    .select({ id: alerts.id })
    .from(alerts)
    .where(and(eq(alerts.id, alertId), bboxCondition(alerts.geometry, bbox)))
    .limit(1);
  return row !== undefined;
}

/** Unacknowledged active alerts of these severities raised before `raisedBefore` and not escalated yet. */
export async function alertsDueForEscalation(
  db: Db,
  severities: readonly TSeverity[],
  raisedBefore: Date,
  limit = 500,
): Promise<TAlertSummary[]> {
  const rows = await db
    .select()
    .from(alerts)
    .where(
      and(
        eq(alerts.status, 'active'),
        isNull(alerts.acknowledgedAt),
        isNull(alerts.escalatedAt),
        inArray(alerts.severity, severities.map(severityToDb)),
        lt(alerts.raisedAt, raisedBefore),
      ),
    )
    .orderBy(alerts.raisedAt)
    .limit(limit);
  return rows.map(toAlertSummary);
}

/** Marks an alert escalated, once: true when this call set it, false when it was already set. */
export async function markAlertEscalated(db: Db, alertId: string, at: Date): Promise<boolean> {
  const rows = await db
    .update(alerts)
    .set({ escalatedAt: at })
    .where(and(eq(alerts.id, alertId), isNull(alerts.escalatedAt)))
    .returning({ id: alerts.id });
  return rows.length === 1;
}

/** Counts for tests and metrics. */
export async function countEscalatedAlerts(db: Db): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int`.mapWith(Number) })
    .from(alerts)
    .where(sql`${alerts.escalatedAt} IS NOT NULL`);
  return row?.n ?? 0;
}
