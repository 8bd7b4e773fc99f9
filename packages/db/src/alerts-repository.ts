/**
 * Write side of alerts: the processor upserts the current state of each alert it raises or relays
 * (`TLiveAlertV1`, keyed by alert id; external alerts are also unique on CAP sender + identifier),
 * inside the transaction of the batch that produced them. An alert a coordinator acknowledged stays
 * acknowledged when its detector updates it, and its incident link is never overwritten here.
 * The read side for the gateway lives in `alert-queries-repository.ts`.
 */
import { and, asc, eq, gte, inArray, lte, ne, sql } from 'drizzle-orm';
import type { TEvidence, TLiveAlertV1 } from '@vigie/contracts/live-alerts';
import type { TAlertKind, TAlertStatus } from '@vigie/contracts/live-alerts';
import type { TCategory } from '@vigie/contracts/categories';
import type { TRegion } from '@vigie/contracts/primitives';
import type { Db } from './database';
import type { GeoGeometry } from './geo-types';
import { geomFromGeoJson } from './geometry';
import { severityToDb, severityToWire } from './query-mapping';
import { alerts } from './schema/observations';

function toRow(alert: TLiveAlertV1, now: Date): typeof alerts.$inferInsert {
  return {
    id: alert.alertId,
    kind: alert.kind,
    ruleId: alert.ruleId ?? null,
    severity: severityToDb(alert.severity),
    status: alert.status,
    headline: alert.title,
    description: alert.description ?? null,
    geometry: alert.place as GeoGeometry,
    evidence: { items: alert.evidence },
    raisedAt: new Date(alert.raisedAt),
    expiresAt: alert.expiresAt === undefined ? null : new Date(alert.expiresAt),
    sender: alert.external?.sender ?? null,
    identifier: alert.external?.identifier ?? null,
    category: alert.category ?? null,
    region: alert.region?.country ?? null,
    h3Cell: alert.cell ?? null,
    updatedAt: alert.updatedAt === undefined ? now : new Date(alert.updatedAt),
    attrs: alert.region === undefined ? {} : { region: alert.region },
  };
}

const excluded = (column: string) => sql.raw(`excluded.${column}`);

/** What an upsert changes on an existing row: everything but who acknowledged it and its incident. */
const updateSet = {
  kind: excluded('kind'),
  ruleId: excluded('rule_id'),
  severity: excluded('severity'),
  // Acknowledged stays acknowledged while the detector says the alert is still active.
  status: sql`CASE WHEN ${alerts.status} = 'acknowledged' AND excluded.status = 'active'
                   THEN 'acknowledged' ELSE excluded.status END`,
  headline: excluded('headline'),
  description: excluded('description'),
  geometry: excluded('geometry'),
  evidence: excluded('evidence'),
  raisedAt: sql`LEAST(${alerts.raisedAt}, excluded.raised_at)`,
  expiresAt: excluded('expires_at'),
  category: excluded('category'),
  region: excluded('region'),
  h3Cell: excluded('h3_cell'),
  updatedAt: excluded('updated_at'),
  attrs: sql`${alerts.attrs} || excluded.attrs`,
};

/**
 * Creates or updates alerts by id (external ones by sender + identifier). Several states of one alert
 * in the list: the last one wins. Returns how many rows were written.
 */
export async function upsertAlerts(tx: Db, list: readonly TLiveAlertV1[], now = new Date()): Promise<number> {
  const latest = new Map<string, TLiveAlertV1>();
  for (const alert of list) latest.set(alert.alertId, alert);
  const own = [...latest.values()].filter((a) => a.external === undefined).map((a) => toRow(a, now));
  const external = [...latest.values()].filter((a) => a.external !== undefined).map((a) => toRow(a, now));
  let written = 0;
  if (own.length > 0) {
    const rows = await tx
      .insert(alerts)
      .values(own)
      .onConflictDoUpdate({ target: alerts.id, set: updateSet })
      .returning({ id: alerts.id });
    written += rows.length;
  }
  if (external.length > 0) {
    const rows = await tx
      .insert(alerts)
      .values(external)
      .onConflictDoUpdate({ target: [alerts.sender, alerts.identifier], set: updateSet })
      .returning({ id: alerts.id });
    written += rows.length;
  }
  return written;
}

function evidenceOf(value: Record<string, unknown>): TEvidence[] {
  const items = (value as { items?: unknown }).items;
  return Array.isArray(items) ? (items as TEvidence[]) : [];
}

