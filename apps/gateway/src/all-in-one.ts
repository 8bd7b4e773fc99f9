/**
 * `npm start`: the whole of Vigie in one process on one port — ingest routes, the stream processor,
 * the gateway (HTTP, tRPC, sockets) and the built Next.js web app — on the embedded log and PGlite by
 * default, or on Kafka and PostgreSQL when KAFKA_BROKERS and DATABASE_URL are set. The scenario
 * simulator runs unless `--no-sim`. Prints the URL and how to log in.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openLog } from '@vigie/bus/open-log';
import { createDb } from '@vigie/db/create-db';
import { loadEnv as loadIngestEnv } from '@vigie/ingest/env';
import { registerIngestRoutes } from '@vigie/ingest/register-ingest-routes';
import { ensureSimulatorApiKey } from '@vigie/ingest/ensure-simulator-key';
import { parseSimulatorFlags } from '@vigie/ingest/parse-simulator-flags';
import { startSimulator } from '@vigie/ingest/start-simulator';
import type { RunningSimulator } from '@vigie/ingest/start-simulator';
import { startProcessor } from '@vigie/processor/start-processor';
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import next from 'next';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { ensureAdmin } from './auth/ensure-admin';
import { readGatewayConfig } from './env';
import { createLogger } from './logging/create-logger';
import { registerGatewayRoutes } from './register-gateway-routes';

const argv = process.argv.slice(2);
const config = readGatewayConfig();
const ingestEnv = loadIngestEnv();
const simulatorFlags = parseSimulatorFlags(argv, ingestEnv.simulator);
// `--no-ingest`, `--no-processor`, `--no-web`: leave a part to separate processes (docker-compose.yml runs
// the gateway with the web app here, and ingest and the processor in their own containers).
const withWeb = !argv.includes('--no-web');
const withIngest = !argv.includes('--no-ingest');
const withProcessor = !argv.includes('--no-processor');
const logger = createLogger({ level: config.logLevel, name: 'vigie' });

const database = await createDb(
  config.databaseUrl !== undefined
    ? { url: config.databaseUrl, applicationName: 'vigie' }
    : { dataDir: config.pgliteDir },
);
await database.migrate();
const log = await openLog({
  brokers: config.kafkaBrokers,
  dataDir: config.logDir,
  clientId: config.instanceId,
  logger: logger.child({ component: 'log' }),
});

const registry = new Registry();
collectDefaultMetrics({ register: registry, prefix: 'vigie_' });

const app = Fastify({ loggerInstance: logger, trustProxy: config.trustProxy, disableRequestLogging: true });
// The ingest plugin is typed for Fastify's default logger type; the instance is the same at run time.
if (withIngest)
  await registerIngestRoutes(app as unknown as FastifyInstance, {
    db: database,
    log,
    logger,
    metrics: registry,
    config: ingestEnv.ingest,
  });
const processor = withProcessor
  ? await startProcessor({ db: database, log, logger, metrics: registry })
  : undefined;
const gateway = await registerGatewayRoutes(app, { db: database, log, logger, metrics: registry, config });
await gateway.attachLiveSockets(app.server);

let closeWeb: (() => Promise<void>) | undefined;
if (withWeb) {
  const webDir = fileURLToPath(new URL('../../web', import.meta.url));
  const web = next({ dev: false, dir: webDir, quiet: true });
  await web.prepare();
  const handle = web.getRequestHandler();
  app.route({
    method: ['GET', 'HEAD'],
    url: '/*',
    handler: async (request, reply) => {
      reply.hijack();
      await handle(request.raw, reply.raw);
    },
  });
  closeWeb = () => web.close();
}

await app.listen({ host: config.host, port: config.port });
const url = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${config.port}`;

const admin = await ensureAdmin(database.db, { email: config.adminEmail });
let simulator: RunningSimulator | undefined;
if (simulatorFlags.enabled && withIngest) {
  simulator = startSimulator({
    baseUrl: url,
    apiKey: await ensureSimulatorApiKey(database.db),
    scenario: simulatorFlags.scenario,
    rate: simulatorFlags.rate,
    seed: simulatorFlags.seed,
    timeScale: simulatorFlags.timeScale,
    ...(simulatorFlags.startTime === undefined ? {} : { startTime: simulatorFlags.startTime }),
    logger: logger.child({ component: 'simulator' }),
  });
}

// Printed to the terminal only, never to the structured log.
const lines = [
  '',
  `Vigie is running at ${url}  (log: ${log.kind}, database: ${database.kind}${simulator ? `, simulator: ${simulatorFlags.scenario} at ${simulatorFlags.rate} events/s` : ''})`,
  admin
    ? `First start: log in as ${admin.email} with the password ${admin.password}\nWrite it down now: it is not shown again (reset it with: npm run vigie -- user password --email ${admin.email}).`
    : `Log in as ${config.adminEmail} with the password printed at the first start (reset it with: npm run vigie -- user password --email ${config.adminEmail}).`,
  '',
];
process.stdout.write(`${lines.join('\n')}\n`);

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'shutting down');
  const force = setTimeout(() => process.exit(1), 20_000);
  force.unref();
  try {
    await simulator?.stop();
    await gateway.close();
    await app.close();
    await processor?.close();
    await closeWeb?.();
    await log.close();
    await database.close();
    process.exit(0);
  } catch (error) {
    logger.error({ err: error }, 'shutdown failed');
    process.exit(1);
  }
}
process.once('SIGINT', () => void shutdown('SIGINT'));
process.once('SIGTERM', () => void shutdown('SIGTERM'));
export {};
