/**
 * Per-client live state and the tick that sends each client what changed inside its interest.
 *
 * Each client keeps only a cursor (the `seq` up to which it has been served), its interest and a
 * small set of ids to re-examine after an interest change. What is pending for a client is computed
 * when it is served, from the index's shared, bounded change log: every change of an entity since the
 * cursor collapses into one entry resolved against the entity's CURRENT state (inside the interest →
 * upsert, outside → remove). So a client that does not read costs no memory of its own: it is served
 * only when its transport has drained the previous message, and then gets the latest state of what
 * changed meanwhile (coalescing), or a fresh snapshot if it fell out of the change log.
 *
 * Clients with the same interest and cursor get the same delta: it is built and encoded once per
 * tick and written to all of them.
 */
import type { TSessionUser } from '@vigie/contracts/auth-api';
import type { TErrorBody } from '@vigie/contracts/errors';
import type { TLiveEntityV1 } from '@vigie/contracts/live-entities';
import { can } from '@vigie/contracts/roles';
import type { SocketPayload, TClientToGateway } from '@vigie/contracts/socket-catalog';
import { SNAPSHOT_MAX_ENTITIES } from '@vigie/contracts/socket-catalog';
import type { Logger } from 'pino';
import type { GatewayMetrics } from '../metrics/gateway-metrics';
import type { EntityIndex } from './entity-index';
import type { Interest } from './interest';
import { interestContains, makeInterest } from './interest';
import { anchorArea, bboxCenter, clipBbox, squareAround } from './nearby-area';

export interface SnapshotPayload {
  v: 1;
  seq: number;
  entities: TLiveEntityV1[];
}

export interface DeltaPayload {
  v: 1;
  seq: number;
  upserts: TLiveEntityV1[];
  removes: string[];
}

/** How the hub reaches sockets (socket.io in production). */
export interface LiveTransport {
  /** True when the socket's transport has written everything it was given. */
  isWritable(socketId: string): boolean;
  snapshot(socketId: string, payload: SnapshotPayload): void;
  /** One payload to several sockets: encoded once. */
  delta(socketIds: readonly string[], payload: DeltaPayload): void;
  error(socketId: string, body: TErrorBody): void;
  disconnect(socketId: string): void;
}

const unattached: LiveTransport = {
  isWritable: () => false,
  snapshot: () => undefined,
  delta: () => undefined,
  error: () => undefined,
  disconnect: () => undefined,
};

export type SubscribeRequest = SocketPayload<TClientToGateway, 'subscribe'>;

export interface LiveClientInit {
  socketId: string;
  user: TSessionUser;
  tokenHash: string;
  /** Assets the user carries (field role: the anchor of its nearby area). */
  anchorIds: readonly string[];
  logger: Logger;
}

interface LiveClient extends LiveClientInit {
  field: boolean;
  requested: SubscribeRequest | null;
  interest: Interest | null;
  cursor: number;
  needsSnapshot: boolean;
  extra: Set<string>;
  pendingResyncFrom: number | null;
  lastFlushAt: number;
  /** Seq of the last message sent: every later message carries a greater one. */
  lastSentSeq: number;
}

export interface LiveHubOptions {
  index: EntityIndex;
  metrics: GatewayMetrics;
  logger: Logger;
  tickMs: number;
  fieldTickMs: number;
  fieldRadiusM: number;
  /** An interest change touching more entities than this is answered with a snapshot. */
  maxInterestDiff?: number;
  /** Clock in ms (default `Date.now`). */
  now?: () => number;
}

export interface LiveClientStats {
  cursor: number;
  /** Distinct entities that would be sent if the client were served now. */
  pendingEntities: number;
  needsSnapshot: boolean;
  interestKey: string | null;
}

export class LiveHub {
  private readonly clients = new Map<string, LiveClient>();
  private readonly options: LiveHubOptions;
  private readonly index: EntityIndex;
  private timer: NodeJS.Timeout | undefined;
  private transport: LiveTransport = unattached;
  private readonly now: () => number;

  constructor(options: LiveHubOptions) {
    this.options = options;
    this.index = options.index;
    this.now = options.now ?? Date.now;
  }

  get clientCount(): number {
    return this.clients.size;
  }

  /** Connects the hub to the sockets (once they are attached to an HTTP server). */
  setTransport(transport: LiveTransport): void {
    this.transport = transport;
  }

