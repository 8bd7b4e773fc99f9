/**
 * A field photo end to end on Kafka + PostgreSQL: the field user uploads it (POST /api/v1/field/photos),
 * sends the report with its media id; the processor's media consumer writes the row with the position;
 * the uploader reads its thumbnail, another field user is refused, an analyst (whole map) is not.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newEventId } from '@vigie/contracts/envelope';
import { addAssignments, saveIncidentChange } from '@vigie/db/incidents-repository';
import { getMedia } from '@vigie/db/media-repository';
import { createLocalObjectStore } from '@vigie/storage/local-object-store';
import { startMediaConsumer } from '@vigie/processor/media/start-media-consumer';
import { resolveTopics } from '@vigie/processor/topic-map';
import { uniqueName } from '@vigie/testing/unique-name';
import { waitFor } from '@vigie/testing/wait-for';
import pino from 'pino';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Harness } from './gateway-harness';
import { startHarness } from './gateway-harness';

const CAYES = { lon: -73.75, lat: 18.19 };

describe('field photos (Kafka + PostgreSQL)', () => {
  let harness: Harness;
  let consumer: { close(): Promise<void> } | undefined;
  const storeDir = mkdtempSync(join(tmpdir(), 'vigie-field-photos-'));
  let photo: Buffer;

  beforeAll(async () => {
    harness = await startHarness('distributed', { mediaStore: createLocalObjectStore(storeDir) });
    const topics = resolveTopics(`${uniqueName('fp')}.`, { 'raw.media': harness.config.topics.rawMedia });
    await harness.log.createTopics([{ name: topics.deadletter, partitions: 1, compacted: false }]);
    consumer = await startMediaConsumer({
      database: harness.database,
      log: harness.log,
      logger: pino({ level: 'warn' }),
      topics,
      groupId: uniqueName('processor-test'),
      sourceId: 'processor-test',
      publishRetry: { initialMs: 50, maxMs: 500 },
      maxBatchSize: 100,
    });
    photo = await sharp({ create: { width: 800, height: 600, channels: 3, background: '#884422' } })
      .jpeg()
      .toBuffer();
  }, 60_000);

  afterAll(async () => {
    await consumer?.close();
    await harness?.close();
    rmSync(storeDir, { recursive: true, force: true });
  });

  function upload(cookie: string, body: unknown, headers: Record<string, string> = {}) {
    return fetch(`${harness.baseUrl}/api/v1/field/photos`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
  }

  it('stores the photo, publishes it with the position and the report, and shows it to who may see it', async () => {
    const field = await harness.session('field');
    const uploadId = newEventId();
    const reportId = newEventId();
    const body = { uploadId, photoBase64: photo.toString('base64'), position: CAYES, reportId };
    const first = await upload(field.cookie, body);
    expect(first.status).toBe(201);
    const created = (await first.json()) as { mediaId: string; thumbnailUrl?: string; fileUrl: string };
    expect(created.mediaId).toContain(uploadId);
    expect(created.thumbnailUrl).toBe(`/api/v1/media/${encodeURIComponent(created.mediaId)}/thumbnail`);
    // The outbox retries after a lost answer: same upload id, same media.
    const retried = await upload(field.cookie, body);
    expect(((await retried.json()) as { mediaId: string }).mediaId).toBe(created.mediaId);

    const report = await fetch(`${harness.baseUrl}/api/trpc/reports.create`, {
      method: 'POST',
      headers: { cookie: field.cookie, 'content-type': 'application/json' },
      body: JSON.stringify({
        reportId,
        text: 'Bridge under water',
        position: CAYES,
        mediaId: created.mediaId,
      }),
    });
    expect(report.status).toBe(200);

    // Another user cannot pass this photo off as theirs.
    const borrowed = await fetch(`${harness.baseUrl}/api/trpc/reports.create`, {
      method: 'POST',
      headers: { cookie: (await harness.session('field')).cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'Not my photo', position: CAYES, mediaId: created.mediaId }),
    });
    expect(borrowed.status).toBe(403);
    expect(await borrowed.text()).toContain('a report may only carry a photo you uploaded');

    const row = await waitFor(() => getMedia(harness.database.db, created.mediaId).then((m) => m ?? false), {
      what: 'the media row',
    });
    expect(row).toMatchObject({
      kind: 'image',
      mimeType: 'image/jpeg',
      position: CAYES,
      source: `field:${field.id}`,
      attrs: { reportId, width: 800, height: 600 },
    });

    const thumbnail = await fetch(`${harness.baseUrl}${created.thumbnailUrl}`, {
      headers: { cookie: field.cookie },
    });
    expect(thumbnail.status).toBe(200);
    expect(thumbnail.headers.get('content-type')).toBe('image/jpeg');
    const size = await sharp(Buffer.from(await thumbnail.arrayBuffer())).metadata();
    expect(Math.max(size.width ?? 0, size.height ?? 0)).toBeLessThanOrEqual(320);

    const other = await harness.session('field');
    const refused = await fetch(`${harness.baseUrl}${created.fileUrl}`, {
      headers: { cookie: other.cookie },
    });
    expect(refused.status).toBe(403);
    const unknown = await fetch(`${harness.baseUrl}/api/v1/media/no-such-media/file`, {
      headers: { cookie: other.cookie },
    });
    expect(unknown.status).toBe(403);
    const analyst = await harness.session('analyst');
    const file = await fetch(`${harness.baseUrl}${created.fileUrl}`, { headers: { cookie: analyst.cookie } });
    expect(file.status).toBe(200);
    expect(Buffer.from(await file.arrayBuffer()).equals(photo)).toBe(true);
  });

  it('shows a photo of an incident to the field users working on it, and refuses one for an incident not theirs', async () => {
    const db = harness.database.db;
    const incidentId = uniqueName('fp-inc');
    const now = new Date();
    await saveIncidentChange(
      db,
      {
        id: incidentId,
        title: 'Flooding in Les Cayes',
        category: 'flood',
        status: 'detected',
        severity: 'severe',
        position: CAYES,
        area: null,
        region: 'HTI',
        h3Cell: null,
        needs: [],
        openedAt: now,
        mergedInto: null,
        seq: 1,
        state: {},
      },
      { type: 'opened', actor: 'system:clusters', at: now, envelopeId: newEventId(), data: {} },
    );
    const sender = await harness.session('field');
    const teammate = await harness.session('field');
    const outsider = await harness.session('field');
    await addAssignments(
      db,
      incidentId,
      [
        { kind: 'user', id: sender.id },
        { kind: 'user', id: teammate.id },
      ],
      'system:test',
      now,
    );
    const photoOf = (incident: string) => ({
      uploadId: newEventId(),
      photoBase64: photo.toString('base64'),
      incidentId: incident,
    });
    expect((await upload(outsider.cookie, photoOf(incidentId))).status).toBe(403);
    const response = await upload(sender.cookie, photoOf(incidentId));
    expect(response.status).toBe(201);
    const { mediaId, fileUrl } = (await response.json()) as { mediaId: string; fileUrl: string };
    const row = await waitFor(() => getMedia(db, mediaId).then((m) => m ?? false), { what: 'the media row' });
    expect(row.incidentId).toBe(incidentId);
    const read = (cookie: string) => fetch(`${harness.baseUrl}${fileUrl}`, { headers: { cookie } });
    expect((await read(teammate.cookie)).status).toBe(200);
    expect((await read(outsider.cookie)).status).toBe(403);
  });

  it('reads the type from the bytes, and refuses what is not a photo, other origins and roles without report.create', async () => {
    const field = await harness.session('field');
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>');
    const notPhoto = await upload(field.cookie, {
      uploadId: newEventId(),
      photoBase64: svg.toString('base64'),
    });
    expect(notPhoto.status).toBe(400);
    const crossSite = await upload(
      field.cookie,
      { uploadId: newEventId(), photoBase64: photo.toString('base64') },
      { origin: 'https://evil.example' },
    );
    expect(crossSite.status).toBe(403);
    const analyst = await harness.session('analyst');
    const denied = await upload(analyst.cookie, {
      uploadId: newEventId(),
      photoBase64: photo.toString('base64'),
    });
    expect(denied.status).toBe(403);
    const anonymous = await upload('', { uploadId: newEventId(), photoBase64: photo.toString('base64') });
    expect(anonymous.status).toBe(401);
  });
});