/** An alert as the processor publishes it on live.alerts. */
export function toLiveAlert(row: typeof alerts.$inferSelect): TLiveAlertV1 {
  const region = (row.attrs as { region?: TRegion }).region;
  return {
    alertId: row.id,
    kind: row.kind as TAlertKind,
    ...(row.ruleId === null ? {} : { ruleId: row.ruleId }),
    severity: severityToWire(row.severity),
    status: row.status as TAlertStatus,
    title: row.headline,
    ...(row.description === null ? {} : { description: row.description }),
    ...(row.category === null ? {} : { category: row.category as TCategory }),
    place: row.geometry as TLiveAlertV1['place'],
    ...(region === undefined ? {} : { region }),
    ...(row.h3Cell === null ? {} : { cell: row.h3Cell }),
    evidence: evidenceOf(row.evidence),
    ...(row.sender !== null && row.identifier !== null
      ? { external: { sender: row.sender, identifier: row.identifier } }
      : {}),
    ...(row.incidentId === null ? {} : { incidentId: row.incidentId }),
    raisedAt: row.raisedAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    ...(row.expiresAt === null ? {} : { expiresAt: row.expiresAt.toISOString() }),
  };
}

export async function getAlert(db: Db, alertId: string): Promise<TLiveAlertV1 | null> {
  const [row] = await db.select().from(alerts).where(eq(alerts.id, alertId)).limit(1);
  return row === undefined ? null : toLiveAlert(row);
}

export async function getExternalAlert(
  db: Db,
  sender: string,
  identifier: string,
): Promise<TLiveAlertV1 | null> {
  const [row] = await db
    .select()
    .from(alerts)
    .where(and(eq(alerts.sender, sender), eq(alerts.identifier, identifier)))
    .limit(1);
  return row === undefined ? null : toLiveAlert(row);
}

/**
 * Marks the external alerts (sender, identifier) as cancelled, whatever their status; returns their
 * new state (none for references Vigie never received).
 */
export async function cancelExternalAlerts(
  tx: Db,
  references: readonly { sender: string; identifier: string }[],
  at: Date,
): Promise<TLiveAlertV1[]> {
  const out: TLiveAlertV1[] = [];
  for (const ref of references) {
    const rows = await tx
      .update(alerts)
      .set({ status: 'cancelled', updatedAt: at })
      .where(and(eq(alerts.sender, ref.sender), eq(alerts.identifier, ref.identifier)))
      .returning();
    out.push(...rows.map(toLiveAlert));
  }
  return out;
}

/** Active or acknowledged alerts whose `expires_at` has passed become `expired`; returns them. */
export async function expireAlerts(tx: Db, now: Date): Promise<TLiveAlertV1[]> {
  const rows = await tx
    .update(alerts)
    .set({ status: 'expired', updatedAt: now })
    .where(and(inArray(alerts.status, ['active', 'acknowledged']), lte(alerts.expiresAt, now)))
    .returning();
  return rows.map(toLiveAlert);
}

export interface RecentAlertsNearQuery {
  /** The place judged: a point, or an area. */
  place: GeoGeometry;
  /** Alerts whose geometry comes this close to it (overlapping areas are at 0 km). */
  radiusKm: number;
  /** Changed at or after this time. */
  since: Date;
  kinds: readonly TAlertKind[];
  /** Leave this alert out (the one being judged). */
  excludeId?: string;
  /** At most this many, oldest first (default 200). */
  limit?: number;
}

/**
 * Active or acknowledged alerts of the given kinds near a place and changed since a time, oldest
 * first: the evidence the corroboration detector weighs against a new alert.
 */
export async function listRecentAlertsNear(db: Db, query: RecentAlertsNearQuery): Promise<TLiveAlertV1[]> {
  if (query.kinds.length === 0) return [];
  const target = geomFromGeoJson(query.place);
  const rows = await db
    .select()
    .from(alerts)
    .where(
      and(
        inArray(alerts.status, ['active', 'acknowledged']),
        inArray(alerts.kind, [...query.kinds]),
        gte(alerts.updatedAt, query.since),
        query.excludeId === undefined ? undefined : ne(alerts.id, query.excludeId),
        sql`ST_DWithin(${alerts.geometry}::geography, ${target}::geography, ${query.radiusKm * 1000}::float8, false)`,
      ),
    )
    .orderBy(asc(alerts.raisedAt), asc(alerts.id))
    .limit(query.limit ?? 200);
  return rows.map(toLiveAlert);
}
