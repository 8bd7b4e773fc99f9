// The whole live path in one process, as `npm start` runs it: events posted to ingest go through the log,
// the processor and PostGIS, and reach exactly the socket clients whose viewport contains them; an
// OsmAnd/Traccar request moves an asset. Runs on the embedded log + PGlite and on Kafka + PostgreSQL.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectKafkaLog } from '@vigie/bus/kafka-log';
import type { Log } from '@vigie/bus/log';
import { openEmbeddedLog } from '@vigie/bus/embedded-log';
import { newEventId } from '@vigie/contracts/envelope';
import type { TLiveEntityV1 } from '@vigie/contracts/live-entities';
import { createApiKey } from '@vigie/db/api-keys-repository';
import { createDb } from '@vigie/db/create-db';
import type { Database } from '@vigie/db/database';
import { createUser } from '@vigie/db/users-repository';
import { hashPassword } from '@vigie/gateway/auth/password-hash';
import { readGatewayConfig } from '@vigie/gateway/env';
import { createLogger } from '@vigie/gateway/logging/create-logger';
import { startVigie } from '@vigie/gateway/start-vigie';
import type { RunningVigie } from '@vigie/gateway/start-vigie';
import { loadEnv as loadIngestEnv } from '@vigie/ingest/env';
import { describeWithService, isServiceUp, services } from '@vigie/testing/services';
import { createThrowawayDatabase } from '@vigie/testing/throwaway-database';
import { uniqueName } from '@vigie/testing/unique-name';
import { waitFor } from '@vigie/testing/wait-for';
import { io } from 'socket.io-client';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

type Mode = 'embedded' | 'distributed';

const LES_CAYES: [number, number, number, number] = [-74.0, 18.0, -73.5, 18.4];
const PARIS: [number, number, number, number] = [2.2, 48.8, 2.5, 48.95];

interface Viewer {
  socket: Socket;
  entities: Map<string, TLiveEntityV1>;
  snapshotSeen: () => boolean;
}

