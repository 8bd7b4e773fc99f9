/**
 * What a coordinator sees in the first minutes of the product: runs the whole of Vigie in this process
 * (ingest, processor, gateway; the web app left out) on a throwaway embedded data directory (embedded
 * log + PGlite) with the scenario simulator for N minutes, then reads every alert and incident state
 * from live.alerts and live.incidents and classifies each as genuine — it is about an event the
 * scenario injected (within the event's radius of one of its places, raised after it began, and of
 * the event's category when it has one) — or false. Prints a table by alert kind and for incidents, the delay from each injected event to its
 * first alert, and writes bench-results/scenario-alerts-<time>.json.
 *
 *   npm run bench:scenario [-- --minutes=10 --sim-speed=1 --sim-rate=300 --sim-seed=2021]
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ZLiveAlertEventV1 } from '@vigie/contracts/live-alerts';
import type { TLiveAlertV1 } from '@vigie/contracts/live-alerts';
import { ZLiveIncidentEventV1 } from '@vigie/contracts/live-incidents';
import type { TLiveIncidentV1 } from '@vigie/contracts/live-incidents';
import { centreOf } from '@vigie/domain/detection/corroboration-detector';
import { haversineMeters } from '@vigie/domain/geo';
import { readGatewayConfig } from '@vigie/gateway/env';
import { createLogger } from '@vigie/gateway/logging/create-logger';
import { startVigie } from '@vigie/gateway/start-vigie';
import { loadEnv as loadIngestEnv } from '@vigie/ingest/env';
import { parseSimulatorFlags } from '@vigie/ingest/parse-simulator-flags';
import { haitiSouthInjectedEvents } from '@vigie/ingest/simulator/haiti-south-scenario';
import type { InjectedEvent } from '@vigie/ingest/simulator/haiti-south-scenario';

function arg(name: string, fallback: string): string {
  const found = process.argv.find((a) => a.startsWith(`--${name}=`));
  return found ? found.slice(name.length + 3) : fallback;
}

const minutes = Number(arg('minutes', '10'));
if (!Number.isFinite(minutes) || minutes <= 0) throw new RangeError('--minutes expects a positive number');
/** Signals raised this long before an event's start still count for it (clock skew of the sender). */
const EARLY_MS = 60_000;

const dir = mkdtempSync(join(tmpdir(), 'vigie-scenario-'));
const ingestEnv = loadIngestEnv({ LOG_LEVEL: 'error' });
const simulator = {
  ...parseSimulatorFlags(
    process.argv.slice(2).filter((a) => a.startsWith('--sim')),
    ingestEnv.simulator,
  ),
  enabled: true,
  scenario: 'haiti-south',
  startTime: Date.now(),
};
const simStart = simulator.startTime;
const gateway = readGatewayConfig({ LOG_LEVEL: 'error', VIGIE_DATA_DIR: dir });
console.log(
  `running Vigie with the ${simulator.scenario} scenario for ${minutes} min ` +
    `(speed ${simulator.timeScale}, ${simulator.rate} events/s, seed ${simulator.seed}) in ${dir}`,
);
const vigie = await startVigie({
  gateway: { ...gateway, host: '127.0.0.1', port: 0 },
  ingest: { ...ingestEnv.ingest, rateLimitPerSecond: 1_000_000, rateLimitBurst: 1_000_000 },
  parts: { web: false, ingest: true, processor: true },
  simulator,
  logger: createLogger({ level: 'error' }),
});
const processor = vigie.processor!;
const wallStart = Date.now();
const runMs = minutes * 60_000;
while (Date.now() - wallStart < runMs) {
  await new Promise((resolve) => setTimeout(resolve, Math.min(30_000, runMs - (Date.now() - wallStart))));
  const elapsed = (Date.now() - wallStart) / 60_000;
  console.log(`  ${elapsed.toFixed(1)} min: ${JSON.stringify(vigie.simulator?.stats())}`);
}
await vigie.simulator?.stop();
const simEnd = simStart + (Date.now() - wallStart) * simulator.timeScale;

