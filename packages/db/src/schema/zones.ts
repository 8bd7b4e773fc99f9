/**
 * Areas (hazard zones, geofences, administrative areas), always stored as MultiPolygon so one column
 * type and one GiST index serve all of them, and the detection rules that use them.
 */
import { sql } from 'drizzle-orm';
import { boolean, check, index, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { gistIndex, multiPolygonColumn } from '../geometry';
import { checkOneOf, jsonObject, tstz } from './columns';
import { ZONE_KINDS } from './values';

export const zones = pgTable(
  'zones',
  {
    id: text('id').primaryKey(),
    kind: text('kind').notNull(),
    name: text('name').notNull(),
    geometry: multiPolygonColumn('geometry').notNull(),
    /** Validity interval, half-open [valid_from, valid_to); NULL means unbounded. */
    validFrom: tstz('valid_from'),
    validTo: tstz('valid_to'),
    source: text('source'),
    /** Code of an administrative area (ISO 3166, p-code…). */
    code: text('code'),
    updatedAt: tstz('updated_at').notNull().defaultNow(),
    attrs: jsonObject('attrs'),
  },
  (t) => [
    checkOneOf('zones_kind_check', t.kind, ZONE_KINDS),
    check(
      'zones_validity_check',
      sql`${t.validTo} IS NULL OR ${t.validFrom} IS NULL OR ${t.validTo} > ${t.validFrom}`,
    ),
    check('zones_geometry_valid_check', sql`ST_IsValid(${t.geometry})`),
    gistIndex('zones_geometry_gist', t.geometry),
    index('zones_kind_idx').on(t.kind),
  ],
);

export const rules = pgTable('rules', {
  id: text('id').primaryKey(),
  /** threshold, rate_of_change, anomaly, geofence, dwell, cluster, corroboration, … */
  kind: text('kind').notNull(),
  name: text('name').notNull(),
  params: jsonb('params').$type<Record<string, unknown>>().notNull().default({}),
  enabled: boolean('enabled').notNull().default(true),
  createdAt: tstz('created_at').notNull().defaultNow(),
  updatedAt: tstz('updated_at').notNull().defaultNow(),
  updatedBy: text('updated_by'),
});
