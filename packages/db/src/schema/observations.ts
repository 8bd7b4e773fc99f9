/**
 * What the world tells us: free-text reports, alerts (raised by our rules or received from external
 * feeds) and media metadata. Reports and alerts carry a generated `tsvector` column with a GIN index
 * for full-text search in French, English or unstemmed text.
 */
import { sql } from 'drizzle-orm';
import { bigint, index, pgTable, real, text, unique } from 'drizzle-orm/pg-core';
import { anyGeometryColumn, gistIndex, pointColumn, polygonColumn } from '../geometry';
import { checkOneOf, jsonObject, searchConfig, tstz, tsvector } from './columns';
import { incidents } from './incidents';
import { users } from './access';
import { ALERT_KINDS, ALERT_STATUSES, MEDIA_KINDS, SEVERITIES } from './values';

export const reports = pgTable(
  'reports',
  {
    envelopeId: text('envelope_id').primaryKey(),
    source: text('source').notNull(),
    /** The source's own identifier (post id, message id…), when it has one. */
    sourceRef: text('source_ref'),
    /** Text after PII masking: the only version ever stored. */
    text: text('text').notNull(),
    /** Two-letter language code, when detected. */
    lang: text('lang'),
    category: text('category'),
    /** 0…1 */
    credibility: real('credibility'),
    position: pointColumn('position'),
    region: text('region'),
    h3Cell: text('h3_cell'),
    occurredAt: tstz('occurred_at').notNull(),
    receivedAt: tstz('received_at').notNull().defaultNow(),
    incidentId: text('incident_id').references(() => incidents.id, { onDelete: 'set null' }),
    attrs: jsonObject('attrs'),
    search: tsvector('search').generatedAlwaysAs(
      sql`to_tsvector(${searchConfig('lang')}, coalesce("text", ''))`,
    ),
  },
  (t) => [
    unique('reports_source_ref_key').on(t.source, t.sourceRef),
    gistIndex('reports_position_gist', t.position),
    index('reports_cell_time_idx').on(t.h3Cell, t.occurredAt),
    index('reports_occurred_brin').using('brin', t.occurredAt),
    index('reports_search_gin').using('gin', t.search),
  ],
);

export const alerts = pgTable(
  'alerts',
  {
    id: text('id').primaryKey(),
    kind: text('kind').notNull(),
    /** Rule that raised it, for alerts of our own. */
    ruleId: text('rule_id'),
    severity: text('severity').notNull().default('unknown'),
    status: text('status').notNull().default('active'),
    headline: text('headline').notNull(),
    description: text('description'),
    lang: text('lang'),
    geometry: anyGeometryColumn('geometry'),
    place: text('place'),
    evidence: jsonObject('evidence'),
    raisedAt: tstz('raised_at').notNull(),
    expiresAt: tstz('expires_at'),
    acknowledgedBy: text('acknowledged_by').references(() => users.id, { onDelete: 'set null' }),
    acknowledgedAt: tstz('acknowledged_at'),
    incidentId: text('incident_id').references(() => incidents.id, { onDelete: 'set null' }),
    /** External alerts (CAP, USGS, GDACS): sender and identifier, unique together. */
    sender: text('sender'),
    identifier: text('identifier'),
    category: text('category'),
    region: text('region'),
    h3Cell: text('h3_cell'),
    updatedAt: tstz('updated_at').notNull().defaultNow(),
    /** When an unacknowledged alert was escalated (once). */
    escalatedAt: tstz('escalated_at'),
    attrs: jsonObject('attrs'),
    search: tsvector('search').generatedAlwaysAs(
      sql`to_tsvector(${searchConfig('lang')}, coalesce("headline", '') || ' ' || coalesce("description", '') || ' ' || coalesce("place", ''))`,
    ),
  },
  (t) => [
    checkOneOf('alerts_kind_check', t.kind, ALERT_KINDS),
    checkOneOf('alerts_severity_check', t.severity, SEVERITIES),
    checkOneOf('alerts_status_check', t.status, ALERT_STATUSES),
    unique('alerts_external_ref_key').on(t.sender, t.identifier),
    gistIndex('alerts_geometry_gist', t.geometry),
    index('alerts_status_raised_idx').on(t.status, t.raisedAt),
    index('alerts_search_gin').using('gin', t.search),
    index('alerts_raised_brin').using('brin', t.raisedAt),
    index('alerts_incident_idx').on(t.incidentId),
  ],
);

export const media = pgTable(
  'media',
  {
    id: text('id').primaryKey(),
    /** Object-storage URI; the bytes never live in the database. */
    uri: text('uri').notNull(),
    kind: text('kind').notNull().default('image'),
    mimeType: text('mime_type'),
    sizeBytes: bigint('size_bytes', { mode: 'number' }),
    sha256: text('sha256'),
    /** Object-storage URI of a small preview image, when one could be made. */
    thumbnailUri: text('thumbnail_uri'),
    caption: text('caption'),
    bearing: real('bearing'),
    source: text('source'),
    position: pointColumn('position'),
    footprint: polygonColumn('footprint'),
    capturedAt: tstz('captured_at'),
    receivedAt: tstz('received_at').notNull().defaultNow(),
    incidentId: text('incident_id').references(() => incidents.id, { onDelete: 'set null' }),
    attrs: jsonObject('attrs'),
  },
  (t) => [
    checkOneOf('media_kind_check', t.kind, MEDIA_KINDS),
    gistIndex('media_footprint_gist', t.footprint),
    gistIndex('media_position_gist', t.position),
    index('media_captured_brin').using('brin', t.capturedAt),
  ],
);
