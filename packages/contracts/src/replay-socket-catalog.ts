// Socket events of a replay session, on the socket.io namespace `/replay` (never the live namespace, so
// live and replay traffic never mix). Typed catalogs named by direction, like `socket-catalog.ts`; every
// payload carries its version in `v` and is checked on receipt with `parseSocketEvent`.
//
// A session: the client sends `open`; the gateway answers `opened` (histogram, incident markers), then a
// `frame` with `snapshot: true` (the picture at `from`) and a `state`. `play`, `pause`, `step`, `seek` and
// `speed` drive the session clock; each change of the clock is answered with a `state`. Frames carry a
// sequence number; the client sends `ack { seq }` once it has applied a frame. At most
// `REPLAY_MAX_UNACKED_FRAMES` frames are in flight: while the client lags, the gateway coalesces the
// changes into the next frame instead of queueing them. After a `seek` (or `step` backwards) the next
// frame is a snapshot. `ended` is sent when the clock reaches `to`.
import { z } from 'zod';
import { ZActor } from './actor';
import { ZAlertKind, ZAlertStatus } from './live-alerts';
import { ZLiveEntityV1 } from './live-entities';
import { ZIncidentStatus } from './live-incidents';
import { ZErrorBody } from './errors';
import { ZBbox, ZId, ZIsoDateTime, ZLonLat, ZSeq, boundedId, boundedLine } from './primitives';
import { ZSeverity } from './severity';
import type { SocketEventMap } from './socket-catalog';

/** socket.io namespace of replay sessions. */
export const REPLAY_NAMESPACE = '/replay';

/** Longest range one replay session may cover. */
export const REPLAY_MAX_RANGE_HOURS = 7 * 24;
/** Speed bounds: 1× (real time) to 600× (ten minutes per second). */
export const REPLAY_MIN_SPEED = 1;
export const REPLAY_MAX_SPEED = 600;
/** Step size when `step` gives none. */
export const REPLAY_DEFAULT_STEP_SECONDS = 10;
/** Frames sent and not yet acknowledged before the gateway starts coalescing. */
export const REPLAY_MAX_UNACKED_FRAMES = 2;
/** Entities, alerts or incidents in one frame at most. */
export const REPLAY_FRAME_MAX_ITEMS = 200_000;

/** What a replay can show: moving and measuring entities, alerts, incidents, operator actions. */
export const ZReplayLayer = z.enum(['assets', 'sensors', 'alerts', 'incidents', 'actions']);
export type TReplayLayer = z.infer<typeof ZReplayLayer>;

/** An alert as it stood at the frame's instant. */
export const ZReplayAlert = z.object({
  alertId: ZId,
  kind: ZAlertKind,
  severity: ZSeverity,
  /** Status at the frame's instant (`acknowledged` once its acknowledgement time has passed). */
  status: ZAlertStatus,
  title: boundedLine(500),
  /** Representative point of the alert's place (centroid of an area). */
  position: ZLonLat.optional(),
  raisedAt: ZIsoDateTime,
  incidentId: ZId.optional(),
});
export type TReplayAlert = z.infer<typeof ZReplayAlert>;

/** An incident as it stood at the frame's instant (state after its last event up to then). */
export const ZReplayIncident = z.object({
  incidentId: ZId,
  /** Sequence number of the incident's last event up to the frame's instant. */
  seq: z.int().min(0),
  /** Type of that event: opened, status_changed, dispatched, note_added… */
  change: boundedId(64),
  status: ZIncidentStatus,
  severity: ZSeverity,
  title: boundedLine(500),
  position: ZLonLat.optional(),
  openedAt: ZIsoDateTime,
  /** Time of that event. */
  at: ZIsoDateTime,
});
export type TReplayIncident = z.infer<typeof ZReplayIncident>;

/** What an operator did: one handled command. */
export const ZReplayAction = z.object({
  commandId: ZId,
  /** Command kind: create_incident, acknowledge_alert, dispatch… */
  kind: boundedId(64),
  actorId: ZId,
  /** Incident, alert or asset the command acted on. */
  target: ZId,
  at: ZIsoDateTime,
  /** applied, rejected… */
  outcome: boundedId(64),
  reason: boundedLine(1_000).optional(),
});
export type TReplayAction = z.infer<typeof ZReplayAction>;

/** Number of recorded events (fixes, readings, alerts, incident events, commands) in one bucket. */
export const ZReplayHistogramBucket = z.object({ at: ZIsoDateTime, count: z.int().min(0) });
export type TReplayHistogramBucket = z.infer<typeof ZReplayHistogramBucket>;

/** Timeline marker: an incident event (opened, status change…) inside the range. */
export const ZReplayIncidentMarker = z.object({
  incidentId: ZId,
  seq: z.int().min(0),
  change: boundedId(64),
  at: ZIsoDateTime,
  actor: ZActor.optional(),
  title: boundedLine(500).optional(),
  severity: ZSeverity.optional(),
});
export type TReplayIncidentMarker = z.infer<typeof ZReplayIncidentMarker>;

