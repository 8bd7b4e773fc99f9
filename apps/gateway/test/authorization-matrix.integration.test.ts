/**
 * The authorisation matrix: every tRPC procedure of `appRouter` (found by walking the router, so a new
 * procedure without an entry below fails this test) and every socket event, called for real by a user
 * of each role, against PostgreSQL + Kafka + Redis. Anything not allowed by the expected matrix must be
 * refused (FORBIDDEN) and written to the audit log as denied; anything allowed must succeed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Consumer } from '@vigie/bus/log';
import { ZCommandEventV1 } from '@vigie/contracts/commands';
import type { TCommandEventV1 } from '@vigie/contracts/commands';
import { newEventId } from '@vigie/contracts/envelope';
import type { TInAppNotificationV1 } from '@vigie/contracts/notification-api';
import type { TLiveAlertV1 } from '@vigie/contracts/live-alerts';
import type { TLiveIncidentV1 } from '@vigie/contracts/live-incidents';
import type { TRole } from '@vigie/contracts/roles';
import { ClientToGateway, GatewayToClient } from '@vigie/contracts/socket-catalog';
import { ZRole } from '@vigie/contracts/roles';
import type { TLiveZoneV1 } from '@vigie/contracts/zone-api';
import { upsertAlerts } from '@vigie/db/alerts-repository';
import { upsertAsset } from '@vigie/db/assets-repository';
import { listAudit } from '@vigie/db/audit-repository';
import { setFieldProfile } from '@vigie/db/field-queries-repository';
import { addAssignments, saveIncidentChange } from '@vigie/db/incidents-repository';
import { createFeed } from '@vigie/db/feeds-repository';
import { createNotificationChannel } from '@vigie/db/notification-channels-repository';
import { getMedia } from '@vigie/db/media-repository';
import { createLocalObjectStore } from '@vigie/storage/local-object-store';
import { startMediaConsumer } from '@vigie/processor/media/start-media-consumer';
import { resolveTopics } from '@vigie/processor/topic-map';
import { recordPositions } from '@vigie/db/positions-repository';
import { upsertRule } from '@vigie/db/rules-repository';
import { upsertWarehouse } from '@vigie/db/stock-repository';
import { upsertZone } from '@vigie/db/zones-repository';
import { describeWithService, isServiceUp } from '@vigie/testing/services';
import { uniqueName } from '@vigie/testing/unique-name';
import { waitFor } from '@vigie/testing/wait-for';
import pino from 'pino';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRouter } from '../src/router';
import type { Harness, LiveClient } from './gateway-harness';
import { liveEntity, startHarness } from './gateway-harness';

type Access = 'allow' | 'deny';
type Row = Record<TRole, Access>;

const ALL: Row = { admin: 'allow', coordinator: 'allow', analyst: 'allow', field: 'allow' };
const OPS: Row = { admin: 'allow', coordinator: 'allow', analyst: 'deny', field: 'deny' };
const READ: Row = { admin: 'allow', coordinator: 'allow', analyst: 'allow', field: 'deny' };
const ADMIN: Row = { admin: 'allow', coordinator: 'deny', analyst: 'deny', field: 'deny' };
const FIELD: Row = { admin: 'deny', coordinator: 'deny', analyst: 'deny', field: 'allow' };
const OPS_AND_FIELD: Row = { admin: 'allow', coordinator: 'allow', analyst: 'deny', field: 'allow' };
const READ_AND_FIELD: Row = { admin: 'allow', coordinator: 'allow', analyst: 'allow', field: 'allow' };

// Where things are: the field user's team is in Les Cayes; "far" things are in Port-au-Prince.
const CAYES = { lon: -73.75, lat: 18.19 };
const PAP = { lon: -72.33, lat: 18.54 };
const HAITI: [number, number, number, number] = [-74.6, 17.9, -71.6, 20.1];
const FAR_AWAY = { lon: 160, lat: -10 };
const EXPIRED = { validFrom: '2000-01-01T00:00:00Z', validTo: '2000-01-02T00:00:00Z' };

interface Ids {
  incident: string;
  otherIncident: string;
  mergeSource: string;
  alert: string;
  fieldAsset: string;
  truck: string;
  channel: string;
  removableChannel: string;
  feed: string;
  removableFeed: string;
  rule: string;
  zone: string;
  removableZone: string;
  fieldUser: string;
}

/** Expected access and a valid input, per procedure path. */
const matrix: Record<string, { access: Row; input: (ids: Ids) => unknown }> = {
  me: { access: ALL, input: () => undefined },
  'entity.details': { access: ALL, input: (ids) => ({ id: ids.fieldAsset }) },
  'entity.history': { access: ALL, input: (ids) => ({ id: ids.fieldAsset, minutes: 60 }) },
  'reports.density': { access: READ, input: () => ({ bbox: HAITI }) },
  'reports.create': {
    access: OPS_AND_FIELD,
    input: () => ({ text: 'Water is rising on the road', position: CAYES }),
  },
  'incidents.list': { access: READ, input: () => ({ status: ['detected', 'dispatched'] }) },
  'incidents.detail': { access: READ_AND_FIELD, input: (ids) => ({ incidentId: ids.incident }) },
  'incidents.timeline': { access: READ_AND_FIELD, input: (ids) => ({ incidentId: ids.incident }) },
  'incidents.create': {
    access: OPS,
    input: () => ({ title: 'Bridge down', severity: 'severe', category: 'infrastructure', position: CAYES }),
  },
  'incidents.acknowledge': { access: OPS, input: (ids) => ({ incidentId: ids.incident }) },
  'incidents.assign': {
    access: OPS,
    input: (ids) => ({ incidentId: ids.incident, assigneeKind: 'user', assigneeId: ids.fieldUser }),
  },
  'incidents.dispatch': {
    access: OPS,
    input: (ids) => ({ incidentId: ids.incident, assetIds: [ids.truck] }),
  },
  'incidents.setSeverity': {
    access: OPS,
    input: (ids) => ({ incidentId: ids.incident, severity: 'extreme' }),
  },
  'incidents.addNote': {
    access: OPS_AND_FIELD,
    input: (ids) => ({ incidentId: ids.incident, text: 'On my way' }),
  },
  'incidents.resolve': {
    access: OPS,
    input: (ids) => ({ incidentId: ids.incident, resolution: 'Water delivered' }),
  },
  'incidents.close': { access: OPS, input: (ids) => ({ incidentId: ids.incident }) },
  'incidents.merge': {
    access: OPS,
    input: (ids) => ({ incidentId: ids.incident, sourceIncidentIds: [ids.mergeSource] }),
  },
  'alerts.list': { access: READ, input: () => ({ unacknowledged: true }) },
  'alerts.acknowledge': { access: OPS, input: (ids) => ({ alertId: ids.alert }) },
  'dispatch.plan': { access: OPS, input: (ids) => ({ incidentId: ids.incident }) },
  'assets.updateStatus': {
    access: OPS_AND_FIELD,
    input: (ids) => ({ assetId: ids.fieldAsset, status: 'on_scene' }),
  },
  'field.assignments': { access: FIELD, input: () => ({}) },
  'stock.list': { access: READ, input: () => ({}) },
  'stock.import': {
    access: OPS,
    input: () => ({ text: 'warehouse,item,quantity,unit\nm-wh,WATER-KIT,120,kit\nm-wh,,3,kit\n' }),
  },
  'search.query': { access: READ, input: () => ({ q: 'flood' }) },
  'media.list': { access: READ, input: () => ({ bbox: HAITI, limit: 10 }) },
  'notifications.channels': { access: ADMIN, input: () => ({}) },
  'notifications.createChannel': {
    access: ADMIN,
    input: () => ({
      kind: 'email',
      name: 'Duty officers',
      target: 'duty@example.org',
      minSeverity: 'extreme',
    }),
  },
  'notifications.updateChannel': {
    access: ADMIN,
    input: (ids) => ({ channelId: ids.channel, maxPerWindow: 3 }),
  },
  'notifications.removeChannel': { access: ADMIN, input: (ids) => ({ channelId: ids.removableChannel }) },
  'notifications.deliveries': { access: ADMIN, input: () => ({ limit: 10 }) },
  'feeds.list': { access: ADMIN, input: () => ({}) },
  'feeds.create': {
    access: ADMIN,
    input: () => ({ kind: 'usgs', name: 'USGS', url: 'https://example.org/q.geojson', source: 'usgs' }),
  },
  'feeds.update': { access: ADMIN, input: (ids) => ({ id: ids.feed, enabled: false }) },
  'feeds.remove': { access: ADMIN, input: (ids) => ({ id: ids.removableFeed }) },
  'feeds.runNow': { access: ADMIN, input: (ids) => ({ id: ids.feed }) },
  'rules.list': { access: ADMIN, input: () => ({}) },
  'rules.update': {
    access: ADMIN,
    input: (ids) => ({ id: ids.rule, params: { metric: 'water_level', above: 9 }, enabled: false }),
  },
  'zones.list': { access: ADMIN, input: () => ({}) },
  // Zones of the past, far away: they never reach the zones layer checked below.
  'zones.create': {
    access: ADMIN,
    input: () => ({ kind: 'geofence', name: 'Old yard', geometry: square(FAR_AWAY, 0.01), ...EXPIRED }),
  },
  'zones.update': { access: ADMIN, input: (ids) => ({ id: ids.zone, name: 'Renamed yard' }) },
  'zones.remove': { access: ADMIN, input: (ids) => ({ id: ids.removableZone }) },
};

