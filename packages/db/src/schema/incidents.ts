/**
 * Incidents, their event history (every change is an event, numbered per incident) and the dispatches
 * of assets and stock made for them.
 */
import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { anyGeometryColumn, gistIndex, lineStringColumn, pointColumn } from '../geometry';
import { checkOneOf, jsonObject, tstz } from './columns';
import { users } from './access';
import { warehouses } from './logistics';
import { assets } from './tracking';
import { COMMAND_OUTCOMES, DISPATCH_STATUSES, INCIDENT_STATUSES, SEVERITIES } from './values';

export const incidents = pgTable(
  'incidents',
  {
    id: text('id').primaryKey(),
    title: text('title').notNull(),
    category: text('category'),
    status: text('status').notNull().default('detected'),
    severity: text('severity').notNull().default('unknown'),
    position: pointColumn('position'),
    /** Affected area, when known (polygon, multipolygon or a buffer). */
    area: anyGeometryColumn('area'),
    region: text('region'),
    h3Cell: text('h3_cell'),
    summary: text('summary'),
    /** What is needed on site: people, items, quantities. */
    needs: jsonb('needs').$type<unknown[]>().notNull().default([]),
    openedAt: tstz('opened_at').notNull(),
    updatedAt: tstz('updated_at').notNull().defaultNow(),
    acknowledgedBy: text('acknowledged_by').references(() => users.id, { onDelete: 'set null' }),
    acknowledgedAt: tstz('acknowledged_at'),
    resolvedAt: tstz('resolved_at'),
    closedAt: tstz('closed_at'),
    /** Set when this incident was absorbed by another one. */
    mergedInto: text('merged_into'),
    /** Sequence number of the latest incident event. */
    lastSeq: integer('last_seq').notNull().default(0),
    attrs: jsonObject('attrs'),
  },
  (t) => [
    checkOneOf('incidents_status_check', t.status, INCIDENT_STATUSES),
    checkOneOf('incidents_severity_check', t.severity, SEVERITIES),
    gistIndex('incidents_position_gist', t.position),
    gistIndex('incidents_area_gist', t.area),
    index('incidents_status_updated_idx').on(t.status, t.updatedAt),
    index('incidents_opened_brin').using('brin', t.openedAt),
  ],
);

export const incidentEvents = pgTable(
  'incident_events',
  {
    incidentId: text('incident_id')
      .notNull()
      .references(() => incidents.id, { onDelete: 'cascade' }),
    seq: integer('seq').notNull(),
    /** opened, merged, acknowledged, dispatched, status_changed, note, … */
    type: text('type').notNull(),
    /** User id, or `system:<component>` for automatic changes. */
    actor: text('actor').notNull(),
    at: tstz('at').notNull(),
    /** Envelope id of the command or detection that caused it: replays do not duplicate events. */
    envelopeId: text('envelope_id').unique('incident_events_envelope_id_key'),
    data: jsonObject('data'),
  },
  (t) => [
    primaryKey({ name: 'incident_events_pkey', columns: [t.incidentId, t.seq] }),
    index('incident_events_incident_at_idx').on(t.incidentId, t.at),
    index('incident_events_at_brin').using('brin', t.at),
  ],
);

export const dispatches = pgTable(
  'dispatches',
  {
    id: text('id').primaryKey(),
    incidentId: text('incident_id')
      .notNull()
      .references(() => incidents.id, { onDelete: 'cascade' }),
    assetId: text('asset_id').references(() => assets.id, { onDelete: 'set null' }),
    warehouseId: text('warehouse_id').references(() => warehouses.id, { onDelete: 'set null' }),
    item: text('item'),
    quantity: integer('quantity'),
    status: text('status').notNull().default('planned'),
    assignedBy: text('assigned_by'),
    route: lineStringColumn('route'),
    eta: tstz('eta'),
    /** Command that created this dispatch (one command may dispatch several assets and stock lines). */
    commandId: text('command_id'),
    arrivedAt: tstz('arrived_at'),
    note: text('note'),
    createdAt: tstz('created_at').notNull().defaultNow(),
    updatedAt: tstz('updated_at').notNull().defaultNow(),
  },
  (t) => [
    checkOneOf('dispatches_status_check', t.status, DISPATCH_STATUSES),
    check('dispatches_quantity_check', sql`${t.quantity} IS NULL OR ${t.quantity} > 0`),
    index('dispatches_incident_idx').on(t.incidentId),
    index('dispatches_asset_status_idx').on(t.assetId, t.status),
  ],
);

/** People or teams assigned to an incident. */
export const incidentAssignments = pgTable(
  'incident_assignments',
  {
    incidentId: text('incident_id')
      .notNull()
      .references(() => incidents.id, { onDelete: 'cascade' }),
    /** `user` or `team` (an asset of kind team). */
    assigneeKind: text('assignee_kind').notNull(),
    assigneeId: text('assignee_id').notNull(),
    assignedBy: text('assigned_by'),
    assignedAt: tstz('assigned_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'incident_assignments_pkey', columns: [t.incidentId, t.assigneeKind, t.assigneeId] }),
    checkOneOf('incident_assignments_kind_check', t.assigneeKind, ['user', 'team']),
    index('incident_assignments_assignee_idx').on(t.assigneeId),
  ],
);

/**
 * Every operator command the processor handled, applied or rejected with its reason: the history of
 * what operators did, for replay and after-action review.
 */
export const operatorCommands = pgTable(
  'operator_commands',
  {
    commandId: text('command_id').primaryKey(),
    kind: text('kind').notNull(),
    actorId: text('actor_id').notNull(),
    /** Incident, alert or asset the command acts on. */
    target: text('target').notNull(),
    issuedAt: tstz('issued_at').notNull(),
    handledAt: tstz('handled_at').notNull().defaultNow(),
    outcome: text('outcome').notNull(),
    reason: text('reason'),
    payload: jsonObject('payload'),
  },
  (t) => [
    checkOneOf('operator_commands_outcome_check', t.outcome, COMMAND_OUTCOMES),
    index('operator_commands_target_idx').on(t.target, t.issuedAt),
    index('operator_commands_issued_brin').using('brin', t.issuedAt),
  ],
);
