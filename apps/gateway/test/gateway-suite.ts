/**
 * The gateway's behaviour end to end, against a real database and a real log, run once per backend
 * (embedded: PGlite + embedded log; distributed: PostgreSQL + Kafka + Redis adapter).
 */
import type { Socket as NetSocket } from 'node:net';
import type { TLiveEntityV1 } from '@vigie/contracts/live-entities';
import { ZSessionUser } from '@vigie/contracts/auth-api';
import { ZErrorBody } from '@vigie/contracts/errors';
import { createApiKey } from '@vigie/db/api-keys-repository';
import { upsertAsset } from '@vigie/db/assets-repository';
import { listAudit } from '@vigie/db/audit-repository';
import { recordPositions } from '@vigie/db/positions-repository';
import { recordReadings } from '@vigie/db/readings-repository';
import { recordReports } from '@vigie/db/reports-repository';
import { upsertSensorStates } from '@vigie/db/sensors-repository';
import { waitFor } from '@vigie/testing/wait-for';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeltaPayload, SnapshotPayload } from '../src/live/live-hub';
import type { Harness, LiveClient, Mode } from './gateway-harness';
import { liveEntity, startHarness } from './gateway-harness';

type Bbox = [number, number, number, number];

interface Recorder {
  snapshots: SnapshotPayload[];
  deltas: DeltaPayload[];
  errors: { code: string; message: string }[];
  /** Entity states the client holds after applying everything received. */
  state: Map<string, TLiveEntityV1>;
  lastSeq: () => number | undefined;
}

function record(socket: LiveClient): Recorder {
  const recorder: Recorder = {
    snapshots: [],
    deltas: [],
    errors: [],
    state: new Map(),
    lastSeq: () => {
      const last = [...recorder.snapshots, ...recorder.deltas].sort((a, b) => b.seq - a.seq)[0];
      return last?.seq;
    },
  };
  socket.on('snapshot', (payload) => {
    const snapshot = payload as SnapshotPayload;
    recorder.snapshots.push(snapshot);
    recorder.state.clear();
    for (const entity of snapshot.entities) recorder.state.set(entity.entityId, entity);
  });
  socket.on('delta', (payload) => {
    const delta = payload as DeltaPayload;
    recorder.deltas.push(delta);
    for (const entity of delta.upserts) recorder.state.set(entity.entityId, entity);
    for (const id of delta.removes) recorder.state.delete(id);
  });
  socket.on('error', (payload) => recorder.errors.push(payload as { code: string; message: string }));
  return recorder;
}

async function connect(socket: LiveClient): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (error) => reject(error));
    socket.connect();
  });
}

async function subscribe(socket: LiveClient, recorder: Recorder, bbox: Bbox, layers = ['assets', 'sensors']) {
  const before = recorder.snapshots.length;
  socket.emit('subscribe', { v: 1, bbox, zoom: 8, layers: layers as ('assets' | 'sensors')[] });
  await waitFor(() => recorder.snapshots.length > before, { what: 'a snapshot' });
}

