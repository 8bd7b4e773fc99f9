/** The gateway's Prometheus metrics, registered on the registry the host passes in. */
import { Counter, Gauge, Histogram } from 'prom-client';
import type { Registry } from 'prom-client';

export interface GatewayMetrics {
  readonly registry: Registry;
  readonly socketsConnected: Gauge;
  readonly socketRefused: Counter<'reason'>;
  readonly snapshotsSent: Counter;
  readonly deltasSent: Counter;
  readonly entitiesPerDelta: Histogram;
  readonly coalescedChanges: Counter;
  readonly stalledFlushes: Counter;
  readonly tickDuration: Histogram;
  readonly e2eLatency: Histogram;
  readonly liveEntities: Gauge;
  readonly liveMessages: Counter<'outcome'>;
  readonly logins: Counter<'outcome'>;
  readonly httpErrors: Counter<'code'>;
}

/** Creates the gateway's metrics on `registry` (one set per registry). */
export function createGatewayMetrics(registry: Registry): GatewayMetrics {
  const registers = [registry];
  return {
    registry,
    socketsConnected: new Gauge({
      name: 'vigie_gateway_sockets_connected',
      help: 'Live sockets connected to this gateway',
      registers,
    }),
    socketRefused: new Counter({
      name: 'vigie_gateway_socket_refused_total',
      help: 'Socket connections refused at the handshake',
      labelNames: ['reason'],
      registers,
    }),
    snapshotsSent: new Counter({
      name: 'vigie_gateway_snapshots_sent_total',
      help: 'Snapshots sent to sockets',
      registers,
    }),
    deltasSent: new Counter({
      name: 'vigie_gateway_deltas_sent_total',
      help: 'Deltas sent to sockets (one per socket)',
      registers,
    }),
    entitiesPerDelta: new Histogram({
      name: 'vigie_gateway_entities_per_delta',
      help: 'Upserts plus removes in one delta',
      buckets: [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10_000, 50_000],
      registers,
    }),
    coalescedChanges: new Counter({
      name: 'vigie_gateway_coalesced_changes_total',
      help: 'Entity changes not sent because a later change of the same entity superseded them',
      registers,
    }),
    stalledFlushes: new Counter({
      name: 'vigie_gateway_stalled_flushes_total',
      help: 'Ticks at which a socket had changes due but had not drained its previous message',
      registers,
    }),
    tickDuration: new Histogram({
      name: 'vigie_gateway_tick_duration_seconds',
      help: 'Time spent computing and emitting one live tick',
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
      registers,
    }),
    e2eLatency: new Histogram({
      name: 'vigie_e2e_latency_seconds',
      help: 'From the raw event received by ingest (vigie-received-at header, else the live envelope receivedAt) to its state emitted to a socket',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.08, 0.1, 0.15, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    liveEntities: new Gauge({
      name: 'vigie_gateway_live_entities',
      help: 'Entities in the gateway current-state index',
      registers,
    }),
    liveMessages: new Counter({
      name: 'vigie_gateway_live_messages_total',
      help: 'live.entities messages consumed, by outcome (applied, stale, invalid)',
      labelNames: ['outcome'],
      registers,
    }),
    logins: new Counter({
      name: 'vigie_gateway_logins_total',
      help: 'Login attempts by outcome (ok, denied, throttled)',
      labelNames: ['outcome'],
      registers,
    }),
    httpErrors: new Counter({
      name: 'vigie_gateway_http_errors_total',
      help: 'Error answers by error code',
      labelNames: ['code'],
      registers,
    }),
  };
}