/**
 * Socket events of both catalogs and who may use or receive them. `own` : field users receive only what
 * concerns their incidents or their area (checked below).
 */
type SocketAccess = Access | 'own';
const socketMatrix: Record<string, Record<TRole, SocketAccess>> = {
  'client:subscribe': ALL,
  'client:unsubscribe': ALL,
  'client:resync': ALL,
  'server:snapshot': ALL,
  'server:delta': ALL,
  'server:alert': { admin: 'allow', coordinator: 'allow', analyst: 'allow', field: 'own' },
  'server:incident': { admin: 'allow', coordinator: 'allow', analyst: 'allow', field: 'own' },
  'server:zones': { admin: 'allow', coordinator: 'allow', analyst: 'allow', field: 'own' },
  'server:notification': { admin: 'allow', coordinator: 'allow', analyst: 'allow', field: 'own' },
  'server:error': ALL,
};

interface ProcedureDef {
  _def: { type: 'query' | 'mutation' | 'subscription' };
}

/** Every procedure path of the router, walked from its definition. */
function procedurePaths(): Map<string, 'query' | 'mutation' | 'subscription'> {
  const procedures = (appRouter._def as unknown as { procedures: Record<string, ProcedureDef> }).procedures;
  return new Map(Object.entries(procedures).map(([path, p]) => [path, p._def.type]));
}

