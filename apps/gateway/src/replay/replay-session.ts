/**
 * One client's replay: its range, layers and area, its clock, and the frames it is sent.
 *
 * A pump runs every `tickMs`. It sends a frame when the client may take one (fewer than
 * `REPLAY_MAX_UNACKED_FRAMES` unacknowledged) and nothing is being built: a snapshot after open, seek or
 * a backwards step; otherwise, while the clock moves, the changes between the last frame's instant and
 * the clock's. A client that lags therefore gets fewer frames covering longer windows (each entity's
 * latest state only) — never a queue. History is read from the database only; the live hub is never
 * involved.
 */
import type { TLiveEntityV1 } from '@vigie/contracts/live-entities';
import type { TBbox } from '@vigie/contracts/primitives';
import type { ReplayGatewayToClientEvents, TReplayLayer } from '@vigie/contracts/replay-socket-catalog';
import { REPLAY_MAX_UNACKED_FRAMES } from '@vigie/contracts/replay-socket-catalog';
import type { Db } from '@vigie/db/database';
import type { BBox } from '@vigie/db/geo-types';
import type { ReplaySensorState } from '@vigie/db/replay-repository';
import {
  actionsBetween,
  alertChangesBetween,
  assetChangesBetween,
  incidentStatesAt,
  incidentsChangedBetween,
  sensorChangesBetween,
} from '@vigie/db/replay-repository';
import type { Logger } from 'pino';
import type { DescriptionCache } from './load-replay-snapshot';
import {
  assetEntities,
  emptyDescriptionCache,
  inBox,
  loadReplaySnapshot,
  notNull,
  sensorEntities,
  toBBox,
  toReplayAction,
  toReplayAlert,
  toReplayIncident,
} from './load-replay-snapshot';
import type { ReplayClockState } from './replay-clock';
import { atEnd, clockAt, createClock, pause, play, seek, setSpeed } from './replay-clock';

type Emit = <Name extends keyof ReplayGatewayToClientEvents>(
  name: Name,
  payload: Parameters<ReplayGatewayToClientEvents[Name]>[0],
) => void;

export interface ReplaySessionOptions {
  sessionId: string;
  db: Db;
  from: Date;
  to: Date;
  layers: readonly TReplayLayer[];
  bbox: TBbox | undefined;
  emit: Emit;
  logger: Logger;
  /** Pump period (default 100 ms). */
  tickMs?: number;
  /** Wall clock (tests). */
  now?: () => number;
}

type FramePayload = Parameters<ReplayGatewayToClientEvents['frame']>[0];

export class ReplaySession {
  private clock: ReplayClockState;
  private seq = 0;
  private acked = 0;
  private needSnapshot = true;
  /** History instant the client's picture stands at (the last frame's `at`). */
  private sentAt: number;
  private building = false;
  private endedSent = false;
  private closed = false;
  private timer: NodeJS.Timeout | undefined;
  private readonly now: () => number;
  private readonly box: BBox | undefined;
  private readonly cache: DescriptionCache = emptyDescriptionCache();
  /** What the client holds: entity ids, alerts, incidents; sensor readings to merge new ones into. */
  private readonly entityIds = new Set<string>();
  private readonly alertIds = new Set<string>();
  private readonly incidentIds = new Set<string>();
  private readonly sensors = new Map<string, ReplaySensorState>();

  constructor(private readonly options: ReplaySessionOptions) {
    this.now = options.now ?? Date.now;
    this.clock = createClock(options.from.getTime(), options.to.getTime(), this.now());
    this.sentAt = options.from.getTime();
    this.box = toBBox(options.bbox);
  }

  /** Starts the pump: the snapshot at the start of the range goes out first, then the clock's state. */
  start(): void {
    if (this.timer !== undefined || this.closed) return;
    this.timer = setInterval(() => this.pump(), this.options.tickMs ?? 100);
    this.timer.unref();
    this.pump();
    this.sendState();
  }

  get id(): string {
    return this.options.sessionId;
  }

  play(): void {
    this.clock = play(this.clock, this.now());
    if (this.clock.anchorAt < this.sentAt) this.needSnapshot = true;
    this.endedSent = false;
    this.sendState();
  }

  pause(): void {
    this.clock = pause(this.clock, this.now());
    this.sendState();
    this.pump();
  }

  seek(at: number): void {
    this.clock = seek(this.clock, at, this.now());
    this.needSnapshot = true;
    this.endedSent = false;
    this.sendState();
    this.pump();
  }

  step(seconds: number): void {
    const wall = this.now();
    const paused = pause(this.clock, wall);
    const target = clockAt(paused, wall) + seconds * 1000;
    this.clock = seek(paused, target, wall);
    if (clockAt(this.clock, wall) < this.sentAt) this.needSnapshot = true;
    this.sendState();
    this.pump();
  }

  speed(x: number): void {
    this.clock = setSpeed(this.clock, x, this.now());
    this.sendState();
  }

  ack(seq: number): void {
    if (seq > this.acked && seq <= this.seq) this.acked = seq;
    this.pump();
  }

  close(): void {
    this.closed = true;
    clearInterval(this.timer);
  }

  /** Sends the clock's state. */
  private sendState(): void {
    const wall = this.now();
    this.options.emit('state', {
      v: 1,
      playing: this.clock.playing,
      speed: this.clock.speed,
      at: new Date(clockAt(this.clock, wall)).toISOString(),
    });
  }

