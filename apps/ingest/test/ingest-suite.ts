/**
 * One integration suite for the ingest routes, run unchanged on the embedded log + PGlite and on
 * Kafka + PostgreSQL. Requests go through Fastify's injection (the whole HTTP pipeline without a
 * socket); everything accepted is read back from the log.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { Log } from '@vigie/bus/log';
import { ZDeadLetterV1 } from '@vigie/contracts/deadletter';
import { createApiKey, revokeApiKey } from '@vigie/db/api-keys-repository';
import type { ApiKeyScope } from '@vigie/db/api-keys-repository';
import { upsertAsset } from '@vigie/db/assets-repository';
import type { Database } from '@vigie/db/database';
import { uniqueName } from '@vigie/testing/unique-name';
import { waitFor } from '@vigie/testing/wait-for';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureSimulatorApiKey } from '../src/simulator/ensure-simulator-key';
import { startSimulator } from '../src/simulator/start-simulator';
import {
  buildIngest,
  collectTopics,
  ndjson,
  positionEvent,
  readingEvent,
  reportEvent,
  testConfig,
  testLogger,
} from './ingest-harness';
import type { Collector, IngestUnderTest } from './ingest-harness';

const SAMPLES =
  process.env.VIGIE_SAMPLES_DIR ?? new URL('../../../../shared/samples', import.meta.url).pathname;
const OSMAND_SAMPLE = `${SAMPLES}/gps/traccar-osmand/osmand-query-requests.txt`;
const FIXTURES = new URL('./fixtures/osmand/', import.meta.url).pathname;

export interface Backend {
  db: Database;
  log: Log;
  /** A log of the same kind that cannot take writes (closed, or no broker behind it). */
  unavailableLog: () => Promise<Log>;
}

function decodeOriginal(payload: unknown): string {
  const parsed = ZDeadLetterV1.parse(payload);
  return Buffer.from(parsed.original, 'base64').toString('utf8');
}

