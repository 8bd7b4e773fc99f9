// Socket events between browsers and the gateway, as typed catalogs named by direction. Every event
// payload carries its version in `v`, and is checked on receipt with `parseSocketEvent`.
import { z } from 'zod';
import { ZErrorBody } from './errors';
import { issuesFromZodError, summariseIssues } from './issues';
import type { TIssue } from './issues';
import { ZLiveAlertV1 } from './live-alerts';
import { ZLiveEntityV1 } from './live-entities';
import { ZLiveIncidentV1 } from './live-incidents';
import { ZInAppNotificationV1 } from './notification-api';
import { ZBbox, ZId, ZSeq } from './primitives';
import { ZLiveZoneV1 } from './zone-api';

/** Map layers a client can subscribe to. */
export const ZMapLayer = z.enum(['assets', 'sensors', 'reports', 'alerts', 'incidents', 'zones']);
export type TMapLayer = z.infer<typeof ZMapLayer>;

export interface SocketEventDefinition<Schema extends z.ZodType = z.ZodType> {
  readonly version: number;
  readonly schema: Schema;
}

function socketEvent<const Version extends number, Shape extends z.ZodRawShape>(
  version: Version,
  shape: Shape,
) {
  return { version, schema: z.object({ v: z.literal(version), ...shape }) };
}

/** Events a browser sends to the gateway. */
export const ClientToGateway = {
  /** Set the client's interest: viewport, zoom and layers. Replaces any previous subscription. */
  subscribe: socketEvent(1, {
    bbox: ZBbox,
    zoom: z.number().min(0).max(24),
    layers: z
      .array(ZMapLayer)
      .min(1)
      .max(ZMapLayer.options.length)
      .refine((l) => new Set(l).size === l.length, { error: 'Layers must be unique' }),
  }),
  /** Stop receiving live changes. */
  unsubscribe: socketEvent(1, {}),
  /** Ask for the changes after `fromSeq` (after a reconnect); the gateway answers with deltas or a snapshot. */
  resync: socketEvent(1, { fromSeq: ZSeq }),
} as const;

export const SNAPSHOT_MAX_ENTITIES = 200_000;

/** Events the gateway sends to a browser. */
export const GatewayToClient = {
  /** Full picture inside the subscription, as of `seq`. */
  snapshot: socketEvent(1, { seq: ZSeq, entities: z.array(ZLiveEntityV1).max(SNAPSHOT_MAX_ENTITIES) }),
  /** Changes since the previous `seq`: entities created or changed, and ids that left the subscription. */
  delta: socketEvent(1, {
    seq: ZSeq,
    upserts: z.array(ZLiveEntityV1).max(SNAPSHOT_MAX_ENTITIES),
    removes: z.array(ZId).max(SNAPSHOT_MAX_ENTITIES),
  }),
  /** An alert was raised or changed (layer `alerts`; field users: only in their area or incidents). */
  alert: socketEvent(1, { alert: ZLiveAlertV1 }),
  /** An incident changed (layer `incidents`; field users: only their own or in their area). */
  incident: socketEvent(1, { incident: ZLiveIncidentV1 }),
  /**
   * Zones of the `zones` layer: with `full`, the complete set inside the subscription (sent after each
   * subscribe), replacing what the client held; otherwise changes since the previous message.
   */
  zones: socketEvent(1, {
    full: z.boolean(),
    upserts: z.array(ZLiveZoneV1).max(10_000),
    removes: z.array(ZId).max(10_000),
  }),
  /** An in-app notification (toast): a new severe alert, an escalation, or a digest of many. */
  notification: socketEvent(1, { notification: ZInAppNotificationV1 }),
  /** A request failed or the subscription was refused. */
  error: { version: 1, schema: ZErrorBody.extend({ v: z.literal(1) }) },
} as const;

export type SocketCatalog = Readonly<Record<string, SocketEventDefinition>>;
export type TClientToGateway = typeof ClientToGateway;
export type TGatewayToClient = typeof GatewayToClient;

/** Payload type of event `Name` in `Catalog` (after parsing). */
export type SocketPayload<Catalog extends SocketCatalog, Name extends keyof Catalog> = z.output<
  Catalog[Name]['schema']
>;

/** socket.io event map of a catalog: `(payload) => void` per event name. */
export type SocketEventMap<Catalog extends SocketCatalog> = {
  [Name in keyof Catalog]: (payload: z.input<Catalog[Name]['schema']>) => void;
};
export type ClientToGatewayEvents = SocketEventMap<TClientToGateway>;
export type GatewayToClientEvents = SocketEventMap<TGatewayToClient>;

export type SocketParseResult<Payload> =
  { ok: true; payload: Payload } | { ok: false; issues: TIssue[]; summary: string };

/** Checks a received socket payload against its catalog entry. */
export function parseSocketEvent<Catalog extends SocketCatalog, Name extends keyof Catalog & string>(
  catalog: Catalog,
  name: Name,
  data: unknown,
): SocketParseResult<SocketPayload<Catalog, Name>> {
  const definition = Object.hasOwn(catalog, name) ? catalog[name] : undefined;
  if (definition === undefined) {
    const issues = [{ path: '', message: `Unknown socket event ${name}` }];
    return { ok: false, issues, summary: summariseIssues(issues) };
  }
  const result = definition.schema.safeParse(data);
  if (!result.success) {
    const issues = issuesFromZodError(result.error);
    return { ok: false, issues, summary: summariseIssues(issues) };
  }
  return { ok: true, payload: result.data as SocketPayload<Catalog, Name> };
}
