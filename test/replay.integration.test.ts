// Replay correctness through the real pipeline (ingest → Kafka → processor → PostgreSQL): a simulated
// run posts fixes and readings minute by minute; after each minute the live picture a socket client
// holds is recorded. The keyframe writer runs in the middle of the run. Then a replay session on
// `/replay` seeks to each recorded instant and its snapshot must equal the recorded picture; playing
// at 600× from the start must end on the last recorded picture; the live namespace gets no replay
// traffic.
import { connectKafkaLog } from '@vigie/bus/kafka-log';
import type { Log } from '@vigie/bus/log';
import { newEventId } from '@vigie/contracts/envelope';
import type { TLiveEntityV1 } from '@vigie/contracts/live-entities';
import { REPLAY_NAMESPACE } from '@vigie/contracts/replay-socket-catalog';
import type { ReplayGatewayToClientEvents } from '@vigie/contracts/replay-socket-catalog';
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
import { afterAll, beforeAll, expect, it } from 'vitest';

type Frame = Parameters<ReplayGatewayToClientEvents['frame']>[0];

const AREA: [number, number, number, number] = [-74.0, 18.0, -73.5, 18.4];
const MINUTE = 60_000;
const STEPS = 8;
// Two-minute keyframes, aligned: the run starts on a boundary three hours ago.
const KEYFRAME_MS = 2 * MINUTE;
const T0 = Math.floor((Date.now() - 3 * 3_600_000) / KEYFRAME_MS) * KEYFRAME_MS;
const instant = (step: number) => T0 + step * MINUTE;

/** What is compared: where and when each entity was, and the readings of sensors. */
function essence(entity: TLiveEntityV1) {
  return {
    entityId: entity.entityId,
    entityKind: entity.entityKind,
    position: entity.position,
    lastSeenAt: entity.lastSeenAt,
    lastReadings: entity.lastReadings?.map((r) => ({
      metric: r.metric,
      value: r.value,
      unit: r.unit,
      at: r.at,
    })),
  };
}

function picture(entities: Iterable<TLiveEntityV1>) {
  return [...entities].map(essence).sort((a, b) => (a.entityId < b.entityId ? -1 : 1));
}

/** The events of one simulated minute: trucks move (truck-4 joins at step 3), gauges report every other minute. */
function eventsAt(step: number) {
  const occurredAt = new Date(instant(step)).toISOString();
  const events: unknown[] = [];
  for (let truck = 1; truck <= 4; truck++) {
    if (truck === 4 && step < 3) continue;
    // truck-2 stops reporting after step 5: its last fix must stay in the picture.
    if (truck === 2 && step > 5) continue;
    events.push({
      id: newEventId(),
      type: 'position',
      v: 1,
      source: 'replay-trackers',
      occurredAt,
      payload: {
        assetId: `truck-${truck}`,
        assetKind: 'vehicle',
        position: { lon: -73.9 + truck * 0.05 + step * 0.001, lat: 18.1 + step * 0.002 },
        speed: 10 + step,
        heading: 90,
      },
    });
  }
  if (step % 2 === 0) {
    for (let gauge = 1; gauge <= 2; gauge++) {
      events.push({
        id: newEventId(),
        type: 'reading',
        v: 1,
        source: 'replay-trackers',
        occurredAt,
        payload: {
          sensorId: `gauge-${gauge}`,
          metric: 'water_level',
          value: gauge + step / 4,
          unit: 'm',
          position: { lon: -73.7 + gauge * 0.01, lat: 18.3 },
        },
      });
    }
  }
  return events;
}