function replayEvent<const Version extends number, Shape extends z.ZodRawShape>(
  version: Version,
  shape: Shape,
) {
  return { version, schema: z.object({ v: z.literal(version), ...shape }) };
}

const ZLayers = z
  .array(ZReplayLayer)
  .min(1)
  .max(ZReplayLayer.options.length)
  .refine((l) => new Set(l).size === l.length, { error: 'Layers must be unique' });

/** Events a browser sends on `/replay`. */
export const ReplayClientToGateway = {
  /** Open (or reopen, replacing) the session for a range, layers and an optional area. */
  open: {
    version: 1,
    schema: z
      .object({
        v: z.literal(1),
        from: ZIsoDateTime,
        to: ZIsoDateTime,
        layers: ZLayers,
        bbox: ZBbox.optional(),
      })
      .refine((o) => Date.parse(o.from) < Date.parse(o.to), { error: 'from must be before to', path: ['to'] })
      .refine((o) => Date.parse(o.to) - Date.parse(o.from) <= REPLAY_MAX_RANGE_HOURS * 3_600_000, {
        error: `A replay covers at most ${REPLAY_MAX_RANGE_HOURS} hours`,
        path: ['to'],
      }),
  },
  /** Start the clock at the current speed. */
  play: replayEvent(1, {}),
  /** Stop the clock. */
  pause: replayEvent(1, {}),
  /** Pause and move the clock by `seconds` (negative: backwards; default `REPLAY_DEFAULT_STEP_SECONDS`). */
  step: replayEvent(1, {
    seconds: z
      .int()
      .min(-3_600)
      .max(3_600)
      .refine((s) => s !== 0, { error: 'A step must move the clock' })
      .optional(),
  }),
  /** Move the clock to `at` (clamped to the session's range); the next frame is a snapshot. */
  seek: replayEvent(1, { at: ZIsoDateTime }),
  /** Replay speed: `x` seconds of history per second of wall time. */
  speed: replayEvent(1, { x: z.number().min(REPLAY_MIN_SPEED).max(REPLAY_MAX_SPEED) }),
  /** The client applied frame `seq`: the gateway may send the next one. */
  ack: replayEvent(1, { seq: ZSeq }),
  /** End the session. */
  close: replayEvent(1, {}),
} as const;

/** Events the gateway sends on `/replay`. */
export const ReplayGatewayToClient = {
  /** The session is open: its range, event density and incident markers for the timeline. */
  opened: replayEvent(1, {
    sessionId: ZId,
    from: ZIsoDateTime,
    to: ZIsoDateTime,
    layers: ZLayers,
    bbox: ZBbox.optional(),
    /** Width of each histogram bucket, in seconds. */
    bucketSeconds: z.int().min(1),
    histogram: z.array(ZReplayHistogramBucket).max(10_000),
    incidents: z.array(ZReplayIncidentMarker).max(10_000),
  }),
  /**
   * The picture at `at`. With `snapshot: true` it replaces everything the client shows (after open,
   * seek or a backwards step); otherwise it carries the changes since the previous frame: entities
   * created or changed (`upserts`) or gone (`removes`), alerts and incidents changed, and the operator
   * actions that happened in between.
   */
  frame: replayEvent(1, {
    seq: ZSeq,
    at: ZIsoDateTime,
    snapshot: z.boolean(),
    upserts: z.array(ZLiveEntityV1).max(REPLAY_FRAME_MAX_ITEMS),
    removes: z.array(ZId).max(REPLAY_FRAME_MAX_ITEMS),
    alerts: z.array(ZReplayAlert).max(REPLAY_FRAME_MAX_ITEMS),
    alertRemoves: z.array(ZId).max(REPLAY_FRAME_MAX_ITEMS),
    incidents: z.array(ZReplayIncident).max(REPLAY_FRAME_MAX_ITEMS),
    incidentRemoves: z.array(ZId).max(REPLAY_FRAME_MAX_ITEMS),
    actions: z.array(ZReplayAction).max(REPLAY_FRAME_MAX_ITEMS),
  }),
  /** The clock: whether it runs, its speed, and where it is. */
  state: replayEvent(1, {
    playing: z.boolean(),
    speed: z.number().min(REPLAY_MIN_SPEED).max(REPLAY_MAX_SPEED),
    at: ZIsoDateTime,
  }),
  /** The clock reached the end of the range (the session stays open: seek to continue). */
  ended: replayEvent(1, { at: ZIsoDateTime }),
  /** A request failed or the session was refused. */
  error: { version: 1, schema: ZErrorBody.extend({ v: z.literal(1) }) },
} as const;

export type TReplayClientToGateway = typeof ReplayClientToGateway;
export type TReplayGatewayToClient = typeof ReplayGatewayToClient;
export type ReplayClientToGatewayEvents = SocketEventMap<TReplayClientToGateway>;
export type ReplayGatewayToClientEvents = SocketEventMap<TReplayGatewayToClient>;