async function call(harness: Harness, path: string, type: string, input: unknown, cookie: string) {
  const url = `${harness.baseUrl}/api/trpc/${path}`;
  const response =
    type === 'query'
      ? await fetch(input === undefined ? url : `${url}?input=${encodeURIComponent(JSON.stringify(input))}`, {
          headers: { cookie },
        })
      : await fetch(url, {
          method: 'POST',
          headers: { cookie, 'content-type': 'application/json' },
          body: JSON.stringify(input ?? {}),
        });
  const body = (await response.json()) as {
    result?: { data?: unknown };
    error?: { data?: { code?: string; appCode?: string }; message?: string };
  };
  return { status: response.status, body };
}

interface Received {
  alerts: TLiveAlertV1[];
  incidents: TLiveIncidentV1[];
  zones: { full: boolean; upserts: TLiveZoneV1[]; removes: string[] }[];
  notifications: TInAppNotificationV1[];
  snapshots: number;
  deltas: number;
  errors: { code: string }[];
}

function listen(socket: LiveClient): Received {
  const r: Received = {
    alerts: [],
    incidents: [],
    zones: [],
    notifications: [],
    snapshots: 0,
    deltas: 0,
    errors: [],
  };
  socket.on('alert', (p) => r.alerts.push((p as { alert: TLiveAlertV1 }).alert));
  socket.on('incident', (p) => r.incidents.push((p as { incident: TLiveIncidentV1 }).incident));
  socket.on('zones', (p) => r.zones.push(p as Received['zones'][number]));
  socket.on('notification', (p) =>
    r.notifications.push((p as { notification: TInAppNotificationV1 }).notification),
  );
  socket.on('snapshot', () => r.snapshots++);
  socket.on('delta', () => r.deltas++);
  socket.on('error', (p) => r.errors.push(p as { code: string }));
  return r;
}