function suite(mode: Mode) {
  let vigie: RunningVigie;
  let database: Database;
  let log: Log;
  let cookie: string;
  let token: string;
  const cleanups: (() => Promise<void> | void)[] = [];
  const viewers: Viewer[] = [];

  beforeAll(async () => {
    const prefix = `${uniqueName('lp')}.`;
    if (mode === 'embedded') {
      const dir = mkdtempSync(join(tmpdir(), 'vigie-live-path-'));
      cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
      database = await createDb({ dataDir: join(dir, 'pglite') });
      log = await openEmbeddedLog({ directory: join(dir, 'log') });
    } else {
      const throwaway = await createThrowawayDatabase('vigie_lp');
      cleanups.push(() => throwaway.drop());
      database = await createDb({ url: throwaway.url });
      log = await connectKafkaLog({
        brokers: services.kafkaBrokers,
        consumer: { sessionTimeoutMs: 6_000, heartbeatIntervalMs: 500, maxWaitTimeMs: 100 },
      });
    }
    cleanups.push(() => database.close());
    cleanups.push(() => log.close());
    await database.migrate();

    const base = readGatewayConfig({ LOG_LEVEL: 'warn', NODE_ENV: 'test' });
    vigie = await startVigie({
      gateway: {
        ...base,
        host: '127.0.0.1',
        port: 0,
        live: { ...base.live, topic: `${prefix}live.entities`, tickMs: 50 },
      },
      ingest: { ...loadIngestEnv({ LOG_LEVEL: 'warn' }).ingest, topicPrefix: prefix },
      processor: { topicPrefix: prefix, groupId: uniqueName('processor'), partitions: 2 },
      parts: { web: false, ingest: true, processor: true },
      logger: createLogger({ level: 'warn' }),
      database,
      log,
    });

    const password = uniqueName('pw');
    await createUser(database.db, {
      email: 'coord@vigie.test',
      name: 'Coordinator',
      role: 'coordinator',
      locale: 'fr',
      passwordHash: await hashPassword(password),
    });
    const login = await fetch(`${vigie.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'coord@vigie.test', password }),
    });
    expect(login.status).toBe(200);
    cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
    ({ token } = await createApiKey(database.db, {
      source: 'field-trackers',
      scopes: ['events:position', 'events:reading', 'events:report'],
      autoRegisterDevices: true,
    }));
  }, 120_000);

  afterAll(async () => {
    for (const viewer of viewers) viewer.socket.disconnect();
    await vigie?.close();
    for (const cleanup of cleanups.reverse()) await cleanup();
  }, 60_000);

  async function viewer(bbox: [number, number, number, number]): Promise<Viewer> {
    const socket = io(vigie.url, {
      transports: ['websocket'],
      reconnection: false,
      extraHeaders: { cookie },
    });
    const entities = new Map<string, TLiveEntityV1>();
    let snapshot = false;
    socket.on('snapshot', (payload: { entities: TLiveEntityV1[] }) => {
      snapshot = true;
      entities.clear();
      for (const e of payload.entities) entities.set(e.entityId, e);
    });
    socket.on('delta', (payload: { upserts: TLiveEntityV1[]; removes: string[] }) => {
      for (const e of payload.upserts) entities.set(e.entityId, e);
      for (const id of payload.removes) entities.delete(id);
    });
    await waitFor(() => socket.connected, { what: 'socket connected' });
    socket.emit('subscribe', { v: 1, bbox, zoom: 10, layers: ['assets', 'sensors'] });
    await waitFor(() => snapshot, { what: 'snapshot' });
    const v = { socket, entities, snapshotSeen: () => snapshot };
    viewers.push(v);
    return v;
  }

  it('delivers posted events to the viewer whose viewport contains them, not to the other', async () => {
    const inHaiti = await viewer(LES_CAYES);
    const inParis = await viewer(PARIS);
    const now = new Date().toISOString();
    const events = [
      {
        id: newEventId(),
        type: 'position',
        v: 1,
        source: 'field-trackers',
        occurredAt: now,
        payload: {
          assetId: 'truck-cayes-1',
          assetKind: 'vehicle',
          position: { lon: -73.75, lat: 18.2 },
          speed: 8,
          heading: 90,
        },
      },
      {
        id: newEventId(),
        type: 'position',
        v: 1,
        source: 'field-trackers',
        occurredAt: now,
        payload: { assetId: 'truck-cayes-2', assetKind: 'vehicle', position: { lon: -73.8, lat: 18.19 } },
      },
    ];
    const response = await fetch(`${vigie.url}/api/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(events),
    });
    expect(response.status, await response.clone().text()).toBe(202);

    const truck = await waitFor(() => inHaiti.entities.get('truck-cayes-1'), {
      timeoutMs: 30_000,
      what: 'truck-cayes-1 in the Les Cayes viewport',
    });
    expect(truck.position).toEqual({ lon: -73.75, lat: 18.2 });
    expect(truck.region?.country).toBe('HTI');
    await waitFor(() => inHaiti.entities.has('truck-cayes-2'), { what: 'truck-cayes-2' });
    // The Paris viewer has had many ticks since the Haitian deltas went out and got none of them.
    const ticksLater = inHaiti.entities.size;
    await waitFor(async () => {
      const r = await fetch(`${vigie.url}/api/v1/entities?bbox=${PARIS.join(',')}`, { headers: { cookie } });
      return r.status === 200;
    });
    expect(ticksLater).toBeGreaterThanOrEqual(2);
    expect(inParis.entities.size).toBe(0);
  }, 60_000);

  it('moves an asset from an OsmAnd/Traccar request with the key in the URL', async () => {
    const inHaiti = viewers[0]!;
    const seconds = Math.floor(Date.now() / 1000);
    const response = await fetch(
      `${vigie.url}/api/v1/osmand/${token}?id=phone-42&lat=18.25&lon=-73.7&timestamp=${seconds}&speed=10&bearing=45`,
    );
    expect(response.status, await response.clone().text()).toBe(200);
    const moved = await waitFor(
      () => [...inHaiti.entities.values()].find((e) => e.entityId.includes('phone-42')),
      { timeoutMs: 30_000, what: 'the OsmAnd device on the map' },
    );
    expect(moved.position?.lon).toBeCloseTo(-73.7, 6);
    expect(moved.position?.lat).toBeCloseTo(18.25, 6);
    // Traccar's OsmAnd speed is in knots: 10 kn = 5.14 m/s.
    expect(moved.speed).toBeCloseTo(5.144, 2);

    const later = Math.floor(Date.now() / 1000) + 60;
    await fetch(`${vigie.url}/api/v1/osmand?key=${token}&id=phone-42&lat=18.3&lon=-73.65&timestamp=${later}`);
    await waitFor(() => inHaiti.entities.get(moved.entityId)?.position?.lat === 18.3 || undefined, {
      timeoutMs: 30_000,
      what: 'the second OsmAnd fix',
    });
  }, 60_000);
}

describe('live path: embedded log + PGlite', () => suite('embedded'));

const distributed = await Promise.all([isServiceUp('kafka'), isServiceUp('postgres')]);
describeWithService(
  distributed.every(Boolean),
  'Kafka and PostgreSQL',
  'run `npm test`, which starts them, or `npm run kafka -- start`',
)('live path: Kafka + PostgreSQL', () => suite('distributed'));