/** Every record of `topics` up to their current ends, in order per partition. */
async function readAll(topics: readonly string[]): Promise<Map<string, unknown[]>> {
  const out = new Map<string, unknown[]>(topics.map((t) => [t, []]));
  const ends = new Map<string, bigint>();
  for (const topic of topics)
    for (const o of await vigie.log.topicOffsets(topic)) ends.set(`${topic}/${o.partition}`, BigInt(o.end));
  const reached = new Map<string, bigint>();
  const consumer = await vigie.log.consumer({
    groupId: `bench-scenario-${Date.now()}`,
    topics,
    startFrom: 'earliest',
    onBatch: async (batch) => {
      for (const m of batch.messages) out.get(batch.topic)!.push(JSON.parse(m.value.toString()));
      reached.set(`${batch.topic}/${batch.partition}`, BigInt(batch.nextOffset));
    },
  });
  const done = () => [...ends].every(([key, end]) => end === 0n || (reached.get(key) ?? 0n) >= end);
  const deadline = Date.now() + 120_000;
  while (!done() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
  await consumer.close();
  return out;
}

// Let the processor finish what the simulator sent, then read the outcome.
const drainDeadline = Date.now() + 60_000;
let lastLag = Number.POSITIVE_INFINITY;
while (Date.now() < drainDeadline) {
  const lag = await processor.lag();
  if (lag === 0 || lag === lastLag) break;
  lastLag = lag;
  await new Promise((resolve) => setTimeout(resolve, 1_000));
}
const topics = { alerts: processor.topics['live.alerts'], incidents: processor.topics['live.incidents'] };
// Detection and incidents run in groups of their own: wait until their outputs stop growing.
const ends = async () => {
  let sum = 0n;
  for (const topic of Object.values(topics))
    for (const o of await vigie.log.topicOffsets(topic)) sum += BigInt(o.end);
  return sum;
};
let previous = -1n;
let still = 0;
while (still < 3 && Date.now() < drainDeadline + 30_000) {
  const now = await ends();
  still = now === previous ? still + 1 : 0;
  previous = now;
  await new Promise((resolve) => setTimeout(resolve, 1_000));
}
const records = await readAll([topics.alerts, topics.incidents]);
const alerts = new Map<string, TLiveAlertV1>();
/** When each alert was first published, in simulated time (from the processor's clock). */
const detectedAt = new Map<string, number>();
for (const value of records.get(topics.alerts)!) {
  const event = ZLiveAlertEventV1.parse(value);
  alerts.set(event.payload.alertId, event.payload);
  if (!detectedAt.has(event.payload.alertId))
    detectedAt.set(
      event.payload.alertId,
      simStart + (Date.parse(event.receivedAt) - wallStart) * simulator.timeScale,
    );
}
const incidents = new Map<string, TLiveIncidentV1>();
for (const value of records.get(topics.incidents)!) {
  const incident = ZLiveIncidentEventV1.parse(value).payload;
  incidents.set(incident.incidentId, incident);
}
await vigie.close();
rmSync(dir, { recursive: true, force: true });

/** The injected event a signal at `place`, raised at `at`, is about, if any. */
function matchEvent(
  place: { lon: number; lat: number },
  at: number,
  category: string | undefined,
): InjectedEvent | undefined {
  return haitiSouthInjectedEvents.find(
    (event) =>
      (category === undefined || category === event.category) &&
      at >= simStart + event.from - EARLY_MS &&
      event.near.some(([lon, lat]) => haversineMeters(place, { lon, lat }) <= event.radiusKm * 1000),
  );
}

interface Row {
  total: number;
  genuine: number;
  false: number;
}
const byKind = new Map<string, Row>();
const firstAlert = new Map<string, { kind: string; afterS: number }>();
const falseAlerts: { kind: string; title: string; place: { lon: number; lat: number }; atMin: number }[] = [];
for (const alert of alerts.values()) {
  const place = centreOf(alert.place);
  const at = Date.parse(alert.raisedAt);
  const event = matchEvent(place, at, alert.category);
  const row = byKind.get(alert.kind) ?? { total: 0, genuine: 0, false: 0 };
  row.total++;
  if (event === undefined) {
    row.false++;
    falseAlerts.push({
      kind: alert.kind,
      title: alert.title,
      place,
      atMin: Math.round(((at - simStart) / 60_000) * 10) / 10,
    });
  } else {
    row.genuine++;
    const afterS = Math.round(((detectedAt.get(alert.alertId) ?? at) - simStart - event.from) / 1000);
    const first = firstAlert.get(`${event.id}/${alert.kind}`);
    if (first === undefined || afterS < first.afterS)
      firstAlert.set(`${event.id}/${alert.kind}`, { kind: alert.kind, afterS });
  }
  byKind.set(alert.kind, row);
}
const incidentRow: Row = { total: 0, genuine: 0, false: 0 };
const incidentList = [...incidents.values()].map((incident) => {
  const event = matchEvent(incident.position, Date.parse(incident.openedAt), incident.category);
  incidentRow.total++;
  if (event === undefined) incidentRow.false++;
  else incidentRow.genuine++;
  return {
    title: incident.title,
    severity: incident.severity,
    status: incident.status,
    alerts: incident.alertIds.length,
    category: incident.category ?? null,
    event: event?.id ?? null,
  };
});

const totals = [...byKind.values()].reduce(
  (sum, r) => ({ total: sum.total + r.total, genuine: sum.genuine + r.genuine, false: sum.false + r.false }),
  { total: 0, genuine: 0, false: 0 },
);
const pad = (text: string | number, width: number) => String(text).padStart(width);
console.log(
  `\nsimulated ${((simEnd - simStart) / 60_000).toFixed(1)} min; simulator: ${JSON.stringify(vigie.simulator?.stats())}`,
);
console.log(`\n${'alerts by kind'.padEnd(20)}${pad('total', 7)}${pad('genuine', 9)}${pad('false', 7)}`);
for (const [kind, row] of [...byKind].sort((a, b) => a[0].localeCompare(b[0])))
  console.log(`${kind.padEnd(20)}${pad(row.total, 7)}${pad(row.genuine, 9)}${pad(row.false, 7)}`);
console.log(
  `${'all alerts'.padEnd(20)}${pad(totals.total, 7)}${pad(totals.genuine, 9)}${pad(totals.false, 7)}`,
);
console.log(
  `${'incidents'.padEnd(20)}${pad(incidentRow.total, 7)}${pad(incidentRow.genuine, 9)}${pad(incidentRow.false, 7)}`,
);
console.log('\nfirst alert published after each injected event began (simulated seconds):');
for (const [key, first] of [...firstAlert].sort((a, b) => a[1].afterS - b[1].afterS))
  console.log(`  ${key.padEnd(40)} ${pad(first.afterS, 6)} s`);
if (falseAlerts.length > 0) {
  console.log('\nfalse alerts:');
  for (const f of falseAlerts.slice(0, 30))
    console.log(`  ${f.atMin} min ${f.kind} ${f.place.lon.toFixed(3)},${f.place.lat.toFixed(3)} ${f.title}`);
}

const report = {
  at: new Date().toISOString(),
  machine: { cpus: cpus().length },
  run: {
    minutes,
    simulatedMinutes: (simEnd - simStart) / 60_000,
    speed: simulator.timeScale,
    rate: simulator.rate,
    seed: simulator.seed,
    scenario: simulator.scenario,
  },
  simulator: vigie.simulator?.stats(),
  alerts: { byKind: Object.fromEntries(byKind), ...totals },
  incidents: { ...incidentRow, list: incidentList },
  firstAlertAfterEventS: Object.fromEntries(firstAlert),
  falseAlerts,
};
const out = new URL('../../bench-results/', import.meta.url);
mkdirSync(out, { recursive: true });
const file = new URL(`scenario-alerts-${report.at.replace(/[:.]/g, '-')}.json`, out);
writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
console.log(`\nreport: ${file.pathname}`);
process.exit(0);