function square(center: { lon: number; lat: number }, half: number) {
  const { lon, lat } = center;
  return {
    type: 'Polygon' as const,
    coordinates: [
      [
        [lon - half, lat - half],
        [lon + half, lat - half],
        [lon + half, lat + half],
        [lon - half, lat + half],
        [lon - half, lat - half],
      ] as [number, number][],
    ],
  };
}

function liveAlert(
  alertId: string,
  at: { lon: number; lat: number },
  extra: Partial<TLiveAlertV1> = {},
): TLiveAlertV1 {
  return {
    alertId,
    kind: 'threshold',
    severity: 'severe',
    status: 'active',
    title: `River above the warning level (${alertId})`,
    place: { type: 'Point', coordinates: [at.lon, at.lat] },
    evidence: [],
    raisedAt: new Date().toISOString(),
    ...extra,
  };
}

describeWithService(
  (await isServiceUp('postgres')) && (await isServiceUp('kafka')) && (await isServiceUp('redis')),
  'PostgreSQL, Kafka and Redis',
  'start PostgreSQL+PostGIS, Kafka and Redis (npm test brings them up)',
)('authorisation matrix (PostgreSQL + Kafka + Redis)', () => {
  let harness: Harness;
  const sessions = new Map<TRole, { id: string; cookie: string }>();
  const ids: Ids = {
    incident: uniqueName('m-inc'),
    otherIncident: uniqueName('m-inc-other'),
    mergeSource: uniqueName('m-inc-dup'),
    alert: uniqueName('m-al'),
    fieldAsset: uniqueName('m-team'),
    truck: uniqueName('m-truck'),
    channel: uniqueName('m-ch'),
    removableChannel: uniqueName('m-ch-rm'),
    feed: uniqueName('m-feed'),
    removableFeed: uniqueName('m-feed-rm'),
    rule: uniqueName('m-rule'),
    zone: uniqueName('m-z-yard'),
    removableZone: uniqueName('m-z-yard-rm'),
    fieldUser: '',
  };
  const commands: TCommandEventV1[] = [];
  let commandConsumer: Consumer | undefined;
  const mediaDir = mkdtempSync(join(tmpdir(), 'vigie-matrix-media-'));

  beforeAll(async () => {
    harness = await startHarness('distributed', { mediaStore: createLocalObjectStore(mediaDir) });
    const db = harness.database.db;
    for (const role of ZRole.options) sessions.set(role, await harness.session(role));
    const field = sessions.get('field')!;
    ids.fieldUser = field.id;
    const now = new Date();
    await upsertAsset(db, {
      id: ids.fieldAsset,
      kind: 'team',
      name: 'Team Cayes',
      attrs: { userId: field.id },
    });
    await upsertAsset(db, { id: ids.truck, kind: 'vehicle', name: 'Truck 7', attrs: { capacity: 200 } });
    await recordPositions(db, [
      { envelopeId: newEventId(), assetId: ids.fieldAsset, time: now, lon: CAYES.lon, lat: CAYES.lat },
      { envelopeId: newEventId(), assetId: ids.truck, time: now, lon: -73.6, lat: 18.25, speed: 8 },
    ]);
    await harness.publish([liveEntity(ids.fieldAsset, CAYES.lon, CAYES.lat, { entityKind: 'team' })]);
    await setFieldProfile(db, field.id, { assetId: ids.fieldAsset, regions: ['HTI'] });
    const incident = (id: string, position: { lon: number; lat: number }, title: string) => ({
      id,
      title,
      category: 'flood',
      status: 'detected',
      severity: 'severe' as const,
      position,
      area: null,
      region: 'HTI',
      h3Cell: null,
      needs: [{ itemCode: 'WATER-KIT', quantity: 40, unit: 'kit' }],
      openedAt: now,
      mergedInto: null,
      seq: 1,
      state: {},
    });
    for (const [id, at, title] of [
      [ids.incident, CAYES, 'Flooding in Les Cayes'],
      [ids.otherIncident, PAP, 'Flooding in Port-au-Prince'],
      [ids.mergeSource, CAYES, 'Flooding in Les Cayes (duplicate)'],
    ] as const)
      await saveIncidentChange(db, incident(id, at, title), {
        type: 'opened',
        actor: 'system:clusters',
        at: now,
        envelopeId: newEventId(),
        data: {},
      });
    await addAssignments(db, ids.incident, [{ kind: 'user', id: field.id }], 'system:test', now);
    await upsertAlerts(db, [
      liveAlert(ids.alert, CAYES, { incidentId: ids.incident, region: { country: 'HTI' } }),
    ]);
    await upsertWarehouse(db, {
      id: uniqueName('m-wh'),
      name: 'Les Cayes depot',
      position: { lon: -73.74, lat: 18.2 },
    });
    await createNotificationChannel(db, ids.channel, {
      kind: 'webhook',
      name: 'Unroutable',
      target: 'http://127.0.0.1:9/hook',
      minSeverity: 'extreme',
      regions: ['ZZZ'],
      maxPerWindow: 1,
      windowS: 60,
      enabled: false,
    });
    for (const id of [ids.feed, ids.removableFeed]) {
      await createFeed(db, {
        id,
        kind: 'cap',
        name: id,
        url: 'http://127.0.0.1:9/cap.xml',
        source: 'matrix',
        intervalS: 3600,
        enabled: false,
      });
    }
    await createNotificationChannel(db, ids.removableChannel, {
      kind: 'webhook',
      name: 'To remove',
      target: 'http://127.0.0.1:9/hook',
      minSeverity: 'extreme',
      regions: [],
      maxPerWindow: 1,
      windowS: 60,
      enabled: false,
    });
    await upsertZone(db, {
      id: uniqueName('m-z-near'),
      kind: 'hazard',
      name: 'Flooded plain',
      geometry: square(CAYES, 0.02),
    });
    for (const id of [ids.zone, ids.removableZone]) {
      await upsertZone(db, {
        id,
        kind: 'geofence',
        name: 'Yard',
        geometry: square(FAR_AWAY, 0.01),
        validFrom: new Date(EXPIRED.validFrom),
        validTo: new Date(EXPIRED.validTo),
      });
    }
    await upsertRule(db, {
      id: ids.rule,
      kind: 'threshold',
      name: 'Matrix rule',
      params: { metric: 'water_level', above: 8 },
      enabled: false,
    });
    await upsertZone(db, {
      id: uniqueName('m-z-far'),
      kind: 'hazard',
      name: 'Flooded city',
      geometry: square(PAP, 0.02),
    });
    commandConsumer = await harness.log.consumer({
      groupId: uniqueName('matrix-commands'),
      topics: [harness.config.topics.commands],
      startFrom: 'earliest',
      onBatch: async (batch) => {
        for (const m of batch.messages)
          commands.push(ZCommandEventV1.parse(JSON.parse(m.value.toString('utf8'))));
      },
    });
    await waitFor(() => harness.gateway.overlayRunning(), { what: 'the overlay feeds', timeoutMs: 30_000 });
    // Destructive calls (resolve, close, merge) go last only in the sense that they are commands: the
    // processor is not running here, so the database keeps the seeded state for every role.
  }, 90_000);

  afterAll(async () => {
    await commandConsumer?.close();
    await harness?.close();
    rmSync(mediaDir, { recursive: true, force: true });
  });

  it('has an expected row for every procedure of the router, and none for a procedure that does not exist', () => {
    const paths = [...procedurePaths().keys()].sort();
    expect(
      paths.filter((p) => !(p in matrix)),
      'procedures without an entry in the matrix',
    ).toEqual([]);
    expect(
      Object.keys(matrix).filter((p) => !paths.includes(p)),
      'matrix entries without a procedure',
    ).toEqual([]);
  });

  it('has an expected row for every socket event of both catalogs', () => {
    const events = [
      ...Object.keys(ClientToGateway).map((e) => `client:${e}`),
      ...Object.keys(GatewayToClient).map((e) => `server:${e}`),
    ].sort();
    expect(events).toEqual(Object.keys(socketMatrix).sort());
  });

  it('allows exactly what the matrix allows, for every role and procedure, and audits every refusal', async () => {
    const problems: string[] = [];
    const denied: { role: TRole; path: string }[] = [];
    for (const [path, type] of procedurePaths()) {
      const entry = matrix[path];
      if (entry === undefined) continue;
      for (const role of ZRole.options) {
        const { cookie } = sessions.get(role)!;
        const { status, body } = await call(harness, path, type, entry.input(ids), cookie);
        const expected = entry.access[role];
        if (expected === 'allow' && status !== 200)
          problems.push(`${role} ${path}: expected success, got ${status} ${body.error?.message ?? ''}`);
        if (expected === 'deny') {
          if (status !== 403 || body.error?.data?.appCode !== 'FORBIDDEN')
            problems.push(`${role} ${path}: expected FORBIDDEN, got ${status}`);
          else denied.push({ role, path });
        }
      }
    }
    expect(problems).toEqual([]);
    expect(denied.length).toBeGreaterThan(40);
    for (const role of ZRole.options) {
      const audit = await listAudit(harness.database.db, { actor: sessions.get(role)!.id, limit: 500 });
      const deniedTargets = new Set(audit.filter((a) => a.outcome === 'denied').map((a) => a.target));
      for (const d of denied.filter((x) => x.role === role))
        expect(deniedTargets.has(`trpc:${d.path}`), `${role} ${d.path} denial audited`).toBe(true);
    }
  }, 120_000);

  it('allows the field photo upload and the media files by role, and audits every refusal', async () => {
    // HTTP routes outside tRPC: who may send a field photo (report.create), who may read it afterwards
    // (the whole map, or the field user who sent it).
    const upload: Row = OPS_AND_FIELD;
    const photo = await sharp({ create: { width: 16, height: 16, channels: 3, background: '#204060' } })
      .jpeg()
      .toBuffer();
    const problems: string[] = [];
    const sent = new Map<TRole, string>();
    for (const role of ZRole.options) {
      const response = await fetch(`${harness.baseUrl}/api/v1/field/photos`, {
        method: 'POST',
        headers: { cookie: sessions.get(role)!.cookie, 'content-type': 'application/json' },
        body: JSON.stringify({ uploadId: newEventId(), photoBase64: photo.toString('base64') }),
      });
      const expected = upload[role] === 'allow' ? 201 : 403;
      if (response.status !== expected)
        problems.push(`${role} upload: expected ${expected}, got ${response.status}`);
      if (response.status === 201) sent.set(role, ((await response.json()) as { fileUrl: string }).fileUrl);
    }
    const fieldPhoto = sent.get('field');
    expect(fieldPhoto).toBeDefined();
    const coordinatorPhoto = sent.get('coordinator')!;
    // The processor's media consumer writes the rows the file route reads.
    const topics = resolveTopics(`${uniqueName('matrix')}.`, { 'raw.media': harness.config.topics.rawMedia });
    const media = await startMediaConsumer({
      database: harness.database,
      log: harness.log,
      logger: pino({ level: 'warn' }),
      topics,
      groupId: uniqueName('matrix-media'),
      sourceId: 'matrix-test',
      publishRetry: { initialMs: 50, maxMs: 500 },
      maxBatchSize: 100,
    });
    try {
      for (const url of [fieldPhoto!, coordinatorPhoto]) {
        const mediaId = decodeURIComponent(url.split('/')[4]!);
        await waitFor(() => getMedia(harness.database.db, mediaId).then((m) => m !== null), {
          what: `the media row of ${mediaId}`,
        });
      }
    } finally {
      await media.close();
    }
    for (const role of ZRole.options) {
      const get = (url: string) =>
        fetch(`${harness.baseUrl}${url}`, { headers: { cookie: sessions.get(role)!.cookie } });
      // Every role reads the field user's photo: the whole-map roles, and the field user who sent it.
      const own = await get(fieldPhoto!);
      if (own.status !== 200) problems.push(`${role} field photo: expected 200, got ${own.status}`);
      const others = await get(coordinatorPhoto);
      const expected = READ[role] === 'allow' ? 200 : 403;
      if (others.status !== expected)
        problems.push(`${role} another user's photo: expected ${expected}, got ${others.status}`);
    }
    expect(problems).toEqual([]);
    const analystAudit = await listAudit(harness.database.db, {
      actor: sessions.get('analyst')!.id,
      limit: 500,
    });
    expect(
      analystAudit.some((a) => a.outcome === 'denied' && a.target === 'http:POST /api/v1/field/photos'),
    ).toBe(true);
    const fieldAudit = await listAudit(harness.database.db, { actor: sessions.get('field')!.id, limit: 500 });
    expect(fieldAudit.some((a) => a.outcome === 'denied' && a.target?.startsWith('media:') === true)).toBe(
      true,
    );
  });

  it('refuses and audits a field user acting beyond their own incidents and asset', async () => {
    const { cookie, id } = sessions.get('field')!;
    const detail = await call(
      harness,
      'incidents.detail',
      'query',
      { incidentId: ids.otherIncident },
      cookie,
    );
    expect(detail.status).toBe(403);
    const note = await call(
      harness,
      'incidents.addNote',
      'mutation',
      { incidentId: ids.otherIncident, text: 'x' },
      cookie,
    );
    expect(note.status).toBe(403);
    const status = await call(
      harness,
      'assets.updateStatus',
      'mutation',
      { assetId: ids.truck, status: 'en_route' },
      cookie,
    );
    expect(status.status).toBe(403);
    const audit = await listAudit(harness.database.db, { actor: id, limit: 500 });
    const targets = audit.filter((a) => a.outcome === 'denied').map((a) => a.target);
    expect(targets).toEqual(expect.arrayContaining([`incident:${ids.otherIncident}`, `asset:${ids.truck}`]));
  });

  it('publishes commands keyed by their target, attributed, with the client command id kept on retries', async () => {
    const { cookie, id } = sessions.get('field')!;
    const commandId = newEventId();
    const input = { commandId, assetId: ids.fieldAsset, status: 'en_route', incidentId: ids.incident };
    const first = await call(harness, 'assets.updateStatus', 'mutation', input, cookie);
    const retry = await call(harness, 'assets.updateStatus', 'mutation', input, cookie);
    expect(first.body.result?.data).toEqual({ commandId, target: ids.fieldAsset });
    expect(retry.body.result?.data).toEqual({ commandId, target: ids.fieldAsset });
    await waitFor(() => commands.filter((c) => c.id === commandId).length === 2, {
      what: 'both copies on the topic',
    });
    const published = commands.find((c) => c.id === commandId)!;
    expect(published.payload).toMatchObject({
      kind: 'update_status',
      assetId: ids.fieldAsset,
      status: 'en_route',
    });
    expect(published.payload.actor).toEqual({ kind: 'user', userId: id, role: 'field' });
    // Every allowed command of the matrix reached the topic too.
    const kinds = new Set(commands.map((c) => c.payload.kind));
    for (const kind of [
      'create_incident',
      'acknowledge_incident',
      'acknowledge_alert',
      'assign',
      'dispatch',
      'set_severity',
      'add_note',
      'resolve',
      'close',
      'merge_incidents',
    ])
      expect(kinds.has(kind as never), kind).toBe(true);
  });

  describe('socket events', () => {
    const received = new Map<TRole, Received>();
    const sockets = new Map<TRole, LiveClient>();

    beforeAll(async () => {
      for (const role of ZRole.options) {
        const socket = harness.socket(sessions.get(role)!.cookie);
        const r = listen(socket);
        received.set(role, r);
        sockets.set(role, socket);
        await new Promise<void>((resolve, reject) => {
          socket.once('connect', () => resolve());
          socket.once('connect_error', reject);
          socket.connect();
        });
        socket.emit('subscribe', {
          v: 1,
          bbox: HAITI,
          zoom: 9,
          layers: ['assets', 'alerts', 'incidents', 'zones'],
        });
        await waitFor(() => r.snapshots > 0 && r.zones.length > 0, { what: `${role} snapshot and zones` });
      }
    }, 60_000);

    it('subscribes every role (each holds a map permission), field users clipped to their area', () => {
      for (const role of ZRole.options) {
        const r = received.get(role)!;
        expect(r.errors, role).toEqual([]);
        const names = r.zones[0]!.upserts.map((z) => z.name).sort();
        expect(names, role).toEqual(role === 'field' ? ['Flooded plain'] : ['Flooded city', 'Flooded plain']);
      }
    });

    it('sends alerts, incidents and notifications to the roles allowed, and to field users only what concerns them', async () => {
      const far = liveAlert(uniqueName('m-far'), PAP, { severity: 'extreme', region: { country: 'HTI' } });
      await harness.log.produce(harness.config.topics.liveAlerts, [
        {
          key: far.alertId,
          value: JSON.stringify({
            id: newEventId(),
            type: 'alert',
            v: 1,
            source: 'processor',
            occurredAt: far.raisedAt,
            receivedAt: far.raisedAt,
            payload: far,
          }),
        },
      ]);
      for (const role of ['admin', 'coordinator', 'analyst'] as const) {
        await waitFor(() => received.get(role)!.alerts.some((a) => a.alertId === far.alertId), {
          what: `${role} far alert`,
        });
        await waitFor(() => received.get(role)!.notifications.some((n) => n.alertId === far.alertId), {
          what: `${role} toast`,
        });
      }
      const mine = liveAlert(uniqueName('m-mine'), PAP, { incidentId: ids.incident, severity: 'minor' });
      const incident: TLiveIncidentV1 = {
        incidentId: ids.otherIncident,
        seq: 2,
        change: 'severity_changed',
        status: 'detected',
        severity: 'extreme',
        title: 'Flooding in Port-au-Prince',
        position: PAP,
        at: new Date().toISOString(),
        actor: { kind: 'system', component: 'test' },
        openedAt: new Date().toISOString(),
        alertIds: [],
      };
      const envelope = (type: string, payload: unknown) =>
        JSON.stringify({
          id: newEventId(),
          type,
          v: 1,
          source: 'processor',
          occurredAt: new Date().toISOString(),
          receivedAt: new Date().toISOString(),
          payload,
        });
      await harness.log.produce(harness.config.topics.liveIncidents, [
        { key: incident.incidentId, value: envelope('incident', incident) },
      ]);
      for (const role of ['admin', 'coordinator', 'analyst'] as const)
        await waitFor(() => received.get(role)!.incidents.some((i) => i.incidentId === ids.otherIncident), {
          what: `${role} incident`,
        });
      await harness.log.produce(harness.config.topics.liveAlerts, [
        { key: mine.alertId, value: envelope('alert', mine) },
      ]);
      const field = received.get('field')!;
      await waitFor(() => field.alerts.some((a) => a.alertId === mine.alertId), {
        what: 'the field user own alert',
      });
      // Everything for the others was emitted before the field user's own alert, on the same socket order.
      expect(field.alerts.map((a) => a.alertId)).toEqual([mine.alertId]);
      expect(field.incidents).toEqual([]);
      expect(field.notifications).toEqual([]);
    });

    it('answers a resync for every role', async () => {
      for (const role of ZRole.options) {
        const r = received.get(role)!;
        const before = r.snapshots + r.deltas;
        sockets.get(role)!.emit('resync', { v: 1, fromSeq: 0 });
        await waitFor(() => r.snapshots + r.deltas > before, { what: `${role} resync answer` });
        expect(r.errors, role).toEqual([]);
      }
      // Every role in the socket matrix holds a map permission, so nobody is refused a subscription.
      expect(ZRole.options.every((role) => socketMatrix['client:subscribe']![role] === 'allow')).toBe(true);
    });

    it('pushes a zone change to the zones layer', async () => {
      const zoneId = uniqueName('m-z-new');
      await upsertZone(harness.database.db, {
        id: zoneId,
        kind: 'hazard',
        name: 'New landslide',
        geometry: square(CAYES, 0.01),
      });
      for (const role of ZRole.options)
        await waitFor(
          () => received.get(role)!.zones.some((z) => !z.full && z.upserts.some((u) => u.zoneId === zoneId)),
          { what: `${role} zone change` },
        );
    });
  });
});
