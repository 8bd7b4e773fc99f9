import { parseTopicMessage } from '@vigie/contracts/topics';
import { maskPii } from '@vigie/domain/pii-mask';
import { loadCountryIndex } from '@vigie/domain/region-index';
import { haversineMeters } from '@vigie/domain/geo';
import { describe, expect, it } from 'vitest';
import { createHaitiSouthScenario } from './haiti-south-scenario';
import type { SimEvent } from './scenario';

const START = Date.parse('2021-08-16T12:00:00Z');
const HOUR = 3_600_000;
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
});
