/**
 * `npm start`: the whole of Vigie in one process on one port — ingest routes, the stream processor,
 * the gateway and the built web app — on the embedded log and PGlite by default, or on Kafka and
 * PostgreSQL when KAFKA_BROKERS and DATABASE_URL are set. The scenario simulator runs unless
 * `--no-sim`; `--no-ingest`, `--no-processor` and `--no-web` leave a part to separate processes
 * (docker-compose.yml runs ingest and the processor in their own containers). Prints the URL and how
 * to log in.
 */
import { loadEnv as loadIngestEnv } from '@vigie/ingest/env';
import { parseSimulatorFlags } from '@vigie/ingest/parse-simulator-flags';
import { readGatewayConfig } from './env';
import { createLogger } from './logging/create-logger';
import { startVigie } from './start-vigie';

const argv = process.argv.slice(2);
const config = readGatewayConfig();
const ingestEnv = loadIngestEnv();
const simulator = parseSimulatorFlags(argv, ingestEnv.simulator);
const logger = createLogger({ level: config.logLevel, name: 'vigie' });

const vigie = await startVigie({
  gateway: config,
  ingest: ingestEnv.ingest,
  parts: {
    web: !argv.includes('--no-web'),
    ingest: !argv.includes('--no-ingest'),
    processor: !argv.includes('--no-processor'),
  },
  simulator,
  logger,
});

// Printed to the terminal only, never to the structured log.
const running = vigie.simulator ? `, simulator: ${simulator.scenario} at ${simulator.rate} events/s` : '';
const login = vigie.admin
  ? `First start: log in as ${vigie.admin.email} with the password ${vigie.admin.password}\n` +
    `Write it down now: it is not shown again (reset it with: npm run vigie -- user password --email ${vigie.admin.email}).`
  : `Log in as ${config.adminEmail} with the password printed at the first start ` +
    `(reset it with: npm run vigie -- user password --email ${config.adminEmail}).`;
process.stdout.write(
  `\nVigie is running at ${vigie.url}  (log: ${vigie.log.kind}, database: ${vigie.database.kind}${running})\n${login}\n\n`,
);

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'shutting down');
  const force = setTimeout(() => process.exit(1), 20_000);
  force.unref();
  try {
    await vigie.close();
    process.exit(0);
  } catch (error) {
    logger.error({ err: error }, 'shutdown failed');
    process.exit(1);
  }
}
process.once('SIGINT', () => void shutdown('SIGINT'));
process.once('SIGTERM', () => void shutdown('SIGTERM'));
