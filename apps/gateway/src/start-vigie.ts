/**
 * Starts the whole of Vigie in this process on one port: ingest routes, the stream processor, the
 * gateway (HTTP, tRPC, sockets) and, optionally, the built Next.js web app, plus the scenario
 * simulator. `npm start` (all-in-one.ts) and the end-to-end tests both use it; the database and log
 * are created from the configuration unless given.
 */
import { fileURLToPath } from 'node:url';
import type { Log } from '@vigie/bus/log';
import { openLog } from '@vigie/bus/open-log';
import { createDb } from '@vigie/db/create-db';
import type { Database } from '@vigie/db/database';
import { HAITI_SOUTH_LOGISTICS } from '@vigie/db/haiti-south-logistics';
import { seedLogistics } from '@vigie/db/seed-logistics';
import type { IngestConfig } from '@vigie/ingest/ingest-config';
import { registerIngestRoutes } from '@vigie/ingest/register-ingest-routes';
import { ensureSimulatorApiKey } from '@vigie/ingest/ensure-simulator-key';
import type { SimulatorFlags } from '@vigie/ingest/parse-simulator-flags';
import { startSimulator } from '@vigie/ingest/start-simulator';
import { startFeedScheduler } from '@vigie/ingest/feeds/start-feed-scheduler';
import { startIngestSources } from '@vigie/ingest/start-ingest-sources';
import { createObjectStore } from '@vigie/storage/create-object-store';
import type { RunningSimulator } from '@vigie/ingest/start-simulator';
import type { ProcessorConfigInput } from '@vigie/processor/processor-config';
import { startProcessor } from '@vigie/processor/start-processor';
import type { Processor } from '@vigie/processor/start-processor';
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import next from 'next';
import type { Logger } from 'pino';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { ensureAdmin } from './auth/ensure-admin';
import type { CreatedAdmin } from './auth/ensure-admin';
import type { GatewayConfig } from './env';
import { registerGatewayRoutes } from './register-gateway-routes';
import type { Gateway } from './register-gateway-routes';

export interface VigieParts {
  web: boolean;
  ingest: boolean;
  processor: boolean;
}

export interface StartVigieOptions {
  gateway: GatewayConfig;
  ingest: IngestConfig;
  processor?: ProcessorConfigInput;
  parts: VigieParts;
  simulator?: SimulatorFlags;
  logger: Logger;
  /** Use these instead of creating them from the configuration (they are then not closed by `close`). */
  database?: Database;
  log?: Log;
  /** The Next.js app directory (default: apps/web beside this app). */
  webDir?: string;
}

export interface RunningVigie {
  readonly url: string;
  readonly port: number;
  readonly database: Database;
  readonly log: Log;
  readonly metrics: Registry;
  readonly gateway: Gateway;
  readonly processor: Processor | undefined;
  readonly simulator: RunningSimulator | undefined;
  /** The admin account created on this start (first start only), with its one-time password. */
  readonly admin: CreatedAdmin | null;
  close(): Promise<void>;
}

export async function startVigie(options: StartVigieOptions): Promise<RunningVigie> {
  const { gateway: config, logger, parts } = options;
  const ownDatabase = options.database === undefined;
  const database =
    options.database ??
    (await createDb(
      config.databaseUrl !== undefined
        ? { url: config.databaseUrl, applicationName: 'vigie' }
        : { dataDir: config.pgliteDir },
    ));
  if (ownDatabase) await database.migrate();
  const ownLog = options.log === undefined;
  const log =
    options.log ??
    (await openLog({
      brokers: config.kafkaBrokers,
      dataDir: config.logDir,
      clientId: config.instanceId,
      logger: logger.child({ component: 'log' }),
    }));

  const metrics = new Registry();
  collectDefaultMetrics({ register: metrics, prefix: 'vigie_' });

  const app = Fastify({ loggerInstance: logger, trustProxy: config.trustProxy, disableRequestLogging: true });
  if (parts.ingest) {
    // The ingest plugin is typed for Fastify's default logger type; the instance is the same at run time.
    await registerIngestRoutes(app as unknown as FastifyInstance, {
      db: database,
      log,
      logger,
      metrics,
      config: options.ingest,
    });
  }
  const processor = parts.processor
    ? await startProcessor({
        db: database,
        log,
        logger,
        metrics,
        ...(options.processor ? { config: options.processor } : {}),
      })
    : undefined;
  const feeds = parts.ingest
    ? startFeedScheduler({ db: database, log, logger, ingest: options.ingest })
    : undefined;
  // NMEA/AIS listeners, the MQTT bridge and the change-data-capture consumer, each when configured.
  const sources = parts.ingest
    ? await startIngestSources({ log, logger, ingest: options.ingest })
    : undefined;
  const gateway = await registerGatewayRoutes(app, {
    db: database,
    log,
    logger,
    metrics,
    config,
    // Media files are read from the store ingest writes them to (local directory or S3).
    mediaStore: createObjectStore(options.ingest.mediaStorage),
  });
  await gateway.attachLiveSockets(app.server);

  let closeWeb: (() => Promise<void>) | undefined;
  if (parts.web) {
    const webDir = options.webDir ?? fileURLToPath(new URL('../../web', import.meta.url));
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
  const port = (app.server.address() as { port: number }).port;
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  const url = `http://${host}:${port}`;

  const admin = await ensureAdmin(database.db, { email: config.adminEmail });
  const flags = options.simulator;
  let simulator: RunningSimulator | undefined;
  if (flags?.enabled && parts.ingest) {
    // The scenario's warehouses, stock and vehicle capacities, so its trucks can be dispatched.
    if (flags.scenario === 'haiti-south') await seedLogistics(database.db, HAITI_SOUTH_LOGISTICS);
    simulator = startSimulator({
      baseUrl: url,
      apiKey: await ensureSimulatorApiKey(database.db),
      scenario: flags.scenario,
      rate: flags.rate,
      seed: flags.seed,
      timeScale: flags.timeScale,
      ...(flags.startTime === undefined ? {} : { startTime: flags.startTime }),
      logger: logger.child({ component: 'simulator' }),
    });
  }

  return {
    url,
    port,
    database,
    log,
    metrics,
    gateway,
    processor,
    simulator,
    admin,
    async close() {
      await simulator?.stop();
      await feeds?.stop();
      await sources?.stop();
      await gateway.close();
      await app.close();
      await processor?.close();
      await closeWeb?.();
      if (ownLog) await log.close();
      if (ownDatabase) await database.close();
    },
  };
}
