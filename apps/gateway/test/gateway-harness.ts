/**
 * A real gateway for tests: a Fastify server on a random loopback port with the gateway's routes and
 * sockets, on one of the two backends:
 * - embedded: PGlite (in memory) + the embedded log in a temporary directory;
 * - distributed: a fresh PostgreSQL database + Kafka (+ the socket.io Redis adapter).
 * Each harness uses its own `live.entities` topic.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openEmbeddedLog } from '@vigie/bus/embedded-log';
import { connectKafkaLog } from '@vigie/bus/kafka-log';
import type { Log } from '@vigie/bus/log';
import type { TRole } from '@vigie/contracts/roles';
import type { TLiveEntityV1 } from '@vigie/contracts/live-entities';
import { newEventId } from '@vigie/contracts/envelope';
import { createDb } from '@vigie/db/create-db';
import type { Database } from '@vigie/db/database';
import { createUser } from '@vigie/db/users-repository';
import type { ObjectStore } from '@vigie/storage/object-store';
import { services } from '@vigie/testing/services';
import { uniqueName } from '@vigie/testing/unique-name';
import Fastify from 'fastify';
import pg from 'pg';
import { Registry } from 'prom-client';
import { io as ioClient } from 'socket.io-client';
import type { Socket as ClientSocket } from 'socket.io-client';
import type { ClientToGatewayEvents, GatewayToClientEvents } from '@vigie/contracts/socket-catalog';
import { hashPassword } from '../src/auth/password-hash';
import { readGatewayConfig } from '../src/env';
import type { GatewayConfig } from '../src/env';
import { createLogger } from '../src/logging/create-logger';
import { registerGatewayRoutes } from '../src/register-gateway-routes';
import type { Gateway } from '../src/register-gateway-routes';
import type { LiveSockets } from '../src/live/attach-live-sockets';

export type Mode = 'embedded' | 'distributed';

export type LiveClient = ClientSocket<GatewayToClientEvents, ClientToGatewayEvents>;

export interface Harness {
  readonly mode: Mode;
  readonly baseUrl: string;
  readonly gateway: Gateway;
  readonly database: Database;
  readonly log: Log;
  readonly topic: string;
  readonly registry: Registry;
  readonly config: GatewayConfig;
  readonly liveSockets: LiveSockets;
  /** Creates a user with a random e-mail and a password; returns both. */
  user(
    role: TRole,
    extra?: { locale?: 'fr' | 'en' },
  ): Promise<{ id: string; email: string; password: string }>;
  /** Logs in and returns the `Cookie` header value. */
  login(email: string, password: string): Promise<string>;
  /** Creates a user of `role` and logs in. */
  session(role: TRole): Promise<{ id: string; cookie: string }>;
  /** Publishes live entity states on the harness's topic (in order). */
  publish(entities: readonly TLiveEntityV1[], receivedAt?: Date): Promise<void>;
  /** A socket.io client with the cookie (not connected until `connect()`), closed by `close()`. */
  socket(cookie: string | undefined, options?: { transports?: ('websocket' | 'polling')[] }): LiveClient;
  close(): Promise<void>;
}

export interface HarnessOptions {
  live?: Partial<GatewayConfig['live']>;
  escalation?: Partial<GatewayConfig['escalation']>;
  notifications?: Partial<GatewayConfig['notifications']>;
  zonesPollMs?: number;
  login?: Partial<GatewayConfig['login']>;
  /** Where media files are read and field photos written (default: the local store beside the data dir). */
  mediaStore?: ObjectStore;
  /** Runs after migrations and topic creation, before the gateway starts. */
  beforeStart?: (context: {
    database: Database;
    publish: (entities: readonly TLiveEntityV1[]) => Promise<void>;
  }) => Promise<void>;
}

let clock = Date.now();
/** An entity state with a strictly increasing `updatedAt`. */
export function liveEntity(
  id: string,
  lon: number,
  lat: number,
  extra: Partial<TLiveEntityV1> = {},
): TLiveEntityV1 {
  clock = Math.max(clock + 1, Date.now());
  return {
    entityId: id,
    entityKind: 'vehicle',
    connectivity: 'online',
    position: { lon, lat },
    updatedAt: new Date(clock).toISOString(),
    ...extra,
  };
}