export function runIngestSuite(
  name: string,
  open: () => Promise<Backend>,
  dispose?: () => Promise<void>,
): void {
  describe(name, () => {
    let backend: Backend;
    let ingest: IngestUnderTest;
    let topics: Collector;

    async function key(scopes: ApiKeyScope[], options: { autoRegisterDevices?: boolean } = {}) {
      const source = uniqueName('src').replaceAll('_', '-');
      const { id, token } = await createApiKey(backend.db.db, { source, scopes, ...options });
      return { id, token, source };
    }

    const allEvents: ApiKeyScope[] = ['events:position', 'events:reading', 'events:report'];

    function post(token: string | undefined, body: string | Buffer, contentType = 'application/x-ndjson') {
      return ingest.app.inject({
        method: 'POST',
        url: '/api/v1/events',
        headers: {
          'content-type': contentType,
          ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
        },
        payload: body,
      });
    }

    beforeAll(async () => {
      backend = await open();
      await backend.db.migrate();
      ingest = await buildIngest(backend.db, backend.log, testConfig());
      topics = await collectTopics(backend.log, ingest.config);
    });

    afterAll(async () => {
      await topics?.close();
      await ingest?.app.close();
      await backend?.log.close();
      await backend?.db.close();
      await dispose?.();
    });

    it('accepts an NDJSON batch (202) and appends each event to its raw topic, stamped and keyed', async () => {
      const k = await key(allEvents);
      const before = Date.now();
      const response = await post(
        k.token,
        `${ndjson([
          positionEvent(k.source, `${k.source}-truck-1`, -73.75, 18.19),
          readingEvent(`${k.source}-gauge-1`, 140, 'cm'),
        ])}\r\n\n${JSON.stringify(reportEvent('r-1', 'Larivyè a ap monte\r\nrele 3712 4589'))}\n`,
      );
      expect(response.statusCode).toBe(202);
      expect(response.json()).toEqual({ accepted: 3, rejected: 0 });

      const [position] = await topics.waitForMessages('raw.positions', (m) => m.value.source === k.source, 1);
      expect(position!.key).toBe(`${k.source}-truck-1`);
      expect(Date.parse(position!.value.receivedAt as string)).toBeGreaterThanOrEqual(before - 1000);
      expect(position!.value.id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
      expect(position!.value.geo).toEqual({ lon: -73.75, lat: 18.19 });

      const [reading] = await topics.waitForMessages('raw.readings', (m) => m.value.source === k.source, 1);
      expect(reading!.value.payload).toMatchObject({ value: 1.4, unit: 'm' });
      const [report] = await topics.waitForMessages('raw.reports', (m) => m.value.source === k.source, 1);
      expect(report!.key).toBe(`${k.source}|r-1`);
      expect((report!.value.payload as { text: string }).text).toBe('Larivyè a ap monte\nrele 3712 4589');
    });

    it('gives an event sent without id the same id when it is sent again (a retry is deduplicated)', async () => {
      const k = await key(allEvents);
      const body = ndjson([readingEvent(`${k.source}-retry`, 2.2), readingEvent(`${k.source}-retry`, 2.3)]);
      expect((await post(k.token, body)).statusCode).toBe(202);
      expect((await post(k.token, body)).statusCode).toBe(202);
      const sent = await topics.waitForMessages('raw.readings', (m) => m.value.source === k.source, 4);
      const ids = sent.map((m) => m.value.id as string);
      expect(new Set(ids).size).toBe(2);
      expect(ids[0]).not.toBe(ids[1]);
    });

    it('answers 400 with per-item errors for a mixed JSON batch, takes the good ones and dead-letters the bad', async () => {
      const k = await key(allEvents);
      const good = positionEvent(undefined, `${k.source}-4x4`, -74.117, 18.65);
      const badPosition = {
        ...positionEvent(undefined, `${k.source}-boat`, -73.7, 118.2),
        id: '01J9ZZZZZZZZZZZZZZZZZZZZZZ',
      };
      const unknownType = { type: 'tweet', payload: {} };
      const badReading = readingEvent(`${k.source}-g`, 20, 'furlongs');
      const response = await post(
        k.token,
        JSON.stringify([good, badPosition, unknownType, 'nonsense', badReading]),
        'application/json',
      );
      expect(response.statusCode).toBe(400);
      const body = response.json();
      expect(body).toMatchObject({ code: 'VALIDATION_FAILED', accepted: 1, rejected: 4 });
      expect(body.message).toContain('1 accepted');
      const byIndex = new Map((body.errors as { index: number }[]).map((e) => [e.index, e]));
      expect(byIndex.get(1)).toMatchObject({
        id: '01J9ZZZZZZZZZZZZZZZZZZZZZZ',
        issues: [expect.objectContaining({ path: 'payload.position.lat' })],
      });
      expect(byIndex.get(2)).toMatchObject({
        code: 'UNSUPPORTED_VERSION',
        issues: [expect.objectContaining({ path: 'type' })],
      });
      expect(byIndex.get(3)).toMatchObject({ code: 'VALIDATION_FAILED' });
      expect(byIndex.get(4)).toMatchObject({ issues: [expect.objectContaining({ path: 'payload.unit' })] });

      await topics.waitForMessages('raw.positions', (m) => m.value.source === k.source, 1);
      const letters = await topics.waitForMessages('deadletter', (m) => m.value.source === k.source, 4);
      const origins = letters.map((l) => (l.value.payload as { originTopic: string }).originTopic).sort();
      expect(origins).toEqual(['ingest.events', 'ingest.events', 'raw.positions', 'raw.readings']);
      const boat = letters.find((l) => decodeOriginal(l.value.payload).includes(`${k.source}-boat`))!;
      expect(JSON.parse(decodeOriginal(boat.value.payload))).toEqual(badPosition);
      expect((boat.value.payload as { message: string }).message).toContain('payload.position.lat');
      expect(boat.key).toBe('raw.positions');
    });

    it('keeps an NDJSON line that is not JSON as it came, in the dead letter', async () => {
      const k = await key(allEvents);
      const response = await post(
        k.token,
        `${JSON.stringify(reportEvent('ok-1', 'Pa gen dlo'))}\n{"type": "report", oops\n`,
      );
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({
        accepted: 1,
        rejected: 1,
        errors: [{ index: 1, code: 'DECODE_FAILED' }],
      });
      const [letter] = await topics.waitForMessages('deadletter', (m) => m.value.source === k.source, 1);
      expect(decodeOriginal(letter!.value.payload)).toBe('{"type": "report", oops');
    });

    it('answers 401 without a key, with an unknown key and with a revoked key', async () => {
      const body = ndjson([readingEvent('g-401', 1)]);
      const missing = await post(undefined, body);
      expect(missing.statusCode).toBe(401);
      expect(missing.json()).toMatchObject({
        code: 'UNAUTHENTICATED',
        message: expect.stringContaining('Missing'),
      });
      expect(
        (await post('vk_0123456789abcdef_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', body)).statusCode,
      ).toBe(401);
      expect((await post('not-a-key', body)).statusCode).toBe(401);
      const k = await key(['events:reading']);
      expect((await post(k.token, body)).statusCode).toBe(202);
      await revokeApiKey(backend.db.db, k.id);
      ingest.keys.clear();
      expect((await post(k.token, body)).statusCode).toBe(401);
    });

    it('answers 403 when the key may send none of the events, and lists forbidden ones in a mixed batch', async () => {
      const readOnly = await key(['read']);
      const onlyReports = await key(['events:report']);
      const denied = await post(readOnly.token, ndjson([readingEvent('g-403', 1)]));
      expect(denied.statusCode).toBe(403);
      expect(denied.json().message).toContain('events:position');

      const wrongScope = await post(onlyReports.token, ndjson([readingEvent('g-403', 1)]));
      expect(wrongScope.statusCode).toBe(403);
      expect(wrongScope.json().message).toContain('events:reading');

      const wrongSource = await post(
        onlyReports.token,
        ndjson([{ ...reportEvent('x', 'text'), source: 'someone-else' }]),
      );
      expect(wrongSource.statusCode).toBe(403);
      expect(wrongSource.json().message).toContain('someone-else');

      const mixed = await post(
        onlyReports.token,
        ndjson([reportEvent('fine', 'Bonjour'), readingEvent('g-403', 1)]),
      );
      expect(mixed.statusCode).toBe(400);
      expect(mixed.json()).toMatchObject({
        accepted: 1,
        rejected: 1,
        errors: [{ index: 1, code: 'FORBIDDEN' }],
      });
    });

    it('answers 413 above the body size limit and above the event count limit', async () => {
      const k = await key(allEvents);
      const big = 'x'.repeat(ingest.config.maxBodyBytes + 10);
      const tooLarge = await post(k.token, big);
      expect(tooLarge.statusCode).toBe(413);
      expect(tooLarge.json()).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
      const many = Array.from({ length: ingest.config.maxEventsPerRequest + 1 }, (_, i) => ({
        type: 'reading',
        i,
      }));
      const tooMany = await post(k.token, ndjson(many));
      expect(tooMany.statusCode).toBe(413);
      expect(tooMany.json().message).toContain(`at most ${ingest.config.maxEventsPerRequest}`);
      const tooManyJson = await post(k.token, JSON.stringify(many), 'application/json');
      expect(tooManyJson.statusCode).toBe(413);
    });

    it('answers 415 for other content types', async () => {
      const k = await key(allEvents);
      for (const type of ['text/plain', 'application/xml', 'multipart/form-data; boundary=x']) {
        const response = await post(k.token, ndjson([readingEvent('g-415', 1)]), type);
        expect(response.statusCode).toBe(415);
        expect(response.json().message).toContain('application/x-ndjson');
      }
      const none = await ingest.app.inject({
        method: 'POST',
        url: '/api/v1/events',
        headers: { authorization: `Bearer ${k.token}` },
        payload: Buffer.from('{}'),
      });
      expect(none.statusCode).toBe(415);
    });

    it('answers 429 with Retry-After once a key used up its bucket, other keys unaffected', async () => {
      const k = await key(allEvents);
      const other = await key(allEvents);
      // Bursts of 2 000 events, refilled at 10 events/s: the third batch of 1 000 cannot fit.
      const limited = await buildIngest(backend.db, backend.log, {
        ...ingest.config,
        rateLimitPerSecond: 10,
        rateLimitBurst: 2_000,
      });
      const send = (token: string, body: string) =>
        limited.app.inject({
          method: 'POST',
          url: '/api/v1/events',
          headers: { 'content-type': 'application/x-ndjson', authorization: `Bearer ${token}` },
          payload: body,
        });
      try {
        const batch = ndjson(
          Array.from({ length: ingest.config.maxEventsPerRequest }, (_, i) => readingEvent(`g429-${i}`, 1)),
        );
        expect((await send(k.token, batch)).statusCode).toBe(202);
        expect((await send(k.token, batch)).statusCode).toBe(202);
        const refused = await send(k.token, batch);
        expect(refused.statusCode).toBe(429);
        expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(90);
        expect(refused.json()).toMatchObject({ code: 'RATE_LIMITED', retriable: true });
        expect((await send(other.token, ndjson([readingEvent('g429-other', 1)]))).statusCode).toBe(202);
        expect(await limited.metrics.metrics()).toMatch(
          /vigie_ingest_events_total\{kind="unknown",outcome="rate_limited"\} 1000/,
        );
      } finally {
        await limited.app.close();
      }
    });

    it('takes every line of the Traccar OsmAnd samples: positions for the asset <source>:<id>, 400 for the unusable ones', async (context) => {
      if (!existsSync(OSMAND_SAMPLE)) {
        // Only in a checkout without ../shared/samples; CI has it, and its reporter fails on any skip.
        context.skip(`${OSMAND_SAMPLE} is absent (set VIGIE_SAMPLES_DIR)`);
        return;
      }
      const k = await key(['events:position'], { autoRegisterDevices: true });
      const lines = readFileSync(OSMAND_SAMPLE, 'utf8')
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l.startsWith('/?'));
      expect(lines.length).toBe(11);
      const statuses: number[] = [];
      for (const line of lines) {
        const response = await ingest.app.inject({
          method: 'GET',
          url: `/api/v1/osmand/${k.token}${line.slice(1)}`,
        });
        statuses.push(response.statusCode);
        if (response.statusCode === 400)
          expect(response.json().message).toMatch(/No position|Missing device/);
      }
      expect(statuses).toEqual([400, 400, 200, 200, 200, 200, 200, 200, 200, 200, 200]);
      const fixes = await topics.waitForMessages('raw.positions', (m) => m.value.source === k.source, 9);
      const last = fixes.find((m) => m.key === `${k.source}:123456789012345`)!;
      expect(last.value.occurredAt).toBe('2017-09-07T05:56:50.000Z');
      expect(last.value.payload).toMatchObject({
        assetKind: 'vehicle',
        position: { lon: -74.0061408571, lat: 40.7232948571 },
        heading: 7.19889788244,
        attributes: { ignition: true, rpm: 933, fuel: 24 },
      });
      expect((last.value.payload as { speed: number }).speed).toBeCloseTo(40 * 0.514444, 3);
      const dated = fixes.find((m) => m.key === `${k.source}:353861053849681`)!;
      expect(dated.value.occurredAt).toBe('2014-06-04T09:10:11.000Z');
      const battery = fixes.find((m) => m.key === `${k.source}:861001000719969`)!;
      expect(battery.value.payload).toMatchObject({ battery: 87, altitude: 350.059479 });
      const noNetwork = await topics.waitForMessages('deadletter', (m) => m.value.source === k.source, 2);
      expect(noNetwork.map((m) => (m.value.payload as { message: string }).message).join(' ')).toContain(
        'cell/wifi',
      );
    });

    it('takes our own OsmAnd query fixtures, by GET, POST form and with the key in the query', async () => {
      const k = await key(['events:position'], { autoRegisterDevices: true });
      const lines = readFileSync(`${FIXTURES}query-requests.txt`, 'utf8')
        .split('\n')
        .filter((l) => /^\d{3} \//.test(l));
      for (const [i, line] of lines.entries()) {
        const [status, target] = line.split(' ') as [string, string];
        const response =
          i % 2 === 0
            ? await ingest.app.inject({
                method: 'GET',
                url: `/api/v1/osmand${target.slice(1)}&key=${k.token}`,
              })
            : await ingest.app.inject({
                method: 'POST',
                url: `/api/v1/osmand/${k.token}`,
                headers: { 'content-type': 'application/x-www-form-urlencoded' },
                payload: target.slice(2),
              });
        expect(response.statusCode, line).toBe(Number(status));
      }
      const fixes = await topics.waitForMessages('raw.positions', (m) => m.value.source === k.source, 4);
      const sos = fixes.find((m) => m.key === `${k.source}:hti-phone-03`)!;
      expect(sos.value.payload).toMatchObject({ alarm: 'sos', status: 'on_scene' });
      const offset = fixes.find((m) => m.key === `${k.source}:hti-phone-02`)!;
      expect(offset.value.occurredAt).toBe('2021-08-16T15:30:00.000Z');
      const phone = fixes.find((m) => m.key === `${k.source}:hti-phone-01`)!;
      expect(phone.value.payload).toMatchObject({ battery: 64, attributes: { charge: true } });
      expect(JSON.stringify(fixes.map((f) => f.value))).not.toContain(k.token);
    });

    it("takes Traccar Client's JSON form, single and batched; refuses one without coordinates", async () => {
      const k = await key(['events:position'], { autoRegisterDevices: true });
      const send = (file: string) =>
        ingest.app.inject({
          method: 'POST',
          url: `/api/v1/osmand/${k.token}`,
          headers: { 'content-type': 'application/json; charset=utf-8' },
          payload: readFileSync(`${FIXTURES}${file}`),
        });
      expect((await send('traccar-client-location.json')).statusCode).toBe(200);
      expect((await send('traccar-client-batch.json')).statusCode).toBe(200);
      const refused = await send('traccar-client-no-coords.json');
      expect(refused.statusCode).toBe(400);
      expect(refused.json().message).toContain('coords');
      const fixes = await topics.waitForMessages('raw.positions', (m) => m.value.source === k.source, 3);
      const single = fixes.find((m) => m.value.occurredAt === '2021-08-16T15:42:07.311Z')!;
      expect(single.key).toBe(`${k.source}:cayes-medic-07`);
      expect(single.value.payload).toMatchObject({
        speed: 4.2,
        heading: 131.5,
        accuracy: 8.4,
        battery: 57,
        attributes: { motion: true, event: 'motionchange', activity: 'on_foot', odometer: 1834.5 },
      });
      const sos = fixes.find((m) => m.value.occurredAt === '2021-08-16T15:41:00.000Z')!;
      expect(sos.value.payload).toMatchObject({ alarm: 'sos', attributes: { charge: true } });
      const still = fixes.find((m) => m.value.occurredAt === '2021-08-16T15:40:00.000Z')!;
      expect(still.value.payload).not.toHaveProperty('speed');
      expect(still.value.payload).not.toHaveProperty('heading');
    });

    it('refuses unknown devices without auto-registration (403), and maps a registered device to its asset', async () => {
      const k = await key(['events:position']);
      const url = `/api/v1/osmand/${k.token}?id=truck-77&lat=18.19&lon=-73.75&speed=10`;
      const unknown = await ingest.app.inject({ method: 'GET', url });
      expect(unknown.statusCode).toBe(403);
      expect(unknown.json().message).toContain(`${k.source}:truck-77`);
      await upsertAsset(backend.db.db, {
        id: `${k.source}:truck-77`,
        kind: 'boat',
        name: 'Bateau 77',
        source: k.source,
      });
      const fresh = await buildIngest(backend.db, backend.log, { ...ingest.config });
      try {
        const known = await fresh.app.inject({ method: 'GET', url });
        expect(known.statusCode).toBe(200);
        expect(known.body).toBe('');
      } finally {
        await fresh.app.close();
      }
      const [fix] = await topics.waitForMessages('raw.positions', (m) => m.key === `${k.source}:truck-77`, 1);
      expect(fix!.value.payload).toMatchObject({ assetKind: 'boat', assetId: `${k.source}:truck-77` });
      const noScope = await key(['events:reading']);
      const refused = await ingest.app.inject({
        method: 'GET',
        url: `/api/v1/osmand/${noScope.token}?id=a&lat=1&lon=1`,
      });
      expect(refused.statusCode).toBe(403);
      expect(
        (await ingest.app.inject({ method: 'GET', url: '/api/v1/osmand?id=a&lat=1&lon=1' })).statusCode,
      ).toBe(401);
    });

    it('refuses hostile input with a clear error and keeps serving', async () => {
      const k = await key(allEvents, { autoRegisterDevices: true });
      const hostile = [
        { ...reportEvent('ctl-1', 'bonjour\u0007\u001b[2J'), why: 'control characters' },
        { ...positionEvent(undefined, '<script>alert(1)</script>', -73.7, 18.2), why: 'script tag in an id' },
        { ...reportEvent('big', 'a'.repeat(9_000)), why: 'huge text' },
        { ...positionEvent(undefined, 'lon-out', -273.7, 18.2), why: 'longitude out of range' },
        {
          ...readingEvent('nan', 1),
          payload: { sensorId: 's', metric: 'rain', value: '1e999', unit: 'mm' },
          why: 'not a number',
        },
        { ...reportEvent('proto', 'x'), why: 'prototype keys (inserted below as raw JSON)' },
        { ...positionEvent(undefined, 'a'.repeat(5000), -73.7, 18.2), why: 'huge id' },
      ];
      const lines = hostile.map(({ why: _why, ...event }) => JSON.stringify(event));
      lines[5] = lines[5]!.replace(
        '{',
        '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},',
      );
      const response = await post(k.token, lines.join('\n'));
      expect(response.statusCode).toBe(400);
      const body = response.json();
      expect(body.rejected).toBe(6);
      expect(body.accepted).toBe(1);
      const paths = (body.errors as { issues: { path: string }[] }[]).map((e) => e.issues[0]!.path);
      expect(paths).toEqual([
        'payload.text',
        'payload.assetId',
        'payload.text',
        'payload.position.lon',
        'payload.value',
        'payload.assetId',
      ]);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();

      const osmandHostile = [
        `?id=%3Cscript%3E&lat=18.2&lon=-73.7`,
        `?id=ok-1&lat=18.2&lon=-73.7&note=%07%1B`,
        `?id=ok-1&lat=18.2&lon=-273.7`,
        `?id=ok-1&lat=1e999&lon=-73.7`,
        `?id=ok-1&lat=18.2&lon=-73.7&${encodeURIComponent('<b>')}=1`,
        `?id=ok-1&lat=18.2&lon=-73.7&altitude=99999999`,
        `?id=${'d'.repeat(100)}&lat=18.2&lon=-73.7`,
      ];
      for (const query of osmandHostile) {
        const refused = await ingest.app.inject({ method: 'GET', url: `/api/v1/osmand/${k.token}${query}` });
        expect(refused.statusCode, query).toBe(400);
        expect(refused.json().message.length).toBeGreaterThan(10);
      }
      const binary = await post(k.token, Buffer.from([0xff, 0xfe, 0x00, 0x01, 0x0a, 0xc3]));
      expect(binary.statusCode).toBe(400);
      expect((await post(k.token, '[', 'application/json')).statusCode).toBe(400);
      expect((await post(k.token, '', 'application/json')).statusCode).toBe(400);
      // Still serving.
      expect((await post(k.token, ndjson([readingEvent('after-hostile', 2)]))).statusCode).toBe(202);
    });

    it('answers 503 with Retry-After when the log cannot take writes, and keeps serving', async () => {
      const k = await key(allEvents, { autoRegisterDevices: true });
      const log = await backend.unavailableLog();
      const down = await buildIngest(backend.db, log, testConfig({ unavailableRetryAfterS: 7 }));
      try {
        const events = await down.app.inject({
          method: 'POST',
          url: '/api/v1/events',
          headers: { 'content-type': 'application/x-ndjson', authorization: `Bearer ${k.token}` },
          payload: ndjson([readingEvent('g-503', 1.2), readingEvent('g-503', 1.3)]),
        });
        expect(events.statusCode).toBe(503);
        expect(events.headers['retry-after']).toBe('7');
        expect(events.json()).toMatchObject({ code: 'LOG_UNAVAILABLE', retriable: true });

        const osmand = await down.app.inject({
          method: 'GET',
          url: `/api/v1/osmand/${k.token}?id=p1&lat=18.2&lon=-73.7`,
        });
        expect(osmand.statusCode).toBe(503);
        expect(osmand.headers['retry-after']).toBe('7');

        // Input errors are still told apart from the outage, and the server keeps answering.
        const bad = await down.app.inject({
          method: 'POST',
          url: '/api/v1/events',
          headers: { 'content-type': 'text/csv', authorization: `Bearer ${k.token}` },
          payload: 'a,b',
        });
        expect(bad.statusCode).toBe(415);
        expect(await down.metrics.metrics()).toMatch(
          /vigie_ingest_events_total\{kind="unknown",outcome="unavailable"\} 2/,
        );
      } finally {
        await down.app.close();
        await log.close().catch(() => undefined);
      }
    });

    it('carries the simulator over real HTTP through the same path, backing off on 429', async () => {
      const source = uniqueName('sim').replaceAll('_', '-');
      const apiKey = await ensureSimulatorApiKey(backend.db.db, source);
      // A tight per-key budget so that the simulator meets 429 and has to back off.
      const server = await buildIngest(backend.db, backend.log, {
        ...ingest.config,
        rateLimitPerSecond: 400,
        rateLimitBurst: 400,
      });
      await server.app.listen({ host: '127.0.0.1', port: 0 });
      const { port } = server.app.server.address() as { port: number };
      const simulator = startSimulator({
        baseUrl: `http://127.0.0.1:${port}`,
        apiKey,
        scenario: 'haiti-south',
        rate: 1_500,
        seed: 7,
        source,
        batchSize: 250,
        logger: testLogger,
      });
      try {
        const bySource = (m: { value: Record<string, unknown> }) => m.value.source === source;
        await topics.waitForMessages('raw.positions', bySource, 300);
        await topics.waitForMessages('raw.readings', bySource, 200);
        await topics.waitForMessages('raw.reports', bySource, 10);
        await waitFor(() => simulator.stats().retried > 0, { what: 'a 429 and a retry' });
      } finally {
        await simulator.stop();
        await server.app.close();
      }
      const stats = simulator.stats();
      expect(stats.rejected).toBe(0);
      expect(stats.accepted).toBeGreaterThan(500);
      // A second start revokes the first key.
      await ensureSimulatorApiKey(backend.db.db, source);
      ingest.keys.clear();
      expect((await post(apiKey, ndjson([readingEvent('sim-old-key', 1)]))).statusCode).toBe(401);
    });

    it('counts events by kind and outcome in vigie_ingest_events_total', async () => {
      const text = await ingest.metrics.metrics();
      expect(text).toMatch(/vigie_ingest_events_total\{kind="position",outcome="accepted"\} \d+/);
      expect(text).toMatch(/vigie_ingest_events_total\{kind="reading",outcome="rejected"\} \d+/);
      expect(text).toContain('vigie_ingest_request_duration_seconds_bucket');
    });
  });
}
