/**
 * Scenario builders for the detector tests, written the way the field speaks:
 * `givenSensor('river-1').at(point).withDailyCycle({ mean: 2, amplitude: 0.3 }).every('10m').for('3d')`,
 * `givenFloodReportsAt(point).count(5).within('10m')`, `givenVehicle('truck-7').from(a).to(b).over('20m')`.
 * Deterministic: the same scenario always produces the same readings, reports and fixes.
 */
import type { TCategory } from '@vigie/contracts/categories';
import { h3CellOf } from '../h3-cell';
import { destinationPoint } from '../geo';
import type { LonLat } from '../geo';
import { parseDuration } from './alert-draft';
import type { AssetFix } from './geofence-detector';
import type { ReadingSignal } from './reading-signal';
import type { ReportSignal } from './report-cluster-detector';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A valid ULID made from a label: the same label gives the same id. */
export function eventIdFor(label: string): string {
  let h = 2166136261;
  for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 16777619) >>> 0;
  let out = '01J';
  while (out.length < 26) {
    h = Math.imul(h ^ (h >>> 13), 0x5bd1e995) >>> 0;
    h = (h ^ (h >>> 15)) >>> 0;
    out += CROCKFORD[h % 32];
  }
  return out;
}

/** Small deterministic generator (mulberry32) with a normal draw. */
function random(seed: number): { next(): number; normal(): number } {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    normal: () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next()),
  };
}

export const T0 = Date.parse('2025-10-01T00:00:00.000Z');

interface Event {
  kind: 'drift' | 'spike' | 'rise';
  startMs: number;
  /** Total change (drift, rise) or size of the spike. */
  by: number;
  overMs: number;
}

export class SensorScenario {
  private point: LonLat = { lon: -73.75, lat: 18.2 };
  private mean = 2;
  private amplitude = 0;
  private noiseSd = 0.01;
  private stepMs = 10 * 60_000;
  private durationMs = 24 * 3_600_000;
  private metric = 'water_level';
  private readonly events: Event[] = [];

  constructor(readonly sensorId: string) {}

  at(point: LonLat): this {
    this.point = point;
    return this;
  }
  measuring(metric: string): this {
    this.metric = metric;
    return this;
  }
  /** A level that swings ±amplitude around mean once a day (peak mid-afternoon, local solar time). */
  withDailyCycle({ mean, amplitude }: { mean: number; amplitude: number }): this {
    this.mean = mean;
    this.amplitude = amplitude;
    return this;
  }
  steadyAt(mean: number): this {
    this.mean = mean;
    this.amplitude = 0;
    return this;
  }
  noise(sd: number): this {
    this.noiseSd = sd;
    return this;
  }
  every(step: string): this {
    this.stepMs = parseDuration(step);
    return this;
  }
  for(duration: string): this {
    this.durationMs = parseDuration(duration);
    return this;
  }
  /** From `after` on, the level departs gradually from its usual course by `by` over `over`, and stays. */
  thenDrift({ after, by, over }: { after: string; by: number; over: string }): this {
    this.events.push({ kind: 'drift', startMs: parseDuration(after), by, overMs: parseDuration(over) });
    return this;
  }
  /** One reading at `after` is off by `by` (a bird on the gauge, a transmission glitch). */
  thenSpike({ after, by }: { after: string; by: number }): this {
    this.events.push({ kind: 'spike', startMs: parseDuration(after), by, overMs: 0 });
    return this;
  }
  /** From `after` on, the level rises by `by` over `over`, then recedes as fast. */
  thenFlood({ after, by, over }: { after: string; by: number; over: string }): this {
    this.events.push({ kind: 'rise', startMs: parseDuration(after), by, overMs: parseDuration(over) });
    return this;
  }

  readings(): ReadingSignal[] {
    const rng = random(this.sensorId.length * 7919 + 13);
    const out: ReadingSignal[] = [];
    const cell = h3CellOf(this.point.lon, this.point.lat);
    for (let ms = 0; ms <= this.durationMs; ms += this.stepMs) {
      const at = T0 + ms;
      const solar = (((at / 3_600_000 + this.point.lon / 15) % 24) + 24) % 24;
      let value = this.mean + this.amplitude * Math.sin(((solar - 9) / 24) * 2 * Math.PI);
      value += this.noiseSd * rng.normal();
      for (const e of this.events) {
        const since = ms - e.startMs;
        if (since < 0) continue;
        if (e.kind === 'spike') {
          if (since < this.stepMs) value += e.by;
        } else if (e.kind === 'drift') {
          value += e.by * Math.min(1, since / e.overMs);
        } else {
          const rising = since <= e.overMs;
          value += rising ? (e.by * since) / e.overMs : Math.max(0, e.by * (2 - since / e.overMs));
        }
      }
      out.push({
        sensorId: this.sensorId,
        metric: this.metric,
        value: Number(value.toFixed(4)),
        unit: 'm',
        at,
        lon: this.point.lon,
        lat: this.point.lat,
        eventId: eventIdFor(`${this.sensorId}:${ms}`),
        cell,
      });
    }
    return out;
  }
}

