import { ZExternalAlertV1 } from '@vigie/contracts/alerts';
import { parseTopicMessage } from '@vigie/contracts/topics';
import { classifyReport } from '@vigie/domain/classify-report';
import { maskPii } from '@vigie/domain/pii-mask';
import { loadCountryIndex } from '@vigie/domain/region-index';
import { haversineMeters, pointInPolygon } from '@vigie/domain/geo';
import { describe, expect, it } from 'vitest';
import { parseCap } from '../parsers/cap/parse-cap';
import { SIMULATED_CAP_SENDER } from './haiti-south-alerts';
import { createHaitiSouthScenario, haitiSouthInjectedEvents } from './haiti-south-scenario';
import type { SimEvent } from './scenario';

const START = Date.parse('2021-08-16T12:00:00Z');
const HOUR = 3_600_000;
const MINUTE = 60_000;
const LES_CAYES = { lon: -73.75, lat: 18.193 };
const scenario = (seed = 2021) => createHaitiSouthScenario({ seed, startTime: START, source: 'simulator' });

function positionsOf(events: readonly SimEvent[]) {
  return events
    .filter((e) => e.type === 'position')
    .map(
      (e) =>
        e.payload as {
          assetId: string;
          assetKind: string;
          position: { lon: number; lat: number };
          speed: number;
          status: string;
        },
    );
}

