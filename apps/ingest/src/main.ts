/**
 * Ingest on its own (`npm start -w @vigie/ingest`): its own Fastify on PORT with the ingest routes,
 * `/healthz`, `/readyz` and `/metrics`, and the simulator unless `--no-sim`. The one-process
 * `npm start` hosts the same routes through `registerIngestRoutes` instead.
 */
import { isLogUnavailable } from '@vigie/bus/log';
import type { Log } from '@vigie/bus/log';
import { openLog } from '@vigie/bus/open-log';
import { createDb } from '@vigie/db/create-db';
import Fastify, { LogController } from 'fastify';
import { Registry, collectDefaultMetrics } from 'prom-client';
import { loadEnv } from './env';
import { redactingRequestSerializer } from './redact-url';
import { startFeedScheduler } from './feeds/start-feed-scheduler';
import { registerIngestRoutes } from './register-ingest-routes';
import { ensureSimulatorApiKey } from './simulator/ensure-simulator-key';
import { parseSimulatorFlags } from './simulator/parse-simulator-flags';
import { startSimulator } from './simulator/start-simulator';
import { startIngestSources } from './start-ingest-sources';
import type { RunningSimulator } from './simulator/start-simulator';

const env = loadEnv();
const flags = parseSimulatorFlags(process.argv.slice(2), env.simulator);

// Request logs only at debug level: at ingest rates they would drown everything else. URLs are
// redacted (tracker apps put their key in them) and headers are never logged.
const app = Fastify({
  logger: {
    level: env.logLevel,
    name: 'ingest',
    redact: { paths: ['req.headers.authorization', 'token', 'apiKey'], censor: '[redacted]' },
    serializers: { req: redactingRequestSerializer },
  },
  logController: new LogController({
    disableRequestLogging: env.logLevel !== 'debug' && env.logLevel !== 'trace',
  }),
});
const logger = app.log;

const db = await createDb(
  env.databaseUrl === undefined
    ? { dataDir: env.pgliteDir }
    : { url: env.databaseUrl, applicationName: 'vigie-ingest' },
);
await db.migrate();
const log = await openLogPatiently();

/** Kafka may come up after us (compose, restarts): keep trying rather than exit. */
async function openLogPatiently(): Promise<Log> {
  for (let attempt = 1, delayMs = 1_000; ; attempt++, delayMs = Math.min(delayMs * 2, 15_000)) {
    try {
      return await openLog({
        brokers: env.kafkaBrokers,
        dataDir: env.logDir,
        clientId: 'vigie-ingest',
        logger,
      });
    } catch (error) {
      if (!isLogUnavailable(error)) throw error;
      logger.warn({ attempt, retryInMs: delayMs, brokers: env.kafkaBrokers }, 'the log is not reachable yet');
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }
}

const metrics = new Registry();
collectDefaultMetrics({ register: metrics, prefix: 'vigie_ingest_process_' });

await registerIngestRoutes(app, { db, log, logger, metrics, config: env.ingest });
app.get('/healthz', async () => ({ status: 'ok' }));
app.get('/readyz', async (_request, reply) => {
  try {
    await log.topicOffsets(`${env.ingest.topicPrefix}raw.positions`);
    return { status: 'ready', log: log.kind, db: db.kind };
  } catch (error) {
    return reply
      .code(503)
      .header('retry-after', '5')
      .send({ status: 'not ready', reason: error instanceof Error ? error.message : String(error) });
  }
});
app.get('/metrics', async (_request, reply) =>
  reply.header('content-type', metrics.contentType).send(await metrics.metrics()),
);

const sources = await startIngestSources({ log, logger, ingest: env.ingest });
const address = await app.listen({ host: env.host, port: env.port });
logger.info({ address, log: log.kind, db: db.kind }, 'ingest listening');
const feeds = startFeedScheduler({ db, log, logger, ingest: env.ingest });

let simulator: RunningSimulator | undefined;
if (flags.enabled) {
  const apiKey = await ensureSimulatorApiKey(db.db);
  const { port } = app.server.address() as { port: number };
  simulator = startSimulator({
    baseUrl: `http://127.0.0.1:${port}`,
    apiKey,
    scenario: flags.scenario,
    rate: flags.rate,
    seed: flags.seed,
    timeScale: flags.timeScale,
    ...(flags.startTime === undefined ? {} : { startTime: flags.startTime }),
    logger,
  });
}

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'ingest stopping');
  try {
    await simulator?.stop();
    await sources.stop();
    await feeds.stop();
    await app.close(); // stops accepting; requests in flight finish (their produce included)
    await log.close();
    await db.close();
    process.exit(0);
  } catch (error) {
    logger.error({ err: error }, 'ingest did not stop cleanly');
    process.exit(1);
  }
}
process.once('SIGINT', () => void shutdown('SIGINT'));
process.once('SIGTERM', () => void shutdown('SIGTERM'));