export const givenSensor = (sensorId: string) => new SensorScenario(sensorId);

export class ReportsScenario {
  private n = 5;
  private spanMs = 10 * 60_000;
  private radiusM = 400;
  private startMs = 0;
  private prefix: string;

  constructor(
    private readonly point: LonLat,
    private readonly category: TCategory,
  ) {
    this.prefix = `${category}-${point.lon.toFixed(4)}-${point.lat.toFixed(4)}`;
  }
  count(n: number): this {
    this.n = n;
    return this;
  }
  within(span: string): this {
    this.spanMs = parseDuration(span);
    return this;
  }
  /** Reports scattered up to this distance from the point. */
  spreadOver(metres: number): this {
    this.radiusM = metres;
    return this;
  }
  startingAfter(offset: string): this {
    this.startMs = parseDuration(offset);
    return this;
  }
  named(prefix: string): this {
    this.prefix = prefix;
    return this;
  }

  reports(): ReportSignal[] {
    const rng = random(this.prefix.length * 31 + this.n);
    return Array.from({ length: this.n }, (_, i) => {
      const p = destinationPoint(this.point, rng.next() * 360, rng.next() * this.radiusM);
      return {
        reportId: `${this.prefix}-${i}`,
        eventId: eventIdFor(`${this.prefix}-${i}`),
        category: this.category,
        at: T0 + this.startMs + Math.round((this.spanMs * i) / Math.max(1, this.n - 1)),
        lon: p.lon,
        lat: p.lat,
        cell: h3CellOf(p.lon, p.lat),
      };
    });
  }
}

export const givenReportsAt = (point: LonLat, category: TCategory) => new ReportsScenario(point, category);
export const givenFloodReportsAt = (point: LonLat) => new ReportsScenario(point, 'flood');

export class VehicleScenario {
  private start: LonLat = { lon: 0, lat: 0 };
  private end: LonLat = { lon: 0, lat: 0 };
  private durationMs = 10 * 60_000;
  private stepMs = 30_000;
  private startMs = 0;

  constructor(readonly assetId: string) {}
  from(point: LonLat): this {
    this.start = point;
    this.end = point;
    return this;
  }
  to(point: LonLat): this {
    this.end = point;
    return this;
  }
  over(duration: string): this {
    this.durationMs = parseDuration(duration);
    return this;
  }
  every(step: string): this {
    this.stepMs = parseDuration(step);
    return this;
  }
  startingAfter(offset: string): this {
    this.startMs = parseDuration(offset);
    return this;
  }

  fixes(): AssetFix[] {
    const out: AssetFix[] = [];
    for (let ms = 0; ms <= this.durationMs; ms += this.stepMs) {
      const f = this.durationMs === 0 ? 1 : ms / this.durationMs;
      out.push({
        assetId: this.assetId,
        at: T0 + this.startMs + ms,
        lon: this.start.lon + (this.end.lon - this.start.lon) * f,
        lat: this.start.lat + (this.end.lat - this.start.lat) * f,
        eventId: eventIdFor(`${this.assetId}:${this.startMs + ms}`),
      });
    }
    return out;
  }
}

export const givenVehicle = (assetId: string) => new VehicleScenario(assetId);

/** A square zone of `sizeKm` centred on a point, as MultiPolygon coordinates. */
export function squareAround(point: LonLat, sizeKm: number): number[][][][] {
  const dLat = sizeKm / 2 / 111.32;
  const dLon = dLat / Math.cos((point.lat * Math.PI) / 180);
  const { lon, lat } = point;
  return [
    [
      [
        [lon - dLon, lat - dLat],
        [lon + dLon, lat - dLat],
        [lon + dLon, lat + dLat],
        [lon - dLon, lat + dLat],
        [lon - dLon, lat - dLat],
      ],
    ],
  ];
}
