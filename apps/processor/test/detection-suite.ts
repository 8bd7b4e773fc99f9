/**
 * Detection end to end, run unchanged on the embedded log + PGlite and on Kafka + PostgreSQL: an
 * external CAP alert with a polygon becomes a hazard zone; a vehicle driving into it raises a
 * geofence_enter alert on live.alerts; a cancelling CAP message ends the zone (a vehicle entering
 * afterwards raises nothing); an external alert Vigie cannot place goes to the dead-letter topic;
 * a cluster of flood reports raises one cluster alert, even when it straddles two cells on partitions
 * handled at the same time; an external flood warning, a cluster of flood reports and a gauge past
 * flood stage in one place are corroborated into one alert.
 */
import type { TExternalAlertEventV1, TExternalAlertV1 } from '@vigie/contracts/alerts';
import type { Consumer, MessageBatch } from '@vigie/bus/log';
import { newEventId } from '@vigie/contracts/envelope';
import { ZLiveAlertEventV1 } from '@vigie/contracts/live-alerts';
import type { TLiveAlertV1 } from '@vigie/contracts/live-alerts';
import { topicKey, topics as catalog } from '@vigie/contracts/topics';
import { getExternalAlert } from '@vigie/db/alerts-repository';
import { getAsset } from '@vigie/db/assets-repository';
import { loadCheckpoints } from '@vigie/db/checkpoints-repository';
import { listRules } from '@vigie/db/rules-repository';
import { loadCountryIndex } from '@vigie/domain/region-index';
import { getZone, hazardZoneId, zonesContaining } from '@vigie/db/zones-repository';
import { uniqueName } from '@vigie/testing/unique-name';
import { waitFor } from '@vigie/testing/wait-for';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { observationRecord } from '../src/build-live-records';
import { CheckpointStore } from '../src/checkpoint-store';
import { DetectionContext } from '../src/detection/detection-context';
import { entitiesDetector } from '../src/detection/entities.detector';
import { externalAlertsConsumer } from '../src/detection/external-alerts.consumer';
import { createDetectionHandler } from '../src/detection/handle-detection-batch';
import { observationsDetector } from '../src/detection/observations.detector';
import { enrichReport } from '../src/enrich-report';
import type { Processor } from '../src/start-processor';
import { startProcessor } from '../src/start-processor';
import { resolveTopics } from '../src/topic-map';
import type { ServiceFixture, Services } from './harness';
import { readTopics, testLogger } from './harness';
import {
  positionEvent,
  positionRecord,
  readingEvent,
  readingRecord,
  reportEvent,
  reportRecord,
} from './raw-events';

const WAIT = { timeoutMs: 60_000 };
/** Les Cayes, southern Haiti. */
const CAYES = { lon: -73.75, lat: 18.195 };
/** Jérémie, 60 km from Les Cayes. */
const JEREMIE = { lon: -74.117, lat: 18.65 };
const JEREMIE_SQUARE: [number, number][] = [
  [-74.14, 18.63],
  [-74.09, 18.63],
  [-74.09, 18.67],
  [-74.14, 18.67],
  [-74.14, 18.63],
];
const SQUARE: [number, number][] = [
  [-73.77, 18.18],
  [-73.73, 18.18],
  [-73.73, 18.21],
  [-73.77, 18.21],
  [-73.77, 18.18],
];

function capEvent(
  payload: Partial<TExternalAlertV1> & Pick<TExternalAlertV1, 'identifier' | 'msgType'>,
): TExternalAlertEventV1 {
  const sent = new Date().toISOString();
  return {
    id: newEventId(),
    type: 'external_alert',
    v: 1,
    source: 'sim-met',
    occurredAt: sent,
    receivedAt: sent,
    payload: {
      format: 'cap',
      sender: 'sim-met',
      sent,
      status: 'Actual',
      category: ['Met'],
      event: 'Flood warning',
      urgency: 'Immediate',
      severity: 'Severe',
      certainty: 'Observed',
      headline: 'Ravine du Sud overflowing in Les Cayes',
      expires: new Date(Date.now() + 6 * 3_600_000).toISOString(),
      areas: [{ description: 'Les Cayes lowlands', polygons: [{ type: 'Polygon', coordinates: [SQUARE] }] }],
      ...payload,
    },
  };
}

