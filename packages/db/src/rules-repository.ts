/**
 * Detection rules: what the processor's detectors look for (kind), with their parameters (JSON) and
 * whether they run. Admins edit them; the processor reads them at start and every few seconds.
 * `seedDefaultRules` inserts the default set once and never overwrites an edited rule.
 */
import { asc, eq, sql } from 'drizzle-orm';
import type { Db } from './database';
import { rules } from './schema/zones';

export const RULE_KINDS = [
  'threshold',
  'rate_of_change',
  'anomaly',
  'geofence',
  'report_cluster',
  'corroboration',
] as const;
export type RuleKind = (typeof RULE_KINDS)[number];

export interface RuleInput {
  id: string;
  kind: RuleKind;
  name: string;
  params: Record<string, unknown>;
  enabled?: boolean;
  updatedBy?: string | null;
}

export interface RuleDto {
  id: string;
  kind: RuleKind;
  name: string;
  params: Record<string, unknown>;
  enabled: boolean;
  createdAt: Date;
  updatedAt: Date;
  updatedBy: string | null;
}

function toRuleDto(row: typeof rules.$inferSelect): RuleDto {
  return {
    id: row.id,
    kind: row.kind as RuleKind,
    name: row.name,
    params: row.params,
    enabled: row.enabled,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    updatedBy: row.updatedBy,
  };
}

/** The rules Vigie starts with. Durations in milliseconds, distances in kilometres, levels in metres. */
export const DEFAULT_RULES: readonly RuleInput[] = [
  {
    id: 'river-level-threshold',
    kind: 'threshold',
    name: 'River level above flood stage',
    params: {
      metric: 'water_level',
      above: 4,
      clearBelow: 3.7,
      minConsecutive: 2,
      severity: 'severe',
      category: 'flood',
    },
  },
  {
    id: 'river-level-rise',
    kind: 'rate_of_change',
    name: 'River rising fast',
    params: {
      metric: 'water_level',
      risePerHour: 1,
      windowMs: 900_000,
      minSpanMs: 180_000,
      minSamples: 6,
      clearRatio: 0.5,
      severity: 'moderate',
      category: 'flood',
    },
  },
  {
    id: 'sensor-anomaly',
    kind: 'anomaly',
    name: 'Sensor outside its usual daily range',
    params: { sensitivity: 1, raiseScore: 6, clearScore: 2, minConsecutive: 3, severity: 'minor' },
  },
  {
    id: 'flood-report-cluster',
    kind: 'report_cluster',
    name: 'Cluster of flood reports',
    params: { category: 'flood', minReports: 5, radiusKm: 2, windowMs: 1_800_000, severity: 'moderate' },
  },
  {
    id: 'fire-report-cluster',
    kind: 'report_cluster',
    name: 'Cluster of fire reports',
    params: { category: 'fire', minReports: 3, radiusKm: 1, windowMs: 1_200_000, severity: 'severe' },
  },
  {
    id: 'injured-report-cluster',
    kind: 'report_cluster',
    name: 'Cluster of reports of injured people',
    params: { category: 'medical', minReports: 4, radiusKm: 2, windowMs: 1_800_000, severity: 'severe' },
  },
  {
    id: 'shelter-report-cluster',
    kind: 'report_cluster',
    name: 'Cluster of requests for shelter',
    params: { category: 'shelter', minReports: 5, radiusKm: 3, windowMs: 3_600_000, severity: 'moderate' },
  },
  {
    id: 'geofence-dwell',
    kind: 'geofence',
    name: 'Assets entering, leaving or dwelling in zones',
    params: { dwellMs: 1_800_000, kinds: ['hazard', 'geofence'] },
  },
  {
    id: 'corroboration',
    kind: 'corroboration',
    name: 'Signals from different sources about one place',
    params: { radiusKm: 15, windowMs: 21_600_000, minFamilies: 2 },
  },
];

/** Every rule (or only the enabled ones), by kind then id. */
export async function listRules(db: Db, { enabledOnly = false } = {}): Promise<RuleDto[]> {
  const rows = await db
    .select()
    .from(rules)
    .where(enabledOnly ? eq(rules.enabled, true) : undefined)
    .orderBy(asc(rules.kind), asc(rules.id));
  return rows.map(toRuleDto);
}

export async function getRule(db: Db, id: string): Promise<RuleDto | null> {
  const [row] = await db.select().from(rules).where(eq(rules.id, id)).limit(1);
  return row === undefined ? null : toRuleDto(row);
}

/** Creates or replaces a rule (kind, name, parameters, enabled). */
export async function upsertRule(db: Db, rule: RuleInput): Promise<RuleDto> {
  const now = new Date();
  const values = {
    id: rule.id,
    kind: rule.kind,
    name: rule.name,
    params: rule.params,
    enabled: rule.enabled ?? true,
    updatedBy: rule.updatedBy ?? null,
    updatedAt: now,
  };
  const { id: _id, ...changes } = values;
  const [row] = await db
    .insert(rules)
    .values(values)
    .onConflictDoUpdate({ target: rules.id, set: changes })
    .returning();
  if (row === undefined) throw new Error(`upsertRule ${rule.id}: no row returned`);
  return toRuleDto(row);
}

/** Turns a rule on or off; null when there is no such rule. */
export async function setRuleEnabled(
  db: Db,
  id: string,
  enabled: boolean,
  updatedBy: string | null = null,
): Promise<RuleDto | null> {
  const [row] = await db
    .update(rules)
    .set({ enabled, updatedBy, updatedAt: new Date() })
    .where(eq(rules.id, id))
    .returning();
  return row === undefined ? null : toRuleDto(row);
}

/** Inserts the default rules that are missing; returns how many were inserted. Edited rules are kept. */
export async function seedDefaultRules(
  db: Db,
  defaults: readonly RuleInput[] = DEFAULT_RULES,
): Promise<number> {
  const inserted = await db
    .insert(rules)
    .values(
      defaults.map((r) => ({
        id: r.id,
        kind: r.kind,
        name: r.name,
        params: r.params,
        enabled: r.enabled ?? true,
        updatedBy: 'system:seed',
      })),
    )
    .onConflictDoNothing({ target: rules.id })
    .returning({ id: rules.id });
  return inserted.length;
}

/** Time of the latest change to any rule, to refresh only when something changed. */
export async function rulesVersion(db: Db): Promise<string> {
  const [row] = await db
    .select({ v: sql<string>`coalesce(max(${rules.updatedAt})::text, '') || ':' || count(*)::text` })
    .from(rules);
  return row?.v ?? '';
}