  start(): void {
    if (this.timer !== undefined) return;
    this.timer = setInterval(() => {
      try {
        this.tick();
      } catch (error) {
        this.options.logger.error({ err: error }, 'live tick failed');
      }
    }, this.options.tickMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }

  addClient(init: LiveClientInit): void {
    const field = !can(init.user.role, 'map.view') && can(init.user.role, 'map.view_nearby');
    this.clients.set(init.socketId, {
      ...init,
      field,
      requested: null,
      interest: null,
      cursor: this.index.seq,
      needsSnapshot: false,
      extra: new Set(),
      pendingResyncFrom: null,
      lastFlushAt: 0,
      lastSentSeq: -1,
    });
    this.options.metrics.socketsConnected.set(this.clients.size);
  }

  removeClient(socketId: string): void {
    this.clients.delete(socketId);
    this.options.metrics.socketsConnected.set(this.clients.size);
  }

  /** Socket ids of the clients of these sessions. */
  socketsOfSessions(tokenHashes: ReadonlySet<string>): string[] {
    const ids: string[] = [];
    for (const client of this.clients.values())
      if (tokenHashes.has(client.tokenHash)) ids.push(client.socketId);
    return ids;
  }

  /** Session token hashes of every connected client. */
  sessionHashes(): Set<string> {
    return new Set([...this.clients.values()].map((c) => c.tokenHash));
  }

  /**
   * Sets or replaces the client's interest. The first subscription is answered at the next tick with a
   * snapshot, or with the changes since a seq when a `resync` comes before or right after it (the
   * reconnect sequence); a later one at once with a delta of what entered and left. Returns false when
   * the role may not watch the map (an error was sent).
   */
  subscribe(socketId: string, request: SubscribeRequest): boolean {
    const client = this.clients.get(socketId);
    if (client === undefined) return false;
    const interest = this.interestFor(client, request);
    if (interest === null) {
      this.transport.error(socketId, {
        code: 'FORBIDDEN',
        message: `The ${client.user.role} role may not watch the live map`,
      });
      return false;
    }
    const first = client.interest === null;
    client.requested = request;
    this.setInterest(client, interest);
    if (!first || !client.needsSnapshot) this.serveNow(client);
    return true;
  }

  unsubscribe(socketId: string): void {
    const client = this.clients.get(socketId);
    if (client === undefined) return;
    client.requested = null;
    client.interest = null;
    client.extra.clear();
    client.needsSnapshot = false;
  }

  /**
   * The client has everything up to `fromSeq` (inside its current interest) and wants what follows:
   * a delta when the change log still covers it, else a snapshot. Before any subscription, the seq is
   * kept for the first `subscribe`.
   */
  resync(socketId: string, fromSeq: number): void {
    const client = this.clients.get(socketId);
    if (client === undefined) return;
    if (client.interest === null) {
      client.pendingResyncFrom = fromSeq;
      return;
    }
    if (this.index.covers(fromSeq)) {
      client.cursor = fromSeq;
      client.needsSnapshot = false;
    } else {
      client.needsSnapshot = true;
      client.extra.clear();
    }
    this.serveNow(client);
  }

  stats(socketId: string): LiveClientStats | undefined {
    const client = this.clients.get(socketId);
    if (client === undefined) return undefined;
    let pendingEntities = client.extra.size;
    if (client.interest !== null && this.index.covers(client.cursor)) {
      const { ids } = this.index.changedSince(client.cursor, client.interest);
      for (const id of client.extra) ids.add(id);
      pendingEntities = ids.size;
    }
    return {
      cursor: client.cursor,
      pendingEntities,
      needsSnapshot: client.needsSnapshot,
      interestKey: client.interest?.key ?? null,
    };
  }

  /** Serves every due client whose transport is writable. Runs every `tickMs`. */
  tick(): void {
    const started = performance.now();
    this.index.closeSegment();
    const now = this.now();
    const { tickMs, fieldTickMs } = this.options;
    const groups = new Map<string, LiveClient[]>();
    for (const client of this.clients.values()) {
      if (client.interest === null) continue;
      const period = client.field ? fieldTickMs : tickMs;
      if (now - client.lastFlushAt < period - tickMs / 2) continue;
      if (client.field) this.refreshFieldInterest(client);
      if (!this.hasWork(client)) continue;
      if (!this.transport.isWritable(client.socketId)) {
        this.options.metrics.stalledFlushes.inc();
        continue;
      }
      if (client.needsSnapshot || !this.index.covers(client.cursor) || client.extra.size > 0) {
        this.serve(client, now);
        continue;
      }
      const key = `${client.interest.key}@${client.cursor}`;
      const group = groups.get(key);
      if (group === undefined) groups.set(key, [client]);
      else group.push(client);
    }
    for (const group of groups.values()) this.sendDelta(group, now);
    this.options.metrics.tickDuration.observe((performance.now() - started) / 1000);
    this.options.metrics.liveEntities.set(this.index.size);
  }

  private hasWork(client: LiveClient): boolean {
    return client.needsSnapshot || client.extra.size > 0 || client.cursor !== this.index.seq;
  }

  private serveNow(client: LiveClient): void {
    if (client.interest === null || !this.hasWork(client)) return;
    if (!this.transport.isWritable(client.socketId)) return;
    this.serve(client, this.now());
  }

  private serve(client: LiveClient, now: number): void {
    if (client.needsSnapshot || !this.index.covers(client.cursor)) this.sendSnapshot(client, now);
    else this.sendDelta([client], now);
  }

  private sendSnapshot(client: LiveClient, now: number): void {
    if (client.interest === null) return;
    const entries = this.index.query(client.interest);
    const entities = new Array<TLiveEntityV1>(Math.min(entries.length, SNAPSHOT_MAX_ENTITIES));
    for (let i = 0; i < entities.length; i++) entities[i] = entries[i]!.entity;
    if (entries.length > SNAPSHOT_MAX_ENTITIES) {
      client.logger.warn({ entities: entries.length }, 'snapshot truncated to the protocol maximum');
    }
    const seq = this.index.seq;
    client.cursor = seq;
    client.needsSnapshot = false;
    client.extra.clear();
    client.lastFlushAt = now;
    client.lastSentSeq = seq;
    this.transport.snapshot(client.socketId, { v: 1, seq, entities });
    this.options.metrics.snapshotsSent.inc();
  }

  /** One delta for clients sharing interest and cursor (the first client's extras included). */
  private sendDelta(clients: readonly LiveClient[], now: number): void {
    const first = clients[0];
    if (first === undefined || first.interest === null) return;
    const interest = first.interest;
    const { ids, coalesced } = this.index.changedSince(first.cursor, interest);
    for (const id of first.extra) ids.add(id);
    const upserts: TLiveEntityV1[] = [];
    const removes: string[] = [];
    const latency = this.options.metrics.e2eLatency;
    for (const id of ids) {
      const entry = this.index.get(id);
      if (entry !== undefined && interestContains(interest, entry.layer, entry.lon, entry.lat)) {
        upserts.push(entry.entity);
        if (entry.receivedAtMs === entry.receivedAtMs)
          latency.observe(Math.max(0, now - entry.receivedAtMs) / 1000);
      } else {
        removes.push(id);
      }
    }
    let seq = this.index.seq;
    for (const client of clients) {
      client.cursor = seq;
      client.extra.clear();
      client.lastFlushAt = now;
    }
    const size = upserts.length + removes.length;
    if (size === 0) return;
    // A delta made only of what entered or left the viewport carries no new change: it takes a new
    // seq of its own, so that every message to a client has a greater seq than the one before.
    if (clients.some((c) => c.lastSentSeq >= seq)) seq = this.index.allocateSeq();
    for (const client of clients) {
      client.cursor = seq;
      client.lastSentSeq = seq;
    }
    if (upserts.length > SNAPSHOT_MAX_ENTITIES || removes.length > SNAPSHOT_MAX_ENTITIES) {
      for (const client of clients) this.sendSnapshot(client, now);
      return;
    }
    this.transport.delta(
      clients.map((c) => c.socketId),
      { v: 1, seq, upserts, removes },
    );
    const { metrics } = this.options;
    metrics.deltasSent.inc(clients.length);
    metrics.entitiesPerDelta.observe(size);
    if (coalesced > 0) metrics.coalescedChanges.inc(coalesced * clients.length);
  }

  /**
   * Interest of a subscription for the client's role: the requested box for `map.view`; for
   * `map.view_nearby`, the requested box clipped to the nearby area (nothing when they do not
   * overlap); null when the role may not watch the map.
   */
  private interestFor(client: LiveClient, request: SubscribeRequest): Interest | null {
    if (can(client.user.role, 'map.view')) return makeInterest(request.bbox, request.layers);
    if (!client.field) return null;
    const radius = this.options.fieldRadiusM;
    const center = bboxCenter(request.bbox);
    const area =
      anchorArea(this.index, client.anchorIds, radius) ?? squareAround(center.lon, center.lat, radius);
    const clipped = clipBbox(request.bbox, area);
    return clipped === null ? makeInterest(area, []) : makeInterest(clipped, request.layers);
  }

  private refreshFieldInterest(client: LiveClient): void {
    if (client.requested === null) return;
    const interest = this.interestFor(client, client.requested);
    if (interest !== null && interest.key !== client.interest?.key) this.setInterest(client, interest);
  }

  private setInterest(client: LiveClient, next: Interest): void {
    const previous = client.interest;
    client.interest = next;
    if (previous === null) {
      const from = client.pendingResyncFrom;
      client.pendingResyncFrom = null;
      client.extra.clear();
      if (from !== null && this.index.covers(from)) {
        client.cursor = from;
        client.needsSnapshot = false;
      } else {
        client.needsSnapshot = true;
      }
      return;
    }
    if (previous.key === next.key || client.needsSnapshot) return;
    if (!this.index.covers(client.cursor)) {
      client.needsSnapshot = true;
      client.extra.clear();
      return;
    }
    // Everything the client may hold that is not settled yet under the old interest, plus what
    // enters or leaves with the new one; each is resolved against the new interest when served.
    const extra = client.extra;
    for (const id of this.index.changedSince(client.cursor, previous).ids) extra.add(id);
    const before = new Set<string>();
    for (const entry of this.index.query(previous)) before.add(entry.entity.entityId);
    for (const entry of this.index.query(next)) {
      const id = entry.entity.entityId;
      if (!before.delete(id)) extra.add(id);
    }
    for (const id of before) extra.add(id);
    if (extra.size > (this.options.maxInterestDiff ?? 20_000)) {
      client.needsSnapshot = true;
      extra.clear();
    }
  }
}
