/**
 * A TCP or UDP listener for NMEA 0183 or AIS (`!AIVDM`) lines, e.g. from a GPS receiver, a serial-to-IP
 * gateway or an AIS receiver feed. Each TCP connection (each UDP sender) has its own line splitter,
 * decoder and token bucket: lines above `maxLineLength` are refused, lines beyond the per-connection
 * rate are dropped; both are counted. Fixes are appended to `raw.positions` in batches under the
 * listener's source; when the log refuses a batch it is retried, and meanwhile TCP connections are
 * paused (back-pressure) while UDP datagrams beyond `maxPending` are dropped.
 */
import { createSocket } from 'node:dgram';
import type { Socket as UdpSocket } from 'node:dgram';
import { createServer } from 'node:net';
import type { AddressInfo, Server, Socket } from 'node:net';
import type { Log, ProduceRecord } from '@vigie/bus/log';
import type { FastifyBaseLogger } from 'fastify';
import type { IngestTopicName } from '../ensure-ingest-topics';
import { importRecord } from '../imports/publish-import';
import type { IngestConfig } from '../ingest-config';
import { createAisDecoder } from '../parsers/ais/decode-ais';
import { createNmeaDecoder } from '../parsers/nmea/decode-nmea';
import { createLineSplitter } from '../parsers/nmea/line-splitter';
import type { DecodeOutput } from '../parsers/nmea/nmea-sentence';
import { publishRecords } from '../publish-records';
import { createRateLimiter } from '../token-bucket';
import type { ListenerSpec } from './parse-listener-specs';

export interface LineListenerLimits {
  maxLineLength: number;
  /** Lines per second per connection (UDP: per sender). */
  linesPerSecond: number;
  burst: number;
  /** Fixes waiting for the log, at most. */
  maxPending: number;
  /** TCP connections at once. */
  maxConnections: number;
}

export const defaultLineListenerLimits: LineListenerLimits = {
  maxLineLength: 1_024,
  linesPerSecond: 200,
  burst: 1_000,
  maxPending: 50_000,
  maxConnections: 256,
};

export interface LineListenerStats {
  lines: number;
  fixes: number;
  rejected: number;
  tooLong: number;
  rateLimited: number;
  dropped: number;
  connections: number;
}

export interface RunningLineListener {
  readonly spec: ListenerSpec;
  /** Port actually bound (useful with port 0). */
  port(): number;
  stats(): LineListenerStats;
  stop(): Promise<void>;
}

interface Stream {
  push(line: string): DecodeOutput[];
  flush(): DecodeOutput[];
}

function streamDecoder(spec: ListenerSpec, peer: string): Stream {
  if (spec.protocol === 'ais') {
    const ais = createAisDecoder();
    return { push: (line) => ais.push(line, new Date()), flush: () => ais.flush() };
  }
  const asset = spec.asset ?? peer.replace(/[^A-Za-z0-9._-]/g, '-');
  return createNmeaDecoder({ assetId: `${spec.name}:${asset}`, assetKind: spec.assetKind });
}