  private pump(): void {
    if (this.closed || this.building) return;
    if (this.seq - this.acked >= REPLAY_MAX_UNACKED_FRAMES) return;
    const wall = this.now();
    const target = clockAt(this.clock, wall);
    if (target < this.sentAt) this.needSnapshot = true;
    if (!this.needSnapshot && target === this.sentAt) {
      if (this.clock.playing && atEnd(this.clock, wall) && !this.endedSent) {
        this.endedSent = true;
        this.clock = pause(this.clock, wall);
        this.options.emit('ended', { v: 1, at: new Date(target).toISOString() });
        this.sendState();
      }
      return;
    }
    this.building = true;
    const snapshot = this.needSnapshot;
    this.needSnapshot = false;
    const build = snapshot ? this.buildSnapshot(target) : this.buildDelta(this.sentAt, target);
    build
      .then((frame) => {
        if (this.closed) return;
        // A seek during the build makes this frame useless; the next pump sends the snapshot.
        if (this.needSnapshot && !snapshot) return;
        this.sentAt = target;
        // Numbered when sent, so that a frame dropped by a seek leaves no gap.
        this.options.emit('frame', { ...frame, seq: this.nextSeq() });
      })
      .catch((error: unknown) => {
        this.options.logger.error({ err: error }, 'replay frame failed');
        this.needSnapshot = true;
        this.options.emit('error', {
          v: 1,
          code: 'DB_UNAVAILABLE',
          message: 'Cannot read history now',
          retriable: true,
        });
        this.clock = pause(this.clock, this.now());
      })
      .finally(() => {
        this.building = false;
      });
  }

  private nextSeq(): number {
    this.seq += 1;
    return this.seq;
  }

  private async buildSnapshot(at: number): Promise<FramePayload> {
    const snap = await loadReplaySnapshot(
      this.options.db,
      new Date(at),
      this.options.layers,
      this.options.bbox,
      this.cache,
    );
    this.entityIds.clear();
    for (const e of snap.entities) this.entityIds.add(e.entityId);
    this.sensors.clear();
    for (const [id, s] of snap.sensors) this.sensors.set(id, s);
    this.alertIds.clear();
    for (const a of snap.alerts) this.alertIds.add(a.alertId);
    this.incidentIds.clear();
    for (const i of snap.incidents) this.incidentIds.add(i.incidentId);
    return {
      v: 1,
      seq: 0,
      at: new Date(at).toISOString(),
      snapshot: true,
      upserts: snap.entities,
      removes: [],
      alerts: snap.alerts,
      alertRemoves: [],
      incidents: snap.incidents,
      incidentRemoves: [],
      actions: snap.actions,
    };
  }

  private async buildDelta(fromMs: number, toMs: number): Promise<FramePayload> {
    const db = this.options.db;
    const layers = this.options.layers;
    const from = new Date(Math.min(fromMs, toMs));
    const to = new Date(Math.max(fromMs, toMs));
    const upserts: TLiveEntityV1[] = [];
    const removes: string[] = [];
    if (layers.includes('assets')) {
      const moved = await assetChangesBetween(db, from, to);
      const inside = moved.filter((s) => inBox(s.position, this.box));
      for (const s of moved) {
        if (!inBox(s.position, this.box) && this.entityIds.delete(s.id)) removes.push(s.id);
      }
      for (const e of await assetEntities(db, inside, to, this.cache)) {
        this.entityIds.add(e.entityId);
        upserts.push(e);
      }
    }
    if (layers.includes('sensors')) {
      const changed = await sensorChangesBetween(db, from, to);
      const merged = changed.map((c) => {
        const before = this.sensors.get(c.id);
        const state = { id: c.id, readings: { ...(before?.readings ?? {}), ...c.readings } };
        this.sensors.set(c.id, state);
        return state;
      });
      for (const e of await sensorEntities(db, merged, to, this.cache, this.box)) {
        this.entityIds.add(e.entityId);
        upserts.push(e);
      }
    }
    const frame: FramePayload = {
      v: 1,
      seq: 0,
      at: to.toISOString(),
      snapshot: false,
      upserts,
      removes,
      alerts: [],
      alertRemoves: [],
      incidents: [],
      incidentRemoves: [],
      actions: [],
    };
    if (layers.includes('alerts')) {
      const changes = await alertChangesBetween(db, from, to);
      for (const alert of changes.upserts) {
        const wire = toReplayAlert(alert);
        if (wire === null) continue;
        if (inBox(alert.position, this.box)) {
          this.alertIds.add(alert.id);
          frame.alerts.push(wire);
        } else if (this.alertIds.delete(alert.id)) frame.alertRemoves.push(alert.id);
      }
      for (const id of changes.removes) if (this.alertIds.delete(id)) frame.alertRemoves.push(id);
    }
    if (layers.includes('incidents')) {
      const ids = await incidentsChangedBetween(db, from, to);
      for (const incident of await incidentStatesAt(db, to, { ids })) {
        if (incident.status === 'closed' || !inBox(incident.position, this.box)) {
          if (this.incidentIds.delete(incident.id)) frame.incidentRemoves.push(incident.id);
          continue;
        }
        const wire = toReplayIncident(incident);
        if (wire === null) continue;
        this.incidentIds.add(incident.id);
        frame.incidents.push(wire);
      }
    }
    if (layers.includes('actions')) {
      frame.actions = (await actionsBetween(db, from, to)).map(toReplayAction).filter(notNull);
    }
    return frame;
  }
}
