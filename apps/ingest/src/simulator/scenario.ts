/**
 * What a simulator scenario is: a world (assets, sensors, people posting) whose state at any simulated
 * instant is generated on demand, deterministically for a seed. The sending loop (start-simulator.ts)
 * only decides how many events of each kind to ask for and ships them.
 */
import type { TAssetKind } from '@vigie/contracts/assets';
import type { TMetric } from '@vigie/contracts/readings';

/** An event as a source sends it to `POST /api/v1/events` (an inbound envelope). */
export interface SimEvent {
  id: string;
  type: 'position' | 'reading' | 'report';
  v: 1;
  source: string;
  occurredAt: string;
  geo?: { lon: number; lat: number };
  payload: Record<string, unknown>;
}

/** A document pushed to another door of ingest (a CAP alert to `POST /api/v1/cap`). */
export interface SimAlertDocument {
  /** Simulated time it is sent, ms since the epoch. */
  at: number;
  contentType: 'application/cap+xml';
  body: string;
}

export interface EventCounts {
  positions: number;
  readings: number;
  reports: number;
}

export interface SimAssetInfo {
  id: string;
  kind: TAssetKind;
  /** truck, 4x4, boat, drone, medical, search_rescue… */
  type: string;
  name: string;
  home: string;
}

export interface SimSensorInfo {
  id: string;
  metrics: readonly TMetric[];
  position: { lon: number; lat: number };
  name: string;
}

export interface ScenarioOptions {
  seed: number;
  /** Simulated time of the scenario start, ms since the epoch. */
  startTime: number;
  /** Envelope `source` of the events (the API key's source). */
  source: string;
}

export interface Scenario {
  readonly name: string;
  readonly description: string;
  readonly assets: readonly SimAssetInfo[];
  readonly sensors: readonly SimSensorInfo[];
  /** Share of each kind in the stream (sums to 1). */
  readonly mix: EventCounts;
  /**
   * The next events of each kind at simulated time `time` (ms since the epoch): positions of the next
   * assets in turn, readings of the next sensor metrics in turn, new posts. Deterministic for a seed
   * and a sequence of calls.
   */
  generate(time: number, counts: EventCounts): SimEvent[];
  /** External alert documents the scenario publishes in (from, to], simulated ms since the epoch. */
  alerts?(from: number, to: number): SimAlertDocument[];
}

/** Splits `total` events by the scenario mix, carrying fractions over between calls. */
export function createMixer(mix: EventCounts): (total: number) => EventCounts {
  const carry = { positions: 0, readings: 0, reports: 0 };
  return (total) => {
    const out = { positions: 0, readings: 0, reports: 0 };
    for (const kind of ['positions', 'readings', 'reports'] as const) {
      const exact = total * mix[kind] + carry[kind];
      out[kind] = Math.floor(exact);
      carry[kind] = exact - out[kind];
    }
    return out;
  };
}