describeWithService(
  (await isServiceUp('postgres')) && (await isServiceUp('kafka')),
  'PostgreSQL and Kafka',
  `start them or set VIGIE_TEST_DATABASE_URL / VIGIE_TEST_KAFKA_BROKERS (now ${services.databaseUrl}, ${services.kafkaBrokers.join(',')})`,
)('replay of a recorded run (Kafka + PostgreSQL)', () => {
  let vigie: RunningVigie;
  let database: Database;
  let log: Log;
  let cookie: string;
  let token: string;
  const cleanups: (() => Promise<void> | void)[] = [];
  const sockets: Socket[] = [];
  /** The live picture recorded after each simulated minute. */
  const recorded = new Map<number, ReturnType<typeof picture>>();
  let liveFramesSeen = 0;

  beforeAll(async () => {
    const prefix = `${uniqueName('rp')}.`;
    const throwaway = await createThrowawayDatabase('vigie_replay');
    cleanups.push(() => throwaway.drop());
    database = await createDb({ url: throwaway.url });
    log = await connectKafkaLog({
      brokers: services.kafkaBrokers,
      consumer: { sessionTimeoutMs: 6_000, heartbeatIntervalMs: 500, maxWaitTimeMs: 100 },
    });
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
      processor: {
        topicPrefix: prefix,
        groupId: uniqueName('processor'),
        partitions: 2,
        // The test drives the keyframe writer itself, at instants of the simulated run.
        keyframes: { intervalMs: KEYFRAME_MS, lagMs: 0, checkMs: 3_600_000 },
      },
      parts: { web: false, ingest: true, processor: true },
      logger: createLogger({ level: 'warn' }),
      database,
      log,
    });
    const password = uniqueName('pw');
    await createUser(database.db, {
      email: 'analyst@vigie.test',
      name: 'Analyst',
      role: 'analyst',
      locale: 'en',
      passwordHash: await hashPassword(password),
    });
    const login = await fetch(`${vigie.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'analyst@vigie.test', password }),
    });
    expect(login.status).toBe(200);
    cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
    ({ token } = await createApiKey(database.db, {
      source: 'replay-trackers',
      scopes: ['events:position', 'events:reading'],
      autoRegisterDevices: true,
    }));

    // The live picture, as a map client holds it.
    const live = io(vigie.url, { transports: ['websocket'], reconnection: false, extraHeaders: { cookie } });
    sockets.push(live);
    const entities = new Map<string, TLiveEntityV1>();
    let snapshot = false;
    live.on('snapshot', (p: { entities: TLiveEntityV1[] }) => {
      snapshot = true;
      entities.clear();
      for (const e of p.entities) entities.set(e.entityId, e);
    });
    live.on('delta', (p: { upserts: TLiveEntityV1[]; removes: string[] }) => {
      for (const e of p.upserts) entities.set(e.entityId, e);
      for (const id of p.removes) entities.delete(id);
    });
    live.onAny((name: string) => {
      if (name === 'frame' || name === 'opened') liveFramesSeen += 1;
    });
    await waitFor(() => live.connected, { what: 'live socket connected' });
    live.emit('subscribe', { v: 1, bbox: AREA, zoom: 10, layers: ['assets', 'sensors'] });
    await waitFor(() => snapshot, { what: 'live snapshot' });

    const keyframes = vigie.processor?.keyframes;
    if (keyframes === undefined) throw new Error('the keyframe writer should be running');
    for (let step = 0; step < STEPS; step++) {
      const events = eventsAt(step);
      const response = await fetch(`${vigie.url}/api/v1/events`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(events),
      });
      expect(response.status, await response.clone().text()).toBe(202);
      const at = new Date(instant(step)).toISOString();
      const ids = events.map((e) => {
        const payload = (e as { payload: { assetId?: string; sensorId?: string } }).payload;
        return payload.assetId ?? payload.sensorId ?? '';
      });
      await waitFor(() => ids.every((id) => entities.get(id)?.lastSeenAt === at), {
        timeoutMs: 30_000,
        what: `the live picture at step ${step}`,
      });
      recorded.set(instant(step), picture(entities.values()));
      // Keyframes are written for the instants due after steps 2 and 5 (T0+2 min, T0+4 min), so seeks
      // read a keyframe plus the history after it, and the earliest ones history alone.
      if (step === 2 || step === 5) await keyframes.runOnce(new Date(instant(step) + 30_000));
    }
  }, 180_000);

  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await vigie?.close();
    for (const cleanup of cleanups.reverse()) await cleanup();
  }, 60_000);

  async function openReplay() {
    const socket = io(`${vigie.url}${REPLAY_NAMESPACE}`, {
      transports: ['websocket'],
      reconnection: false,
      extraHeaders: { cookie },
    });
    sockets.push(socket);
    const frames: Frame[] = [];
    const events: string[] = [];
    socket.on('frame', (frame: Frame) => {
      frames.push(frame);
      socket.emit('ack', { v: 1, seq: frame.seq });
    });
    socket.onAny((name: string) => events.push(name));
    await waitFor(() => socket.connected, { what: 'replay socket connected' });
    socket.emit('open', {
      v: 1,
      from: new Date(T0 - MINUTE).toISOString(),
      to: new Date(instant(STEPS - 1)).toISOString(),
      layers: ['assets', 'sensors'],
      bbox: AREA,
    });
    await waitFor(() => frames.length > 0, { what: 'the first replay frame' });
    return { socket, frames, events };
  }

  it('has written keyframes during the run', async () => {
    const count = await import('@vigie/db/replay-repository').then((r) =>
      r.keyframeAtOrBefore(database.db, new Date(instant(STEPS))),
    );
    expect(count?.getTime()).toBe(T0 + 2 * KEYFRAME_MS);
    // A non-trivial run: trucks join and go quiet, gauges report every other minute.
    expect(recorded.get(instant(0))?.map((e) => e.entityId)).toEqual([
      'gauge-1',
      'gauge-2',
      'truck-1',
      'truck-2',
      'truck-3',
    ]);
    expect(recorded.get(instant(STEPS - 1))).toHaveLength(6);
  });

  it('replays, at each recorded instant, exactly the live picture recorded then', async () => {
    const { socket, frames } = await openReplay();
    expect(frames[0]).toMatchObject({ snapshot: true, seq: 1, upserts: [] });
    for (const [at, expected] of recorded) {
      const seen = frames.length;
      socket.emit('seek', { v: 1, at: new Date(at).toISOString() });
      const frame = await waitFor(
        () => frames.slice(seen).find((f) => f.snapshot && Date.parse(f.at) === at),
        { what: `the snapshot at ${new Date(at).toISOString()}` },
      );
      expect(picture(frame.upserts), `replayed picture at ${frame.at}`).toEqual(expected);
    }
    const seqs = frames.map((f) => f.seq);
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
  });

  it('plays from the start at 600× to the end of the range and ends on the last recorded picture', async () => {
    const { socket, frames, events } = await openReplay();
    socket.emit('speed', { v: 1, x: 600 });
    socket.emit('play', { v: 1 });
    await waitFor(() => events.includes('ended'), { timeoutMs: 20_000, what: 'the end of the replay' });
    const entities = new Map<string, TLiveEntityV1>();
    for (const frame of frames) {
      if (frame.snapshot) entities.clear();
      for (const e of frame.upserts) entities.set(e.entityId, e);
      for (const id of frame.removes) entities.delete(id);
    }
    expect(frames.filter((f) => !f.snapshot).length).toBeGreaterThan(0);
    expect(picture(entities.values())).toEqual(recorded.get(instant(STEPS - 1)));
    // Frames are in history order.
    const times = frames.map((f) => Date.parse(f.at));
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('coalesces the changes for a client that does not acknowledge frames instead of queueing them', async () => {
    const socket = io(`${vigie.url}${REPLAY_NAMESPACE}`, {
      transports: ['websocket'],
      reconnection: false,
      extraHeaders: { cookie },
    });
    sockets.push(socket);
    const frames: Frame[] = [];
    const states: { playing: boolean; at: string }[] = [];
    socket.on('frame', (frame: Frame) => frames.push(frame));
    socket.on('state', (state: { playing: boolean; at: string }) => states.push(state));
    await waitFor(() => socket.connected, { what: 'replay socket connected' });
    socket.emit('open', {
      v: 1,
      from: new Date(T0).toISOString(),
      to: new Date(instant(STEPS - 1)).toISOString(),
      layers: ['assets'],
    });
    // Sent at once: events are handled in order, so these wait for the session to be open.
    socket.emit('speed', { v: 1, x: 600 });
    socket.emit('play', { v: 1 });
    await waitFor(() => frames.length >= 2, { what: 'two frames in flight' });
    // The clock runs on while nothing is acknowledged: ask for its state until it is well past frame 2.
    const second = Date.parse(frames[1]!.at);
    await waitFor(
      () => {
        socket.emit('speed', { v: 1, x: 600 });
        return states.some((st) => Date.parse(st.at) >= second + 2 * MINUTE);
      },
      { intervalMs: 100, what: 'the clock two minutes past the second frame' },
    );
    socket.emit('pause', { v: 1 });
    const paused = await waitFor(() => states.find((st) => !st.playing && Date.parse(st.at) > second), {
      what: 'the paused state',
    });
    expect(frames).toHaveLength(2);
    socket.emit('ack', { v: 1, seq: 2 });
    const third = await waitFor(() => frames[2], { what: 'the frame after the acknowledgement' });
    expect(third).toMatchObject({ seq: 3, snapshot: false, at: paused.at });
    // One frame carries every truck that moved over the minutes it covers, each once.
    const ids = third.upserts.map((e) => e.entityId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBeGreaterThanOrEqual(3);
    expect(frames).toHaveLength(3);
  }, 30_000);

  it('keeps replay traffic off the live namespace', () => {
    expect(liveFramesSeen).toBe(0);
  });
});
