/**
 * The simulator's sending loop: asks the scenario for `rate` events per second of wall time and sends
 * them through the same door as any source, `POST /api/v1/events` as NDJSON batches with its own API
 * key. On 429 and 503 it waits for `Retry-After` and sends the same batch again (event ids make that
 * idempotent); while it waits, no new events are generated (the schedule skips ahead, bounded).
 * The scenario's external alerts (CAP documents) go to `POST /api/v1/cap` when their simulated time
 * comes, one at a time, in order, resent after a 429/503 or a network error.
 */
import { createMixer } from './scenario';
import type { Scenario, SimAlertDocument, SimEvent } from './scenario';
import { createScenario } from './scenarios';
import { SIMULATOR_SOURCE } from './ensure-simulator-key';

/** The part of a pino logger the simulator uses. */
export interface SimulatorLogger {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
  debug(fields: Record<string, unknown>, message: string): void;
}

export interface StartSimulatorOptions {
  /** Where ingest listens, e.g. `http://127.0.0.1:4100`. */
  baseUrl: string;
  /** Bearer token of a key with the events:position, events:reading and events:report scopes. */
  apiKey: string;
  /** Scenario name (`haiti-south`). */
  scenario: string;
  /** Events per second. */
  rate: number;
  seed: number;
  logger: SimulatorLogger;
  /** Simulated time at start, ms since the epoch (default: now). */
  startTime?: number;
  /** Simulated seconds per real second (default 1). */
  timeScale?: number;
  /** The API key's source (default `simulator`). */
  source?: string;
  /** Events per request (default 500). */
  batchSize?: number;
  /** Requests in flight at most (default 4). */
  maxInFlight?: number;
  /** Scheduling period, ms (default 100). */
  tickMs?: number;
}

export interface SimulatorStats {
  /** Events generated. */
  generated: number;
  /** Events ingest acknowledged (202, or the accepted part of a 400). */
  accepted: number;
  /** Events ingest refused (400), which it dead-lettered. */
  rejected: number;
  /** Batches sent again after 429/503 or a network error. */
  retried: number;
  /** Events given up (retry queue full). */
  dropped: number;
  requests: number;
  /** External alert documents ingest accepted. */
  alertDocuments: number;
}

export interface RunningSimulator {
  readonly scenario: Scenario;
  stats(): SimulatorStats;
  /** Stops generating, waits for the requests in flight (at most a few seconds). */
  stop(): Promise<void>;
}

interface Batch {
  events: number;
  body: string;
  attempts: number;
}

const MAX_RETRY_QUEUE = 20;

