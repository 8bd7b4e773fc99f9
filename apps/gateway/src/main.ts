/**
 * Runs the gateway on its own: configuration from the environment, PostgreSQL or PGlite, Kafka or the
 * embedded log, one Fastify server with the gateway's routes and sockets. On the first start it
 * creates an admin account and prints its password once. SIGINT/SIGTERM stop it gracefully: sockets
 * closed, consumer left, server drained, log and database closed.
 */
import { openLog } from '@vigie/bus/open-log';
import { createDb } from '@vigie/db/create-db';
import Fastify from 'fastify';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { ensureAdmin } from './auth/ensure-admin';
import { readGatewayConfig } from './env';
import { createLogger } from './logging/create-logger';
import { registerGatewayRoutes } from './register-gateway-routes';

const config = readGatewayConfig();
const logger = createLogger({ level: config.logLevel });

const database = await createDb(
  config.databaseUrl !== undefined
    ? { url: config.databaseUrl, applicationName: 'vigie-gateway' }
    : { dataDir: config.pgliteDir },
);
await database.migrate();
const log = await openLog({
  brokers: config.kafkaBrokers,
  dataDir: config.logDir,
  clientId: config.instanceId,
  logger: logger.child({ component: 'log' }),
});

const admin = await ensureAdmin(database.db, { email: config.adminEmail });
if (admin !== null) {
  // Printed once, to the terminal only (never to the structured log).
  process.stdout.write(
    `\nFirst start: created the admin account\n  e-mail:   ${admin.email}\n  password: ${admin.password}\n` +
      `Write it down now: it is not shown again (change it with: npm run vigie -- user password --email ${admin.email}).\n\n`,
  );
}

const registry = new Registry();
collectDefaultMetrics({ register: registry });
const app = Fastify({ loggerInstance: logger, trustProxy: config.trustProxy, bodyLimit: 1024 * 1024 });
const gateway = await registerGatewayRoutes(app, { db: database, log, logger, metrics: registry, config });
await gateway.attachLiveSockets(app.server);
await app.listen({ host: config.host, port: config.port });
logger.info({ kind: { db: database.kind, log: log.kind }, instanceId: config.instanceId }, 'gateway started');

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'shutting down');
  const force = setTimeout(() => {
    logger.error({}, 'shutdown took too long; exiting');
    process.exit(1);
  }, 15_000);
  force.unref();
  try {
    await gateway.close();
    await app.close();
    await log.close();
    await database.close();
    process.exitCode = 0;
  } catch (error) {
    logger.error({ err: error }, 'shutdown failed');
    process.exitCode = 1;
  }
}
process.once('SIGINT', () => void shutdown('SIGINT'));
process.once('SIGTERM', () => void shutdown('SIGTERM'));