export function runDetectionSuite(name: string, fixture: () => ServiceFixture): void {
  describe(name, () => {
    const services = fixture();
    let s: Services;
    let processor: Processor;
    let prefix: string;
    let reader: Awaited<ReturnType<typeof readTopics>>;

    beforeAll(async () => {
      s = await services.open();
      prefix = `${uniqueName('det')}.`;
      processor = await startProcessor({
        db: s.database,
        log: s.log,
        logger: testLogger,
        metrics: new Registry(),
        config: {
          topicPrefix: prefix,
          groupId: uniqueName('det-group'),
          partitions: 2,
          maxBatchSize: 200,
          lagIntervalMs: 200,
          validateOutput: true,
          detection: { refreshMs: 500 },
        },
      });
      reader = await readTopics(s.log, [processor.topics['live.alerts'], processor.topics.deadletter]);
    });

    afterAll(async () => {
      await reader?.close();
      await processor?.close();
      await services.close();
    });

    /** Whether detection's checkpoints cover everything on `topic` (state and offsets move together). */
    async function detectionCaughtUp(topic: string): Promise<boolean> {
      const ends = await s.log.topicOffsets(topic);
      const saved = await loadCheckpoints(s.database.db, `${processor.config.groupId}.detection`);
      return ends.every(
        (o) =>
          o.end === '0' ||
          saved.some((c) => c.topic === topic && c.partition === o.partition && c.nextOffset === o.end),
      );
    }

    const alerts = (): TLiveAlertV1[] =>
      reader.messages(processor.topics['live.alerts']).map((m) => ZLiveAlertEventV1.parse(m.value).payload);

    async function drive(
      assetId: string,
      from: { lon: number; lat: number },
      to: { lon: number; lat: number },
    ) {
      const start = Date.now();
      const events = [0, 1, 2, 3].map((i) =>
        positionEvent(assetId, start + i * 500, {
          lon: from.lon + ((to.lon - from.lon) * i) / 3,
          lat: from.lat + ((to.lat - from.lat) * i) / 3,
        }),
      );
      // One fix per produce: each becomes its own live.entities state.
      for (const e of events) await s.log.produce(processor.topics['raw.positions'], [positionRecord(e)]);
    }

    it('seeds the default rules', async () => {
      const rules = await listRules(s.database.db);
      expect(rules.map((r) => r.id)).toEqual(
        expect.arrayContaining(['river-level-threshold', 'flood-report-cluster', 'geofence-dwell']),
      );
    });

    it('a CAP alert with a polygon becomes a hazard zone; a vehicle entering it raises geofence_enter; a cancel removes the zone', async () => {
      const alert = capEvent({ identifier: 'FLOOD-CAYES-1', msgType: 'Alert' });
      await s.log.produce(processor.topics['raw.alerts'], [
        { key: topicKey('raw.alerts', alert), value: JSON.stringify(alert) },
      ]);
      const zoneId = hazardZoneId('sim-met', 'FLOOD-CAYES-1');
      const zone = await waitFor(() => getZone(s.database.db, zoneId).then((z) => z ?? undefined), {
        ...WAIT,
        what: 'hazard zone',
      });
      expect(zone).toMatchObject({ kind: 'hazard', source: 'sim-met', code: 'FLOOD-CAYES-1' });
      expect((await zonesContaining(s.database.db, CAYES, { kinds: ['hazard'] })).map((z) => z.id)).toContain(
        zoneId,
      );
      const external = await waitFor(() => alerts().find((a) => a.kind === 'external'), {
        ...WAIT,
        what: 'external alert on live.alerts',
      });
      expect(external).toMatchObject({
        severity: 'severe',
        category: 'flood',
        status: 'active',
        external: { sender: 'sim-met', identifier: 'FLOOD-CAYES-1' },
      });
      expect(external.place.type).toBe('Polygon');

      await drive('truck-cayes', { lon: -73.85, lat: 18.195 }, CAYES);
      const enter = await waitFor(
        () => alerts().find((a) => a.kind === 'geofence_enter' && a.evidence[0]?.entityId === 'truck-cayes'),
        {
          ...WAIT,
          what: 'geofence_enter on live.alerts',
        },
      );
      expect(enter).toMatchObject({ status: 'active', severity: 'severe', category: 'flood' });
      expect(enter.title).toContain('Ravine du Sud');
      expect(alerts().filter((a) => a.kind === 'geofence_enter' && a.status === 'active')).toHaveLength(1);

      const cancel = capEvent({
        identifier: 'FLOOD-CAYES-1-C',
        msgType: 'Cancel',
        references: [{ sender: 'sim-met', identifier: 'FLOOD-CAYES-1', sent: alert.payload.sent }],
      });
      await s.log.produce(processor.topics['raw.alerts'], [
        { key: topicKey('raw.alerts', cancel), value: JSON.stringify(cancel) },
      ]);
      await waitFor(
        async () => (await zonesContaining(s.database.db, CAYES, { kinds: ['hazard'] })).length === 0,
        { ...WAIT, what: 'zone ended' },
      );
      expect((await getExternalAlert(s.database.db, 'sim-met', 'FLOOD-CAYES-1'))?.status).toBe('cancelled');
      await waitFor(() => alerts().find((a) => a.kind === 'external' && a.status === 'cancelled'), {
        ...WAIT,
        what: 'cancelled on live.alerts',
      });

      // After the cancel the zone is gone for the geofence detector too: another vehicle raises nothing.
      await drive('truck-after', { lon: -73.85, lat: 18.19 }, CAYES);
      await waitFor(
        () => getAsset(s.database.db, 'truck-after').then((a) => a?.position?.lon === CAYES.lon || undefined),
        WAIT,
      );
      await waitFor(() => detectionCaughtUp(processor.topics['live.entities']), {
        ...WAIT,
        what: 'detection caught up',
      });
      expect(
        alerts().filter((a) => a.kind === 'geofence_enter' && a.evidence[0]?.entityId === 'truck-after'),
      ).toEqual([]);
    });

    it('an external alert with geocodes only goes to the dead-letter topic with its reason', async () => {
      const alert = capEvent({
        identifier: 'GEOCODE-ONLY',
        msgType: 'Alert',
        areas: [{ description: 'Sud department', geocodes: [{ name: 'pcode', value: 'HT07' }] }],
      });
      await s.log.produce(processor.topics['raw.alerts'], [
        { key: topicKey('raw.alerts', alert), value: JSON.stringify(alert) },
      ]);
      const dead = await waitFor(
        () =>
          reader
            .messages(processor.topics.deadletter)
            .find((m) => JSON.stringify(m.value).includes('cannot place it')),
        { ...WAIT, what: 'dead letter' },
      );
      expect((dead.value.payload as { originTopic: string }).originTopic).toBe(
        processor.topics['raw.alerts'],
      );
      expect(await getExternalAlert(s.database.db, 'sim-met', 'GEOCODE-ONLY')).toBeNull();
    });

    it('five flood reports around one place raise one cluster alert', async () => {
      const texts = [
        'Inondation rue Capois',
        'Flooding near the market',
        "Inondation au marché, l'eau monte",
        'Flood water rising fast',
        'Flooding on the road to Torbeck',
      ];
      const records = texts.map((text, i) =>
        reportRecord(
          reportEvent(
            'sms-gw',
            uniqueName(`r${i}`),
            text,
            { position: { lon: -73.752 + i * 0.001, lat: 18.196 } },
            { occurredAt: new Date(Date.now() - (5 - i) * 60_000).toISOString() },
          ),
        ),
      );
      for (const r of records) await s.log.produce(processor.topics['raw.reports'], [r]);
      const cluster = await waitFor(
        () => alerts().find((a) => a.kind === 'report_cluster' && a.evidence.length >= 5),
        {
          ...WAIT,
          what: 'report cluster alert',
        },
      );
      expect(cluster).toMatchObject({ category: 'flood', ruleId: 'flood-report-cluster', status: 'active' });
      expect(
        new Set(
          alerts()
            .filter((a) => a.kind === 'report_cluster')
            .map((a) => a.alertId),
        ).size,
      ).toBe(1);
    });

    it('reports straddling two neighbour cells on partitions handled at the same time raise their cluster', async () => {
      // Saint-Marc: three reports in one H3 cell, two in the cell next to it, all within 400 m.
      const near: { lon: number; lat: number; cell: string }[] = [
        { lon: -72.70155, lat: 19.10961, cell: '876724851ffffff' },
        { lon: -72.7019, lat: 19.10985, cell: '876724851ffffff' },
        { lon: -72.70225, lat: 19.11009, cell: '876724851ffffff' },
        { lon: -72.70296, lat: 19.11056, cell: '876724850ffffff' },
        { lon: -72.70331, lat: 19.1108, cell: '876724850ffffff' },
      ];
      const topics = resolveTopics(`${uniqueName('straddle')}.`);
      await s.log.createTopics(
        (['live.alerts', 'deadletter'] as const).map((name) => ({
          name: topics[name],
          partitions: 2,
          compacted: catalog[name].compacted,
        })),
      );
      const context = new DetectionContext(testLogger);
      await context.refresh(s.database.db);
      const checkpoints = new CheckpointStore(s.database, uniqueName('straddle-group'));
      const published: TLiveAlertV1[] = [];
      const onBatch = createDetectionHandler({
        database: s.database,
        log: s.log,
        logger: testLogger,
        groupId: checkpoints.groupId,
        sourceId: 'vigie-processor-test',
        topics,
        checkpoints,
        stages: {
          'live.observations': observationsDetector(context),
          'live.entities': entitiesDetector(context),
          'raw.alerts': externalAlertsConsumer(context),
        },
        publishRetry: { initialMs: 50, maxMs: 500 },
        validateOutput: true,
        stats: { batches: 0, alerts: 0, deadLettered: 0 },
        isClosing: () => false,
        onAlerts: (alerts) => published.push(...alerts),
      });
      const geo = { regionIndex: loadCountryIndex(), h3Resolution: 7 };
      const records = near.map((at, i) => {
        const event = reportEvent(
          'sms-gw',
          uniqueName(`straddle-${i}`),
          'Inondation, la rivière déborde',
          { position: { lon: at.lon, lat: at.lat } },
          { occurredAt: new Date(Date.now() - (5 - i) * 60_000).toISOString() },
        );
        const { observation } = enrichReport(event, geo);
        expect(observation).toMatchObject({ kind: 'report', category: 'flood', cell: at.cell });
        return observationRecord(observation!, event.receivedAt, { sourceId: 'sim', now: new Date() });
      });
      const batchOf = (partition: number, produced: typeof records): MessageBatch => ({
        topic: topics['live.observations'],
        partition,
        messages: produced.map((r, offset) => ({
          topic: topics['live.observations'],
          partition,
          offset: String(offset),
          key: r.key,
          value: Buffer.from(r.value),
          headers: {},
          timestamp: Date.now(),
        })),
        nextOffset: String(produced.length),
        highWatermark: String(produced.length),
      });
      const consumer = { commit: async () => {}, seek: async () => {} } as unknown as Consumer;
      // Both checkpoints known beforehand: nothing delays either plan, both batches are in flight at once.
      await checkpoints.get(topics['live.observations'], 0);
      await checkpoints.get(topics['live.observations'], 1);
      await Promise.all([
        onBatch(batchOf(0, records.slice(0, 3)), consumer),
        onBatch(batchOf(1, records.slice(3)), consumer),
      ]);
      const clusters = published.filter((a) => a.kind === 'report_cluster');
      expect(clusters).toHaveLength(1);
      expect(clusters[0]).toMatchObject({ category: 'flood', ruleId: 'flood-report-cluster' });
      expect(clusters[0]!.evidence).toHaveLength(5);
    });

    it('an external warning, a cluster of reports and a gauge past flood stage in one place are corroborated into one alert', async () => {
      const warning = capEvent({
        identifier: 'FLOOD-JEREMIE-1',
        msgType: 'Alert',
        headline: "Grand'Anse overflowing in Jérémie",
        areas: [
          {
            description: 'Jérémie lowlands',
            polygons: [{ type: 'Polygon', coordinates: [JEREMIE_SQUARE] }],
          },
        ],
      });
      await s.log.produce(processor.topics['raw.alerts'], [
        { key: topicKey('raw.alerts', warning), value: JSON.stringify(warning) },
      ]);
      const external = await waitFor(
        () => alerts().find((a) => a.kind === 'external' && a.external?.identifier === 'FLOOD-JEREMIE-1'),
        { ...WAIT, what: 'the Jérémie warning on live.alerts' },
      );
      // One family alone corroborates nothing.
      expect(alerts().filter((a) => a.kind === 'corroboration')).toEqual([]);

      const texts = [
        'Inondation à Jérémie, rue Stenio Vincent',
        "Flooding near Jérémie's market",
        "Inondation au bord de la Grand'Anse, l'eau monte",
        'Flood water rising fast in Jérémie',
        'Flooding on the road to Roseaux',
      ];
      for (const [i, text] of texts.entries()) {
        await s.log.produce(processor.topics['raw.reports'], [
          reportRecord(
            reportEvent(
              'sms-gw',
              uniqueName(`j${i}`),
              text,
              // In one H3 cell, so one partition sees them all.
              { position: { lon: JEREMIE.lon + i * 0.00001, lat: JEREMIE.lat } },
              { occurredAt: new Date(Date.now() - (5 - i) * 60_000).toISOString() },
            ),
          ),
        ]);
      }
      const corroboration = await waitFor(() => alerts().find((a) => a.kind === 'corroboration'), {
        ...WAIT,
        what: 'corroboration on live.alerts',
      });
      // Alerts are keyed by id: the cluster may come after the corroboration on another partition.
      const cluster = await waitFor(
        () =>
          alerts().find(
            (a) =>
              a.kind === 'report_cluster' && corroboration.evidence.some((e) => e.entityId === a.alertId),
          ),
        { ...WAIT, what: 'the corroborated cluster' },
      );
      expect(corroboration.evidence.map((e) => e.entityId)).toContain(external.alertId);
      expect(corroboration).toMatchObject({
        ruleId: 'corroboration',
        status: 'active',
        category: expect.stringMatching(/flood/),
        severity: 'extreme',
      });
      expect(corroboration.title).toContain('external, reports');

      // A gauge in the warned area goes past flood stage: the same corroboration gains a third family.
      const start = Date.now() - 60_000;
      for (const [i, value] of [4.3, 4.4].entries()) {
        await s.log.produce(processor.topics['raw.readings'], [
          readingRecord(
            readingEvent('wl-grande-anse-9', start + i * 20_000, {
              metric: 'water_level',
              value,
              unit: 'm',
              position: { lon: -74.1, lat: 18.645 },
            }),
          ),
        ]);
      }
      const threshold = await waitFor(
        () => alerts().find((a) => a.kind === 'threshold' && a.title.includes('wl-grande-anse-9')),
        { ...WAIT, what: 'threshold alert of the gauge' },
      );
      const widened = await waitFor(
        () =>
          alerts().find(
            (a) =>
              a.alertId === corroboration.alertId && a.evidence.some((e) => e.entityId === threshold.alertId),
          ),
        { ...WAIT, what: 'corroboration updated with the gauge' },
      );
      expect(widened.title).toContain('3 kinds of source (external, reports, sensor)');
      // One corroboration in all, made of these three signals only (the Les Cayes reports and vehicle,
      // 60 km away, are not part of it).
      expect(
        new Set(
          alerts()
            .filter((a) => a.kind === 'corroboration')
            .map((a) => a.alertId),
        ).size,
      ).toBe(1);
      expect(new Set(widened.evidence.map((e) => e.entityId))).toEqual(
        new Set([external.alertId, cluster.alertId, threshold.alertId]),
      );
    });
  });
}
