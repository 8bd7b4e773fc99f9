/**
 * Ingest on its own (`npm start -w @vigie/ingest`): its own Fastify on PORT with the ingest routes,
 * `/healthz`, `/readyz` and `/metrics`, and the simulator unless `--no-sim`. The one-process
 * `npm start` hosts the same routes through `registerIngestRoutes` instead.
 */
import { openLog } from '@vigie/bus/open-log';
import { createDb } from '@vigie/db/create-db';
import Fastify from 'fastify';
import { pino } from 'pino';
import { Registry, collectDefaultMetrics } from 'prom-client';
import { loadEnv } from './env';
import { redactingRequestSerializer } from './redact-url';
import { registerIngestRoutes } from './register-ingest-routes';
import { ensureSimulatorApiKey } from './simulator/ensure-simulator-key';
import { parseSimulatorFlags } from './simulator/parse-simulator-flags';
import { startSimulator } from './simulator/start-simulator';
import type { RunningSimulator } from './simulator/start-simulator';

const env = loadEnv();
const flags = parseSimulatorFlags(process.argv.slice(2), env.simulator);
const logger = pino({
  level: env.logLevel,
  name: 'ingest',
  redact: {
    paths: ['req.headers.authorization', 'headers.authorization', 'token', 'apiKey'],
    censor: '[redacted]',
  },
  serializers: { req: redactingRequestSerializer },
});

const db = await createDb(
  env.databaseUrl === undefined
    ? { dataDir: env.pgliteDir }
    : { url: env.databaseUrl, applicationName: 'vigie-ingest' },
);
await db.migrate();
const log = await openLog({
  brokers: env.kafkaBrokers,
  dataDir: env.logDir,
  clientId: 'vigie-ingest',
  logger,
});

const metrics = new Registry();
collectDefaultMetrics({ register: metrics, prefix: 'vigie_ingest_process_' });

const app = Fastify({ logger, disableRequestLogging: env.logLevel !== 'debug' && env.logLevel !== 'trace' });
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
      .send({ status: 'not ready', reason: String(error) });
  }
});
app.get('/metrics', async (_request, reply) =>
  reply.header('content-type', metrics.contentType).send(await metrics.metrics()),
);

const address = await app.listen({ host: env.host, port: env.port });
logger.info({ address, log: log.kind, db: db.kind }, 'ingest listening');

let simulator: RunningSimulator | undefined;
if (flags.enabled) {
  const apiKey = await ensureSimulatorApiKey(db.db);
  const port = (app.server.address() as { port: number }).port;
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
    await app.close(); // stops accepting, lets requests in flight finish (their produce included)
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