export function startSimulator(options: StartSimulatorOptions): RunningSimulator {
  const wallStart = Date.now();
  const simStart = options.startTime ?? wallStart;
  const timeScale = options.timeScale ?? 1;
  const batchSize = options.batchSize ?? 500;
  const maxInFlight = options.maxInFlight ?? 4;
  const tickMs = options.tickMs ?? 100;
  const logger = options.logger;
  const scenario = createScenario(options.scenario, {
    seed: options.seed,
    startTime: simStart,
    source: options.source ?? SIMULATOR_SOURCE,
  });
  const mix = createMixer(scenario.mix);
  const url = `${options.baseUrl.replace(/\/+$/, '')}/api/v1/events`;
  const capUrl = `${options.baseUrl.replace(/\/+$/, '')}/api/v1/cap`;
  const stats: SimulatorStats = {
    generated: 0,
    accepted: 0,
    rejected: 0,
    retried: 0,
    dropped: 0,
    requests: 0,
    alertDocuments: 0,
  };
  const alertQueue: SimAlertDocument[] = [];
  let alertsUpTo = simStart;
  let alertSending = false;
  const retryQueue: Batch[] = [];
  const inFlight = new Set<Promise<void>>();
  const abort = new AbortController();
  let owed = 0;
  let lastTick = wallStart;
  let pausedUntil = 0;
  let networkBackoffMs = 500;
  let stopped = false;
  let lastRejectLog = 0;

  logger.info(
    {
      scenario: scenario.name,
      assets: scenario.assets.length,
      sensors: scenario.sensors.length,
      rate: options.rate,
      seed: options.seed,
      timeScale,
      startTime: new Date(simStart).toISOString(),
    },
    'simulator started',
  );

  function pause(ms: number): void {
    pausedUntil = Math.max(pausedUntil, Date.now() + ms);
  }

  function requeue(batch: Batch): void {
    stats.retried++;
    if (retryQueue.length >= MAX_RETRY_QUEUE) {
      const dropped = retryQueue.shift();
      if (dropped !== undefined) stats.dropped += dropped.events;
    }
    retryQueue.push({ ...batch, attempts: batch.attempts + 1 });
  }

  async function send(batch: Batch): Promise<void> {
    stats.requests++;
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-ndjson', authorization: `Bearer ${options.apiKey}` },
        body: batch.body,
        signal: abort.signal,
      });
    } catch (error) {
      if (stopped) return;
      logger.warn(
        { err: error instanceof Error ? error.message : String(error), backoffMs: networkBackoffMs },
        'simulator cannot reach ingest',
      );
      pause(networkBackoffMs);
      networkBackoffMs = Math.min(10_000, networkBackoffMs * 2);
      requeue(batch);
      return;
    }
    networkBackoffMs = 500;
    const text = await response.text().catch(() => '');
    if (response.status === 202) {
      stats.accepted += batch.events;
      return;
    }
    if (response.status === 429 || response.status === 503) {
      const retryAfterS = Number(response.headers.get('retry-after'));
      const waitMs = (Number.isFinite(retryAfterS) && retryAfterS > 0 ? retryAfterS : 1) * 1000;
      logger.warn({ status: response.status, waitMs }, 'simulator backing off');
      pause(waitMs);
      requeue(batch);
      return;
    }
    if (response.status === 400) {
      let body: { accepted?: number; rejected?: number; errors?: unknown[] } = {};
      try {
        body = JSON.parse(text) as typeof body;
      } catch {
        body = {};
      }
      stats.accepted += body.accepted ?? 0;
      stats.rejected += body.rejected ?? batch.events;
      if (Date.now() - lastRejectLog > 10_000) {
        lastRejectLog = Date.now();
        logger.warn(
          { rejected: body.rejected, firstErrors: body.errors?.slice(0, 3) },
          'ingest refused simulated events',
        );
      }
      return;
    }
    logger.error(
      { status: response.status, body: text.slice(0, 300) },
      'simulator request failed; pausing 5 s',
    );
    pause(5_000);
    if (response.status >= 500) requeue(batch);
    else stats.dropped += batch.events;
  }

  function dispatch(batch: Batch): void {
    const request = send(batch).catch((error: unknown) => {
      logger.error({ err: error instanceof Error ? error.message : String(error) }, 'simulator send failed');
    });
    inFlight.add(request);
    void request.finally(() => inFlight.delete(request));
  }

  /** Sends the due alert documents one by one; a refused one is logged and dropped, a 429/503 waits. */
  async function sendAlerts(): Promise<void> {
    alertSending = true;
    try {
      while (alertQueue.length > 0 && !stopped && Date.now() >= pausedUntil) {
        const document = alertQueue[0]!;
        let response: Response;
        try {
          response = await fetch(capUrl, {
            method: 'POST',
            headers: { 'content-type': document.contentType, authorization: `Bearer ${options.apiKey}` },
            body: document.body,
            signal: abort.signal,
          });
        } catch (error) {
          if (stopped) return;
          logger.warn(
            { err: error instanceof Error ? error.message : String(error) },
            'simulator cannot send an alert',
          );
          pause(networkBackoffMs);
          return;
        }
        const text = await response.text().catch(() => '');
        if (response.status === 429 || response.status === 503) {
          const retryAfterS = Number(response.headers.get('retry-after'));
          pause((Number.isFinite(retryAfterS) && retryAfterS > 0 ? retryAfterS : 1) * 1000);
          return;
        }
        alertQueue.shift();
        if (response.status === 202) {
          stats.alertDocuments++;
          logger.info({ at: new Date(document.at).toISOString() }, 'simulated external alert sent');
        } else {
          logger.error(
            { status: response.status, body: text.slice(0, 300) },
            'ingest refused a simulated alert',
          );
        }
      }
    } finally {
      alertSending = false;
    }
  }

  function toBatches(events: readonly SimEvent[]): Batch[] {
    const batches: Batch[] = [];
    for (let i = 0; i < events.length; i += batchSize) {
      const slice = events.slice(i, i + batchSize);
      batches.push({
        events: slice.length,
        body: slice.map((e) => JSON.stringify(e)).join('\n'),
        attempts: 0,
      });
    }
    return batches;
  }

  function tick(): void {
    const now = Date.now();
    const elapsedS = (now - lastTick) / 1000;
    lastTick = now;
    if (now < pausedUntil) return;
    const simTime = simStart + (now - wallStart) * timeScale;
    if (scenario.alerts !== undefined && simTime > alertsUpTo) {
      alertQueue.push(...scenario.alerts(alertsUpTo, simTime));
      alertsUpTo = simTime;
    }
    if (alertQueue.length > 0 && !alertSending) {
      const sending = sendAlerts().catch((error: unknown) => {
        logger.error(
          { err: error instanceof Error ? error.message : String(error) },
          'simulator alert send failed',
        );
      });
      inFlight.add(sending);
      void sending.finally(() => inFlight.delete(sending));
    }
    // Resend what failed first, one batch per free slot.
    while (retryQueue.length > 0 && inFlight.size < maxInFlight) dispatch(retryQueue.shift()!);
    owed = Math.min(owed + options.rate * elapsedS, Math.max(options.rate * 2, batchSize));
    const room = (maxInFlight - inFlight.size) * batchSize;
    const count = Math.min(Math.floor(owed), room);
    if (count <= 0) return;
    owed -= count;
    const events = scenario.generate(simTime, mix(count));
    stats.generated += events.length;
    for (const batch of toBatches(events)) dispatch(batch);
  }

  const timer = setInterval(tick, tickMs);
  const report = setInterval(() => logger.info({ ...stats }, 'simulator progress'), 60_000);
  report.unref();

  return {
    scenario,
    stats: () => ({ ...stats }),
    async stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      clearInterval(report);
      const grace = setTimeout(() => abort.abort(), 5_000);
      await Promise.allSettled([...inFlight]);
      clearTimeout(grace);
      logger.info({ ...stats }, 'simulator stopped');
    },
  };
}