export async function startLineListener(deps: {
  spec: ListenerSpec;
  log: Log;
  ingest: IngestConfig;
  logger: FastifyBaseLogger;
  limits?: Partial<LineListenerLimits>;
}): Promise<RunningLineListener> {
  const { spec, log, ingest } = deps;
  const limits = { ...defaultLineListenerLimits, ...deps.limits };
  const logger = deps.logger.child({ component: 'listener', listener: spec.name, transport: spec.transport });
  const stats: LineListenerStats = {
    lines: 0,
    fixes: 0,
    rejected: 0,
    tooLong: 0,
    rateLimited: 0,
    dropped: 0,
    connections: 0,
  };
  const limiter = createRateLimiter({ ratePerSecond: limits.linesPerSecond, burst: limits.burst });
  const topic = `${ingest.topicPrefix}${'raw.positions' satisfies IngestTopicName}`;
  const sockets = new Set<Socket>();
  let pending: ProduceRecord[] = [];
  let flushing: Promise<void> | undefined;
  let retry: NodeJS.Timeout | undefined;
  let failures = 0;
  let stopped = false;

  function outputs(results: readonly DecodeOutput[]): void {
    const receivedAt = new Date().toISOString();
    for (const result of results) {
      if (result.kind === 'rejected') {
        stats.rejected++;
        continue;
      }
      const { occurredAt, payload } = result.fix;
      const record = importRecord(
        'raw.positions',
        spec.name,
        { where: spec.name, occurredAt, payload, original: JSON.stringify({ occurredAt, payload }) },
        receivedAt,
      );
      if (!record.ok) {
        stats.rejected++;
        continue;
      }
      if (pending.length >= limits.maxPending) {
        stats.dropped++;
        continue;
      }
      pending.push(record.record);
    }
    schedule();
  }

  function line(text: string, key: string, stream: Stream): void {
    stats.lines++;
    if (text.length > limits.maxLineLength) {
      stats.tooLong++;
      return;
    }
    if (!limiter.take(key, 1).ok) {
      stats.rateLimited++;
      return;
    }
    outputs(stream.push(text));
  }

  function schedule(delayMs = 0): void {
    if (flushing || retry || pending.length === 0) return;
    if (delayMs > 0) {
      retry = setTimeout(() => {
        retry = undefined;
        schedule();
      }, delayMs);
      return;
    }
    flushing = flush().finally(() => {
      flushing = undefined;
      if (!stopped) schedule(failures > 0 ? Math.min(10_000, 200 * 2 ** failures) : 0);
    });
  }

  async function flush(): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
    const batch = pending.slice(0, 5_000);
    try {
      await publishRecords(log, ingest, new Map([[topic, batch]]));
    } catch (error) {
      failures++;
      for (const socket of sockets) socket.pause();
      logger.warn({ err: error, waiting: pending.length }, 'the log refused fixes; retrying');
      return;
    }
    if (failures > 0) for (const socket of sockets) socket.resume();
    failures = 0;
    pending = pending.slice(batch.length);
    stats.fixes += batch.length;
  }

  let tcp: Server | undefined;
  let udp: UdpSocket | undefined;
  if (spec.transport === 'tcp') {
    const server = createServer((socket) => {
      if (sockets.size >= limits.maxConnections) {
        socket.destroy();
        return;
      }
      sockets.add(socket);
      stats.connections++;
      const peer = `${socket.remoteAddress ?? 'unknown'}`;
      const key = `${peer}:${socket.remotePort ?? 0}:${stats.connections}`;
      const splitter = createLineSplitter(limits.maxLineLength);
      const stream = streamDecoder(spec, peer);
      socket.setEncoding('latin1');
      socket.setTimeout(10 * 60_000, () => socket.destroy());
      socket.on('data', (chunk: string) => {
        for (const text of splitter.push(chunk)) line(text, key, stream);
      });
      socket.on('end', () => {
        for (const text of splitter.flush()) line(text, key, stream);
        outputs(stream.flush());
      });
      socket.on('error', (error) => logger.debug({ err: error, peer }, 'listener connection error'));
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(spec.port, spec.host, () => resolve());
    });
    tcp = server;
  } else {
    const streams = new Map<string, { splitter: ReturnType<typeof createLineSplitter>; stream: Stream }>();
    const socket = createSocket(spec.host.includes(':') ? 'udp6' : 'udp4');
    socket.on('message', (message, remote) => {
      const key = `${remote.address}:${remote.port}`;
      let entry = streams.get(key);
      if (!entry) {
        if (streams.size >= 10_000) streams.clear();
        entry = {
          splitter: createLineSplitter(limits.maxLineLength),
          stream: streamDecoder(spec, remote.address),
        };
        streams.set(key, entry);
      }
      // A datagram holds whole lines: its end ends the last line.
      const lines = [...entry.splitter.push(message.toString('latin1')), ...entry.splitter.flush()];
      for (const text of lines) line(text, key, entry.stream);
    });
    socket.on('error', (error) => logger.warn({ err: error }, 'UDP listener error'));
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(spec.port, spec.host, () => resolve());
    });
    udp = socket;
  }
  logger.info({ host: spec.host, port: spec.port, protocol: spec.protocol }, 'line listener started');

  return {
    spec,
    port: () => ((tcp?.address() ?? udp?.address()) as AddressInfo).port,
    stats: () => ({ ...stats }),
    async stop() {
      for (const socket of sockets) socket.destroy();
      if (tcp) await new Promise((resolve) => tcp.close(resolve));
      if (udp) await new Promise<void>((resolve) => udp.close(() => resolve()));
      await flushing;
      stopped = true;
      clearTimeout(retry);
      retry = undefined;
      if (pending.length > 0) await flush();
    },
  };
}