describe('haiti-south scenario', () => {
  it('has at least 200 assets of every kind and 500 sensors of every metric family', () => {
    const s = scenario();
    expect(s.assets.length).toBeGreaterThanOrEqual(200);
    expect(new Set(s.assets.map((a) => a.kind))).toEqual(new Set(['vehicle', 'boat', 'drone', 'team']));
    expect(new Set(s.assets.map((a) => a.type))).toEqual(
      new Set(['truck', '4x4', 'boat', 'drone', 'medical', 'search_rescue']),
    );
    expect(new Set(s.assets.map((a) => a.id)).size).toBe(s.assets.length);
    expect(s.sensors.length).toBeGreaterThanOrEqual(500);
    expect(new Set(s.sensors.map((x) => x.id)).size).toBe(s.sensors.length);
    const metrics = new Set(s.sensors.flatMap((x) => x.metrics));
    for (const metric of ['water_level', 'rain', 'temperature', 'humidity', 'air_quality_pm25']) {
      expect(metrics.has(metric as never), metric).toBe(true);
    }
  });

  it('keeps every road vehicle and team on land in Haiti over a whole day', () => {
    const s = scenario();
    const countries = loadCountryIndex();
    const outside: string[] = [];
    let checked = 0;
    for (let t = 0; t < 24 * HOUR; t += 20 * 60_000) {
      for (const p of positionsOf(
        s.generate(START + t, { positions: s.assets.length, readings: 0, reports: 0 }),
      )) {
        if (p.assetKind !== 'vehicle' && p.assetKind !== 'team') continue;
        checked++;
        if (countries.lookup(p.position.lon, p.position.lat)?.code !== 'HTI') {
          outside.push(`${p.assetId} ${p.position.lon},${p.position.lat}`);
        }
      }
    }
    expect(checked).toBeGreaterThan(10_000);
    expect(outside).toEqual([]);
  });

  it('moves vehicles at road speeds, continuously, through the mission statuses', () => {
    const s = scenario();
    const statuses = new Set<string>();
    let previous = new Map<string, { lon: number; lat: number }>();
    let moving = 0;
    for (let t = 0; t < 6 * HOUR; t += 60_000) {
      const now = new Map<string, { lon: number; lat: number }>();
      for (const p of positionsOf(
        s.generate(START + t, { positions: s.assets.length, readings: 0, reports: 0 }),
      )) {
        if (p.assetKind !== 'vehicle') continue;
        statuses.add(p.status);
        expect(p.speed).toBeLessThanOrEqual(20);
        if (p.speed > 0) moving++;
        const before = previous.get(p.assetId);
        // 60 s apart: never more than 1.2 km (72 km/h), i.e. no teleporting.
        if (before !== undefined) expect(haversineMeters(before, p.position)).toBeLessThan(1_200);
        now.set(p.assetId, p.position);
      }
      previous = now;
    }
    expect(statuses).toEqual(new Set(['available', 'en_route', 'on_scene', 'returning']));
    expect(moving).toBeGreaterThan(1_000);
  });

  it('is deterministic for a seed and differs between seeds', () => {
    const run = (seed: number) => {
      const s = scenario(seed);
      return [0, 10_000, 60_000, 3_600_000].flatMap((t) =>
        s.generate(START + t, { positions: 150, readings: 300, reports: 20 }),
      );
    };
    const a = run(7);
    expect(run(7)).toEqual(a);
    expect(JSON.stringify(run(8))).not.toBe(JSON.stringify(a));
  });

  it('produces events that satisfy the topic contracts once ingest stamps them', () => {
    const s = scenario();
    const events = s.generate(START + 2 * HOUR, { positions: 400, readings: 1_200, reports: 200 });
    const topicOf = { position: 'raw.positions', reading: 'raw.readings', report: 'raw.reports' } as const;
    for (const event of events) {
      const result = parseTopicMessage(topicOf[event.type], {
        ...event,
        receivedAt: new Date().toISOString(),
      });
      expect(result.ok, JSON.stringify(result.ok ? '' : result.issues)).toBe(true);
    }
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
  });

  it('writes posts in Creole, French and English near the affected towns, some with personal data', () => {
    const s = scenario();
    const reports = s.generate(START + 30 * 60_000, { positions: 0, readings: 0, reports: 400 }).map(
      (e) =>
        e.payload as {
          lang: string;
          text: string;
          position: { lon: number; lat: number };
          placeName: string;
        },
    );
    expect(new Set(reports.map((r) => r.lang))).toEqual(new Set(['fr', 'en', 'ht']));
    for (const lang of ['fr', 'en', 'ht']) {
      expect(reports.filter((r) => r.lang === lang).length, lang).toBeGreaterThan(40);
    }
    const withPii = reports.filter((r) => {
      const masked = maskPii(r.text).masked;
      return masked.phones + masked.emails + masked.names > 0;
    });
    expect(withPii.length).toBeGreaterThan(20);
    expect(withPii.length).toBeLessThan(reports.length / 2);
    const countries = loadCountryIndex();
    for (const r of reports) expect(countries.lookup(r.position.lon, r.position.lat)?.code).toBe('HTI');
  });

  it('follows daily cycles and raises the Ravine du Sud through Les Cayes', () => {
    const s = scenario();
    const readingsAt = (hours: number) => {
      const all = s.generate(START + hours * HOUR, { positions: 0, readings: 2_000, reports: 0 });
      return all.map((e) => e.payload as { sensorId: string; metric: string; value: number });
    };
    const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
    const stage = (rows: ReturnType<typeof readingsAt>) =>
      mean(rows.filter((r) => r.sensorId.startsWith('hti-wl-ravine-du-sud')).map((r) => r.value));
    const temperature = (rows: ReturnType<typeof readingsAt>) =>
      mean(rows.filter((r) => r.metric === 'temperature').map((r) => r.value));
    const before = readingsAt(0);
    const flood = readingsAt(2.5);
    expect(stage(flood) - stage(before)).toBeGreaterThan(2);
    // Local 14:00 (UTC 18:00, before the storm) is warmer than local 04:00 the next day.
    const afternoon = readingsAt(30);
    const night = readingsAt(20);
    expect(temperature(afternoon) - temperature(night)).toBeGreaterThan(4);
  });

  describe('the Les Cayes flood in the first minutes', () => {
    /** Readings of every sensor at `minutes` after the start. */
    const readingsAt = (s: ReturnType<typeof scenario>, minutes: number) => {
      const streams = s.sensors.reduce((n, x) => n + x.metrics.length, 0);
      return s
        .generate(START + minutes * MINUTE, { positions: 0, readings: streams, reports: 0 })
        .map((e) => e.payload as { sensorId: string; metric: string; value: number; quality?: string });
    };
    const FLOOD_STAGE = 4;

    it('takes the lower Ravine du Sud gauges past flood stage within 6 minutes, and no other river all day', () => {
      const s = scenario();
      const lower = (rows: ReturnType<typeof readingsAt>) =>
        rows.filter((r) => /^hti-wl-ravine-du-sud-(0[7-9]|1\d)$/.test(r.sensorId));
      expect(lower(readingsAt(s, 1)).every((r) => r.value < FLOOD_STAGE)).toBe(true);
      const six = lower(readingsAt(s, 6));
      expect(six.length).toBeGreaterThanOrEqual(5);
      expect(six.every((r) => r.value > FLOOD_STAGE)).toBe(true);
      // Every other river stays under flood stage through the storm (spikes flagged suspect aside).
      let highest = 0;
      for (let hour = 0; hour < 24; hour += 1) {
        for (const r of readingsAt(s, hour * 60)) {
          if (r.metric !== 'water_level' || r.quality === 'suspect') continue;
          if (r.sensorId.includes('ravine-du-sud') || r.sensorId.includes('grande-anse')) continue;
          highest = Math.max(highest, r.value);
        }
      }
      expect(highest).toBeGreaterThan(0.5);
      expect(highest).toBeLessThan(FLOOD_STAGE - 1);
    });

    it('bursts flood posts around Les Cayes from 2 minutes in, and keeps them rare elsewhere', () => {
      const floodPostsNearCayes = (minutes: number) => {
        const s = scenario();
        const reports = s
          .generate(START + minutes * MINUTE, { positions: 0, readings: 0, reports: 600 })
          .map((e) => e.payload as { text: string; position: { lon: number; lat: number } });
        const flood = reports.filter((r) => classifyReport(r.text).category === 'flood');
        const near = flood.filter((r) => haversineMeters(r.position, LES_CAYES) < 2_500);
        return { near: near.length, elsewhere: flood.length - near.length, all: reports.length };
      };
      const before = floodPostsNearCayes(1);
      const during = floodPostsNearCayes(4);
      expect(before.near).toBeLessThan(5);
      expect(during.near).toBeGreaterThan(30);
      // Away from the flooded river, a few flood posts: background that should not form clusters.
      const cayesEvent = haitiSouthInjectedEvents.find((e) => e.id === 'flood-les-cayes')!;
      const s = scenario();
      const away = s
        .generate(START + 4 * MINUTE, { positions: 0, readings: 0, reports: 600 })
        .map((e) => e.payload as { text: string; position: { lon: number; lat: number } })
        .filter((r) =>
          cayesEvent.near.every(
            (v) => haversineMeters(r.position, { lon: v[0], lat: v[1] }) > cayesEvent.radiusKm * 1000,
          ),
        );
      expect(away.length).toBeGreaterThan(300);
      const clustered = away.filter((r) =>
        ['flood', 'medical', 'shelter', 'fire'].includes(classifyReport(r.text).category ?? ''),
      );
      expect(clustered.length).toBeLessThan(away.length * 0.05);
    });

    it('publishes a civil-protection CAP flood warning with a polygon over Les Cayes 5.5 minutes in', () => {
      const s = scenario();
      expect(s.alerts!(START, START + 5 * MINUTE)).toEqual([]);
      const due = s.alerts!(START + 5 * MINUTE, START + 6 * MINUTE);
      expect(due).toHaveLength(1);
      expect(due[0]!.at).toBe(START + 5.5 * MINUTE);
      expect(due[0]!.contentType).toBe('application/cap+xml');
      // The same span asked again gives the same document (deterministic).
      expect(scenario().alerts!(START + 5 * MINUTE, START + 6 * MINUTE)).toEqual(due);
      const parsed = parseCap(due[0]!.body);
      expect(parsed.rejected).toEqual([]);
      expect(parsed.alerts).toHaveLength(1);
      const alert = ZExternalAlertV1.parse(parsed.alerts[0]);
      expect(alert).toMatchObject({
        sender: SIMULATED_CAP_SENDER,
        status: 'Actual',
        msgType: 'Alert',
        event: 'Inondation',
        severity: 'Severe',
        sent: new Date(START + 5.5 * MINUTE).toISOString(),
      });
      expect(alert.senderName).toMatch(/simulé/);
      const polygon = alert.areas[0]!.polygons![0]!;
      expect(pointInPolygon(LES_CAYES.lon, LES_CAYES.lat, polygon.coordinates as number[][][])).toBe(true);
      // The Jérémie warning follows the later flood.
      const later = s.alerts!(START + 6 * MINUTE, START + 3 * HOUR);
      expect(later).toHaveLength(1);
      expect(parseCap(later[0]!.body).alerts[0]?.headline).toContain('Jérémie');
    });

    it('drives a 4x4 into the warning area minutes after the warning, never before it', () => {
      const s = scenario();
      const polygon = ZExternalAlertV1.parse(
        parseCap(s.alerts!(START, START + 6 * MINUTE)[0]!.body).alerts[0],
      ).areas[0]!.polygons![0]!.coordinates as number[][][];
      const insideAt: number[] = [];
      for (let t = 0; t <= 10 * MINUTE; t += 10_000) {
        const fix = positionsOf(
          s.generate(START + t, { positions: s.assets.length, readings: 0, reports: 0 }),
        ).find((p) => p.assetId === 'hti-4x4-061')!;
        if (pointInPolygon(fix.position.lon, fix.position.lat, polygon)) insideAt.push(t);
        else expect(insideAt, `left the area at ${t}`).toEqual([]);
      }
      expect(insideAt.length).toBeGreaterThan(0);
      expect(insideAt[0]!).toBeGreaterThan(6 * MINUTE);
      expect(insideAt[0]!).toBeLessThan(9 * MINUTE);
    });
  });
});