async function adminQuery(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: services.databaseUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

export async function startHarness(mode: Mode, options: HarnessOptions = {}): Promise<Harness> {
  const topic = uniqueName('live_entities');
  const base = readGatewayConfig({ LOG_LEVEL: 'warn', NODE_ENV: 'test' });
  const config: GatewayConfig = {
    ...base,
    port: 0,
    host: '127.0.0.1',
    redisUrl: mode === 'distributed' ? services.redisUrl : undefined,
    login: { ...base.login, ...options.login },
    live: { ...base.live, topic, tickMs: 20, fieldTickMs: 200, catchUpMs: 30_000, ...options.live },
    // Topics of this harness only, so parallel suites never see each other's commands and alerts.
    topics: {
      commands: uniqueName('commands'),
      liveAlerts: uniqueName('live_alerts'),
      liveIncidents: uniqueName('live_incidents'),
      rawReports: uniqueName('raw_reports'),
      rawInventory: uniqueName('raw_inventory'),
      rawMedia: uniqueName('raw_media'),
    },
    escalation: { ...base.escalation, ...options.escalation },
    notifications: { ...base.notifications, ...options.notifications },
    zonesPollMs: options.zonesPollMs ?? 200,
  };
  const logger = createLogger({ level: 'warn' });
  const cleanups: (() => Promise<void>)[] = [];

  let database: Database;
  let log: Log;
  if (mode === 'embedded') {
    const dir = mkdtempSync(join(tmpdir(), 'vigie-gateway-'));
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    database = await createDb({});
    log = await openEmbeddedLog({ directory: dir });
  } else {
    const name = uniqueName('vigie_test_gateway');
    await adminQuery(`CREATE DATABASE "${name}"`);
    cleanups.push(() => adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    const url = new URL(services.databaseUrl);
    url.pathname = `/${name}`;
    database = await createDb({
      url: url.toString(),
      pool: { max: 6 },
      applicationName: 'vigie-gateway-tests',
    });
    log = await connectKafkaLog({
      brokers: services.kafkaBrokers,
      clientId: 'vigie-gateway-tests',
      consumer: {
        sessionTimeoutMs: 6000,
        heartbeatIntervalMs: 300,
        rebalanceTimeoutMs: 3000,
        maxWaitTimeMs: 50,
      },
    });
  }
  await database.migrate();
  await log.createTopics([
    { name: topic, partitions: 3, compacted: true },
    ...Object.values(config.topics).map((name) => ({ name, partitions: 2, compacted: false })),
  ]);
  const publish = async (entities: readonly TLiveEntityV1[], receivedAt = new Date()) => {
    for (let i = 0; i < entities.length; i += 2000) {
      await log.produce(
        topic,
        entities.slice(i, i + 2000).map((entity) => ({
          key: entity.entityId,
          headers: { 'vigie-received-at': receivedAt.toISOString() },
          value: JSON.stringify({
            id: newEventId(),
            type: 'entity',
            v: 1,
            source: 'processor-test',
            occurredAt: entity.updatedAt,
            receivedAt: receivedAt.toISOString(),
            payload: entity,
          }),
        })),
      );
    }
  };
  await options.beforeStart?.({ database, publish });

  const registry = new Registry();
  const app = Fastify({ logger: false });
  const gateway = await registerGatewayRoutes(app, {
    db: database,
    log,
    logger,
    metrics: registry,
    config,
    ...(options.mediaStore === undefined ? {} : { mediaStore: options.mediaStore }),
  });
  const liveSockets = await gateway.attachLiveSockets(app.server);
  await app.listen({ host: '127.0.0.1', port: 0 });
  await gateway.ready;
  const port = (app.server.address() as AddressInfo).port;
  const baseUrl = `http://127.0.0.1:${port}`;
  const sockets: LiveClient[] = [];

  const harness: Harness = {
    mode,
    baseUrl,
    gateway,
    database,
    log,
    topic,
    registry,
    config,
    liveSockets,
    async user(role, extra = {}) {
      const email = `${uniqueName(role)}@example.org`;
      const password = `pw-${uniqueName('secret')}`;
      const user = await createUser(database.db, {
        email,
        name: `Test ${role}`,
        role,
        locale: extra.locale ?? 'en',
        passwordHash: await hashPassword(password),
      });
      return { id: user.id, email, password };
    },
    async login(email, password) {
      const response = await fetch(`${baseUrl}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password }),
      });
      if (response.status !== 200)
        throw new Error(`login failed: ${response.status} ${await response.text()}`);
      const setCookie = response.headers.get('set-cookie') ?? '';
      return setCookie.split(';')[0]!;
    },
    async session(role) {
      const { id, email, password } = await harness.user(role);
      return { id, cookie: await harness.login(email, password) };
    },
    publish,
    socket(cookie, socketOptions = {}) {
      const socket: LiveClient = ioClient(baseUrl, {
        path: '/socket.io/',
        autoConnect: false,
        reconnection: false,
        transports: socketOptions.transports ?? ['websocket'],
        extraHeaders: cookie === undefined ? {} : { cookie },
      });
      sockets.push(socket);
      return socket;
    },
    async close() {
      for (const socket of sockets) socket.disconnect();
      await gateway.close();
      await app.close();
      await log.close();
      await database.close();
      for (const cleanup of cleanups.reverse()) await cleanup();
    },
  };
  return harness;
}