async function trpcGet(harness: Harness, path: string, input: unknown, cookie?: string) {
  const url = `${harness.baseUrl}/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`;
  const response = await fetch(url, { headers: cookie === undefined ? {} : { cookie } });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

function counter(text: string, name: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name} `) || l.startsWith(`${name}{`));
  return line === undefined ? 0 : Number(line.split(' ').pop());
}

export function runGatewaySuite(
  mode: Mode,
  describeFn: typeof describe | typeof describe.skip = describe,
): void {
  describeFn(`gateway (${mode})`, () => {
    let harness: Harness;
    const t0 = new Date(Date.now() - 10 * 60_000);
    const seededAt = (seconds: number) => new Date(t0.getTime() + seconds * 1000);

    beforeAll(async () => {
      harness = await startHarness(mode, {
        login: { maxFailures: 3 },
        beforeStart: async ({ database, publish }) => {
          // In the database before the gateway starts: must be in its snapshot.
          await recordPositions(database.db, [
            {
              envelopeId: 'seed-1',
              assetId: 'seed-truck',
              time: seededAt(0),
              lon: 30,
              lat: -20,
              kind: 'vehicle',
            },
            {
              envelopeId: 'seed-2',
              assetId: 'seed-truck',
              time: seededAt(60),
              lon: 30.01,
              lat: -20.01,
              speed: 5,
            },
          ]);
          await upsertAsset(database.db, {
            id: 'seed-truck',
            kind: 'vehicle',
            name: 'Seed truck',
            source: 'tracker-9',
          });
          // On the log shortly before the gateway starts: the catch-up reads it.
          await publish([liveEntity('early-boat', 31, -21, { entityKind: 'boat' })]);
        },
      });
    });

    afterAll(async () => {
      await harness?.close();
    });

    describe('auth', () => {
      it('logs in, tells who is logged in, logs out', async () => {
        const { email, password, id } = await harness.user('coordinator');
        const login = await fetch(`${harness.baseUrl}/api/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin: harness.baseUrl },
          body: JSON.stringify({ email: email.toUpperCase(), password }),
        });
        expect(login.status).toBe(200);
        const user = ZSessionUser.parse(await login.json());
        expect(user).toMatchObject({ id, email, role: 'coordinator', locale: 'en' });
        const setCookie = login.headers.get('set-cookie') ?? '';
        expect(setCookie).toMatch(/^vigie_session=[A-Za-z0-9_-]{43};/);
        expect(setCookie).toContain('HttpOnly');
        expect(setCookie).toContain('SameSite=Lax');
        expect(setCookie).toContain('Path=/');
        expect(setCookie).not.toContain('Secure');
        const cookie = setCookie.split(';')[0]!;

        const me = await fetch(`${harness.baseUrl}/api/auth/me`, { headers: { cookie } });
        expect(me.status).toBe(200);
        expect(ZSessionUser.parse(await me.json()).id).toBe(id);

        const logout = await fetch(`${harness.baseUrl}/api/auth/logout`, {
          method: 'POST',
          headers: { cookie, 'content-type': 'application/json' },
        });
        expect(logout.status).toBe(204);
        expect(logout.headers.get('set-cookie')).toMatch(/vigie_session=;/);
        const after = await fetch(`${harness.baseUrl}/api/auth/me`, { headers: { cookie } });
        expect(after.status).toBe(401);
        expect(ZErrorBody.parse(await after.json()).code).toBe('UNAUTHENTICATED');
        const audit = await listAudit(harness.database.db, { actor: id });
        expect(audit.map((e) => `${e.action}:${e.outcome}`)).toEqual(['auth.logout:ok', 'auth.login:ok']);
      });

      it('answers a wrong password and an unknown e-mail alike with 401, and audits both', async () => {
        const { email, id } = await harness.user('analyst');
        const attempt = (e: string) =>
          fetch(`${harness.baseUrl}/api/auth/login`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ email: e, password: 'not the password' }),
          });
        const wrong = await attempt(email);
        const unknown = await attempt(`nobody-${Date.now()}@example.org`);
        expect(wrong.status).toBe(401);
        expect(unknown.status).toBe(401);
        expect(await wrong.json()).toEqual(await unknown.json());
        expect(wrong.headers.get('set-cookie')).toBeNull();
        const audit = await listAudit(harness.database.db, { actor: id, action: 'auth.login' });
        expect(audit[0]).toMatchObject({ outcome: 'denied', detail: { email, reason: 'wrong password' } });
        const anonymous = await listAudit(harness.database.db, { actor: 'anonymous', action: 'auth.login' });
        expect(anonymous.some((e) => e.detail.reason === 'unknown email')).toBe(true);
      });

      it('throttles repeated failures for one e-mail and address with 429', async () => {
        const { email, password } = await harness.user('analyst');
        const attempt = (p: string) =>
          fetch(`${harness.baseUrl}/api/auth/login`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ email, password: p }),
          });
        for (let i = 0; i < 3; i++) expect((await attempt('wrong')).status).toBe(401);
        const throttled = await attempt(password);
        expect(throttled.status).toBe(429);
        expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThan(0);
        expect(ZErrorBody.parse(await throttled.json()).code).toBe('RATE_LIMITED');
      });

      it('refuses bad input naming the field, non-JSON bodies and cross-origin posts', async () => {
        const post = (body: string, headers: Record<string, string>) =>
          fetch(`${harness.baseUrl}/api/auth/login`, { method: 'POST', headers, body });
        const bad = await post(JSON.stringify({ email: 'not-an-email', password: 'x' }), {
          'content-type': 'application/json',
        });
        expect(bad.status).toBe(400);
        expect(ZErrorBody.parse(await bad.json()).message).toMatch(/^email: /);
        const form = await post('email=a@b.c&password=x', {
          'content-type': 'application/x-www-form-urlencoded',
        });
        expect(form.status).toBe(400);
        expect(ZErrorBody.parse(await form.json()).message).toContain('application/json');
        const crossOrigin = await post(JSON.stringify({ email: 'a@example.org', password: 'x' }), {
          'content-type': 'application/json',
          origin: 'https://evil.example',
        });
        expect(crossOrigin.status).toBe(403);
      });
    });

    describe('access control', () => {
      it('answers 401 without a session, on tRPC and REST, and refuses the socket handshake', async () => {
        expect((await trpcGet(harness, 'me', undefined)).status).toBe(401);
        const details = await trpcGet(harness, 'entity.details', { id: 'seed-truck' });
        expect(details.status).toBe(401);
        expect((await fetch(`${harness.baseUrl}/api/v1/entities`)).status).toBe(401);
        const socket = harness.socket(undefined);
        const recorder = record(socket);
        await expect(connect(socket)).rejects.toThrow();
        expect(recorder.snapshots.length + recorder.deltas.length).toBe(0);
        const forged = harness.socket('vigie_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
        await expect(connect(forged)).rejects.toThrow();
        const polling = harness.socket(undefined, { transports: ['polling'] });
        await expect(connect(polling)).rejects.toThrow();
      });

      it('answers 403 to a role without the permission, and audits it', async () => {
        const field = await harness.session('field');
        const density = await trpcGet(
          harness,
          'reports.density',
          { bbox: [29, -22, 32, -19], sinceMinutes: 60 },
          field.cookie,
        );
        expect(density.status).toBe(403);
        const rest = await fetch(`${harness.baseUrl}/api/v1/entities`, { headers: { cookie: field.cookie } });
        expect(rest.status).toBe(403);
        const audit = await listAudit(harness.database.db, { actor: field.id, action: 'access.denied' });
        expect(audit.map((e) => e.target).sort()).toEqual([
          'http:GET /api/v1/entities',
          'trpc:reports.density',
        ]);
      });
    });

    describe('live push', () => {
      it('sends the database state and the recent log to a new client', async () => {
        const { cookie } = await harness.session('coordinator');
        const socket = harness.socket(cookie);
        const recorder = record(socket);
        await connect(socket);
        await subscribe(socket, recorder, [29, -22, 32, -19]);
        expect(recorder.state.get('seed-truck')?.position).toEqual({ lon: 30.01, lat: -20.01 });
        expect(recorder.state.get('seed-truck')?.name).toBe('Seed truck');
        expect(recorder.state.get('early-boat')?.entityKind).toBe('boat');
        expect(recorder.snapshots[0]?.seq).toEqual(expect.any(Number));
      });

      it('sends a change only to the clients whose viewport contains it; leaving is a remove', async () => {
        const { cookie } = await harness.session('coordinator');
        const north = harness.socket(cookie);
        const south = harness.socket(cookie);
        const northRec = record(north);
        const southRec = record(south);
        await Promise.all([connect(north), connect(south)]);
        await subscribe(north, northRec, [10, 40, 12, 42]);
        await subscribe(south, southRec, [10, -42, 12, -40]);

        await harness.publish([
          liveEntity('mover', 11, 41),
          liveEntity('sensor-n', 11.5, 41.5, { entityKind: 'sensor' }),
        ]);
        await waitFor(() => northRec.state.has('mover') && northRec.state.has('sensor-n'), {
          what: 'the delta',
        });
        const delta = northRec.deltas.find((d) => d.upserts.some((e) => e.entityId === 'mover'));
        expect(delta?.seq).toBeGreaterThan(northRec.snapshots[0]!.seq);

        await harness.publish([liveEntity('mover', 11, -41)]);
        await waitFor(() => !northRec.state.has('mover'), { what: 'the remove' });
        expect(northRec.deltas.some((d) => d.removes.includes('mover'))).toBe(true);
        await waitFor(() => southRec.state.get('mover')?.position?.lat === -41, { what: 'the entry' });
        expect(southRec.state.has('sensor-n')).toBe(false);
        expect(southRec.deltas.flatMap((d) => d.upserts).some((e) => e.entityId === 'sensor-n')).toBe(false);
        const seqs = northRec.deltas.map((d) => d.seq);
        expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
      });

      it('sends only the subscribed layers, and what enters or leaves when the viewport moves', async () => {
        const { cookie } = await harness.session('analyst');
        const socket = harness.socket(cookie);
        const recorder = record(socket);
        await connect(socket);
        await harness.publish([
          liveEntity('layer-truck', 50.5, 10.5),
          liveEntity('layer-gauge', 50.6, 10.6, { entityKind: 'sensor' }),
          liveEntity('pan-target', 52.5, 10.5),
        ]);
        await waitFor(() => harness.gateway.services.index.get('pan-target'));
        await subscribe(socket, recorder, [50, 10, 51, 11], ['sensors']);
        expect([...recorder.state.keys()]).toEqual(['layer-gauge']);
        socket.emit('subscribe', { v: 1, bbox: [52, 10, 53, 11], zoom: 9, layers: ['assets', 'sensors'] });
        await waitFor(() => recorder.state.has('pan-target') && !recorder.state.has('layer-gauge'), {
          what: 'the pan delta',
        });
        expect(recorder.snapshots).toHaveLength(1);
        // Nothing changed meanwhile, yet the pan delta carries a greater seq than the snapshot.
        expect(recorder.deltas.at(-1)!.seq).toBeGreaterThan(recorder.snapshots[0]!.seq);
      });

      it('answers a resync with the missed changes, or with a snapshot when it cannot', async () => {
        const { cookie } = await harness.session('coordinator');
        const first = harness.socket(cookie);
        const firstRec = record(first);
        await connect(first);
        await subscribe(first, firstRec, [60, 0, 62, 2]);
        await harness.publish([liveEntity('resync-a', 61, 1), liveEntity('resync-b', 61.2, 1.2)]);
        await waitFor(() => firstRec.state.size === 2, { what: 'both entities' });
        const fromSeq = firstRec.lastSeq()!;
        first.disconnect();

        await harness.publish([
          liveEntity('resync-a', 61.5, 1.5),
          liveEntity('resync-b', 70, 10),
          liveEntity('resync-c', 60.5, 0.5),
        ]);
        await waitFor(() => harness.gateway.services.index.get('resync-c'), { what: 'the index' });

        const second = harness.socket(cookie);
        const secondRec = record(second);
        secondRec.state = new Map(firstRec.state);
        await connect(second);
        second.emit('resync', { v: 1, fromSeq });
        second.emit('subscribe', { v: 1, bbox: [60, 0, 62, 2], zoom: 9, layers: ['assets'] });
        await waitFor(() => secondRec.deltas.length > 0, { what: 'the resync delta' });
        expect(secondRec.snapshots).toHaveLength(0);
        const delta = secondRec.deltas[0]!;
        expect(delta.upserts.map((e) => e.entityId).sort()).toEqual(['resync-a', 'resync-c']);
        expect(delta.removes).toEqual(['resync-b']);
        expect(secondRec.state.get('resync-a')?.position).toEqual({ lon: 61.5, lat: 1.5 });

        second.emit('resync', { v: 1, fromSeq: 1 });
        await waitFor(() => secondRec.snapshots.length === 1, { what: 'a snapshot for an unknown seq' });
        expect([...secondRec.state.keys()].sort()).toEqual(['resync-a', 'resync-c']);

        // The web app's reconnect order, subscribe then resync, is answered with a delta too.
        const resumeFrom = secondRec.lastSeq()!;
        second.disconnect();
        await harness.publish([liveEntity('resync-a', 61.7, 1.7)]);
        await waitFor(() => harness.gateway.services.index.get('resync-a')?.lon === 61.7, {
          what: 'the index',
        });
        const third = harness.socket(cookie);
        const thirdRec = record(third);
        await connect(third);
        third.emit('subscribe', { v: 1, bbox: [60, 0, 62, 2], zoom: 9, layers: ['assets'] });
        third.emit('resync', { v: 1, fromSeq: resumeFrom });
        await waitFor(() => thirdRec.deltas.length > 0, { what: 'the delta after subscribe + resync' });
        expect(thirdRec.snapshots).toHaveLength(0);
        expect(thirdRec.deltas[0]!.upserts.map((e) => e.entityId)).toEqual(['resync-a']);
        expect(thirdRec.deltas[0]!.seq).toBeGreaterThan(resumeFrom);
      });

      it('answers an invalid event with an error naming the field', async () => {
        const { cookie } = await harness.session('coordinator');
        const socket = harness.socket(cookie);
        const recorder = record(socket);
        await connect(socket);
        socket.emit('subscribe', { v: 1, bbox: [10, 20, 11, 10], zoom: 3, layers: ['assets'] });
        await waitFor(() => recorder.errors.length > 0, { what: 'an error' });
        expect(recorder.errors[0]).toMatchObject({ code: 'VALIDATION_FAILED' });
        expect(recorder.errors[0]?.message).toContain('bbox[3]');
      });

      it('limits field staff to what is near the asset they carry', async () => {
        const field = await harness.user('field');
        await upsertAsset(harness.database.db, {
          id: 'field-phone',
          kind: 'team',
          name: 'Field phone',
          attrs: { userId: field.id },
        });
        await harness.publish([
          liveEntity('field-phone', -40, -10, { entityKind: 'team' }),
          liveEntity('field-near', -40.02, -10.02),
          liveEntity('field-far', -41, -10),
        ]);
        await waitFor(() => harness.gateway.services.index.get('field-far'));
        const cookie = await harness.login(field.email, field.password);
        const socket = harness.socket(cookie);
        const recorder = record(socket);
        await connect(socket);
        await subscribe(socket, recorder, [-180, -90, 180, 90]);
        expect([...recorder.state.keys()].sort()).toEqual(['field-near', 'field-phone']);
        const near = await trpcGet(harness, 'entity.details', { id: 'field-near' }, cookie);
        expect(near.status).toBe(200);
        const far = await trpcGet(harness, 'entity.details', { id: 'field-far' }, cookie);
        expect(far.status).toBe(403);
      });

      it('does not queue for a client that does not read: changes coalesce to the latest state', async () => {
        const { cookie } = await harness.session('coordinator');
        const socket = harness.socket(cookie);
        const recorder = record(socket);
        await connect(socket);
        const area: Bbox = [100, 0, 110, 10];
        await subscribe(socket, recorder, area);
        const serverSocket = harness.gateway.hub;
        const socketId = socket.id!;
        // Stop reading at the TCP level, then send more than the socket buffers hold.
        const tcp = (socket.io.engine.transport as unknown as { ws: { _socket: NetSocket } }).ws._socket;
        tcp.pause();
        const padding = 'x'.repeat(190);
        const bulk: TLiveEntityV1[] = [];
        for (let i = 0; i < 40_000; i++) {
          bulk.push(liveEntity(`bulk-${i}`, 100 + (i % 100) / 10, (i % 97) / 10, { name: `${padding}${i}` }));
        }
        await harness.publish(bulk);
        await waitFor(() => harness.gateway.services.index.get('bulk-39999'), {
          what: 'the bulk in the index',
        });
        const stalledBefore = counter(
          await harness.registry.metrics(),
          'vigie_gateway_stalled_flushes_total',
        );
        await waitFor(
          async () =>
            counter(await harness.registry.metrics(), 'vigie_gateway_stalled_flushes_total') >
            stalledBefore + 3,
          { what: 'the socket to stall' },
        );
        const pendingBefore = serverSocket.stats(socketId)!.pendingEntities;
        for (let i = 0; i < 200; i++) await harness.publish([liveEntity('hot', 105, 5 + i / 1000)]);
        await waitFor(() => harness.gateway.services.index.get('hot')?.lat === 5 + 199 / 1000, {
          what: 'hot',
        });
        // 200 changes of one entity are one pending entry, resolved to its latest state when sent.
        expect(serverSocket.stats(socketId)!.pendingEntities).toBe(pendingBefore + 1);
        // Nothing piles up on the server side either: at most the one message being written.
        const serverConn = harness.liveSockets.io.sockets.sockets.get(socketId)?.conn as unknown as {
          writeBuffer: unknown[];
        };
        expect(serverConn.writeBuffer.length).toBeLessThanOrEqual(1);

        tcp.resume();
        await waitFor(() => recorder.state.get('hot')?.position?.lat === 5 + 199 / 1000, {
          what: 'the latest state of hot',
          timeoutMs: 30_000,
        });
        const hotDeltas = recorder.deltas.filter((d) => d.upserts.some((e) => e.entityId === 'hot'));
        expect(hotDeltas).toHaveLength(1);
        expect(recorder.state.size).toBe(40_001);
        const metrics = await harness.registry.metrics();
        expect(counter(metrics, 'vigie_gateway_coalesced_changes_total')).toBeGreaterThanOrEqual(199);
      }, 90_000);
    });

    describe('tRPC', () => {
      it('answers entity.details from the live state and the database', async () => {
        const { cookie } = await harness.session('analyst');
        const { status, body } = await trpcGet(harness, 'entity.details', { id: 'seed-truck' }, cookie);
        expect(status).toBe(200);
        const data = (body.result as { data: Record<string, unknown> }).data;
        expect(data).toMatchObject({ source: 'tracker-9', lastReadings: [] });
        expect((data.entity as TLiveEntityV1).position).toEqual({ lon: 30.01, lat: -20.01 });
        const missing = await trpcGet(harness, 'entity.details', { id: 'no-such-entity' }, cookie);
        expect(missing.status).toBe(404);
      });

      it('answers entity.history with a track or readings, and 400 naming a bad field', async () => {
        const { cookie } = await harness.session('coordinator');
        const now = Date.now();
        await recordPositions(harness.database.db, [
          {
            envelopeId: 'hist-1',
            assetId: 'hist-truck',
            time: new Date(now - 30 * 60_000),
            lon: 1,
            lat: 2,
            speed: 3,
          },
          {
            envelopeId: 'hist-2',
            assetId: 'hist-truck',
            time: new Date(now - 10 * 60_000),
            lon: 1.1,
            lat: 2.1,
          },
          { envelopeId: 'hist-0', assetId: 'hist-truck', time: new Date(now - 120 * 60_000), lon: 0, lat: 0 },
        ]);
        const track = await trpcGet(harness, 'entity.history', { id: 'hist-truck', minutes: 60 }, cookie);
        expect(track.status).toBe(200);
        const history = (track.body.result as { data: { track: { lon: number; speed?: number }[] } }).data;
        expect(history.track.map((p) => p.lon)).toEqual([1, 1.1]);
        expect(history.track[0]?.speed).toBe(3);

        await upsertSensorStates(harness.database.db, [
          {
            id: 'hist-gauge',
            kind: 'water_level',
            unit: 'm',
            position: { lon: 5, lat: 5 },
            lastValue: 2.5,
            lastReadingAt: new Date(now - 60_000),
            lastReadings: {
              water_level: { value: 2.5, unit: 'm', at: new Date(now - 60_000).toISOString() },
            },
          },
        ]);
        await recordReadings(harness.database.db, [
          {
            envelopeId: 'hr-1',
            sensorId: 'hist-gauge',
            time: new Date(now - 120_000),
            metric: 'water_level',
            value: 2.1,
            unit: 'm',
          },
          {
            envelopeId: 'hr-2',
            sensorId: 'hist-gauge',
            time: new Date(now - 60_000),
            metric: 'water_level',
            value: 2.5,
            unit: 'm',
          },
        ]);
        const series = await trpcGet(harness, 'entity.history', { id: 'hist-gauge' }, cookie);
        const readings = (series.body.result as { data: { readings: { value: number }[] } }).data.readings;
        expect(readings.map((r) => r.value)).toEqual([2.1, 2.5]);
        const details = await trpcGet(harness, 'entity.details', { id: 'hist-gauge' }, cookie);
        const lastReadings = (details.body.result as { data: { lastReadings: { value: number }[] } }).data
          .lastReadings;
        expect(lastReadings.map((r) => r.value)).toEqual([2.5]);

        const bad = await trpcGet(harness, 'entity.history', { id: 'hist-truck', minutes: 0 }, cookie);
        expect(bad.status).toBe(400);
        const error = bad.body.error as { message: string; data: { appCode: string } };
        expect(error.message).toMatch(/^minutes: /);
        expect(error.data.appCode).toBe('VALIDATION_FAILED');
      });

      it('answers reports.density per hexagon with categories', async () => {
        const { cookie } = await harness.session('coordinator');
        const now = Date.now();
        const report = (id: string, category: string | null, minutesAgo: number) => ({
          envelopeId: id,
          source: 'density',
          sourceRef: id,
          text: 'report',
          category,
          position: { lon: 120.01, lat: 15.01 },
          h3Cell: '87694c4e9ffffff',
          occurredAt: new Date(now - minutesAgo * 60_000),
        });
        await recordReports(harness.database.db, [
          report('rd-1', 'flood', 5),
          report('rd-2', 'flood', 10),
          report('rd-3', null, 10),
          report('rd-4', 'flood', 600),
        ]);
        const { status, body } = await trpcGet(
          harness,
          'reports.density',
          { bbox: [119, 14, 121, 16], sinceMinutes: 60 },
          cookie,
        );
        expect(status).toBe(200);
        expect((body.result as { data: unknown }).data).toEqual([
          { cell: '87694c4e9ffffff', count: 3, categories: { flood: 2, uncategorised: 1 } },
        ]);
        const coarse = await trpcGet(
          harness,
          'reports.density',
          { bbox: [119, 14, 121, 16], sinceMinutes: 60, resolution: 5 },
          cookie,
        );
        const cells = (coarse.body.result as { data: { cell: string; count: number }[] }).data;
        expect(cells).toHaveLength(1);
        expect(cells[0]?.cell[1]).toBe('5');
        expect(cells[0]?.count).toBe(3);
      });
    });

    describe('REST and operations', () => {
      it('lists entities in a box as GeoJSON, for a session or an API key with the read scope', async () => {
        await harness.publish([
          liveEntity('geo-truck', -70.5, 45.5),
          liveEntity('geo-gauge', -70.6, 45.6, { entityKind: 'sensor' }),
        ]);
        await waitFor(() => harness.gateway.services.index.get('geo-gauge'));
        const { cookie } = await harness.session('analyst');
        const url = `${harness.baseUrl}/api/v1/entities?bbox=-71,45,-70,46`;
        const response = await fetch(url, { headers: { cookie } });
        expect(response.status).toBe(200);
        const collection = (await response.json()) as {
          type: string;
          features: {
            id: string;
            geometry: { coordinates: number[] };
            properties: Record<string, unknown>;
          }[];
        };
        expect(collection.type).toBe('FeatureCollection');
        expect(collection.features.map((f) => f.id)).toEqual(['geo-gauge', 'geo-truck']);
        expect(collection.features[1]?.geometry.coordinates).toEqual([-70.5, 45.5]);
        expect(collection.features[1]?.properties.entityKind).toBe('vehicle');

        const reader = await createApiKey(harness.database.db, { source: 'partner-a', scopes: ['read'] });
        const sender = await createApiKey(harness.database.db, {
          source: 'partner-b',
          scopes: ['events:position'],
        });
        const byKey = await fetch(`${url}&kinds=sensor`, {
          headers: { authorization: `Bearer ${reader.token}` },
        });
        expect(byKey.status).toBe(200);
        expect(((await byKey.json()) as { features: { id: string }[] }).features.map((f) => f.id)).toEqual([
          'geo-gauge',
        ]);
        const noScope = await fetch(url, { headers: { authorization: `Bearer ${sender.token}` } });
        expect(noScope.status).toBe(403);
        const badKey = await fetch(url, { headers: { authorization: 'Bearer vk_nope' } });
        expect(badKey.status).toBe(401);

        const badBbox = await fetch(`${harness.baseUrl}/api/v1/entities?bbox=1,2,3`, { headers: { cookie } });
        expect(badBbox.status).toBe(400);
        const error = ZErrorBody.parse(await badBbox.json());
        expect(error.message).toMatch(/^bbox: /);
        expect(error.details?.parameter).toBe('bbox');
        const badKinds = await fetch(`${url}&kinds=spaceship`, { headers: { cookie } });
        expect(ZErrorBody.parse(await badKinds.json()).details?.parameter).toBe('kinds');
      });

      it('serves /healthz, /readyz and /metrics', async () => {
        expect((await fetch(`${harness.baseUrl}/healthz`)).status).toBe(200);
        const ready = await fetch(`${harness.baseUrl}/readyz`);
        expect(ready.status).toBe(200);
        expect(await ready.json()).toMatchObject({ status: 'ready', checks: { database: 'ok', log: 'ok' } });
        const metrics = await fetch(`${harness.baseUrl}/metrics`);
        expect(metrics.headers.get('content-type')).toContain('text/plain');
        const text = await metrics.text();
        expect(text).toContain('vigie_e2e_latency_seconds_bucket');
        expect(text).toContain('vigie_gateway_sockets_connected');
        expect(counter(text, 'vigie_gateway_deltas_sent_total')).toBeGreaterThan(0);
        expect(counter(text, 'vigie_e2e_latency_seconds_count')).toBeGreaterThan(0);
      });
    });
  });
}
