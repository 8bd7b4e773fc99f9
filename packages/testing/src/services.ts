/**
 * Where the real services used by integration suites live, and whether a suite may run.
 *
 * `npm test` (tools/test-env/run-tests.sh) brings the services up and exports their addresses.
 * A suite whose service is absent skips with a message saying why; under CI=true it fails instead,
 * because in CI nothing may skip.
 */
import net from 'node:net';
import { describe } from 'vitest';

export type ServiceName = 'postgres' | 'kafka' | 'redis' | 'mqtt' | 'chromium';

export interface ServiceAddresses {
  /** Admin connection URL of a PostgreSQL server with PostGIS available (databases are created per suite). */
  databaseUrl: string;
  /** Comma-separated Kafka bootstrap brokers. */
  kafkaBrokers: string[];
  redisUrl: string;
  mqttUrl: string;
  chromiumPath: string;
}

const env = process.env;

export const services: ServiceAddresses = {
  databaseUrl: env.VIGIE_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  kafkaBrokers: (env.VIGIE_TEST_KAFKA_BROKERS ?? '127.0.0.1:9092').split(',').map((s) => s.trim()),
  redisUrl: env.VIGIE_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
  mqttUrl: env.VIGIE_TEST_MQTT_URL ?? 'mqtt://127.0.0.1:1883',
  chromiumPath: env.VIGIE_TEST_CHROMIUM ?? '/usr/bin/chromium',
};

export const isCi = env.CI === 'true' || env.CI === '1';

/** True when a TCP connection to host:port succeeds within the timeout. */
export function canConnect(host: string, port: number, timeoutMs = 1500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

function hostPort(address: string, defaultPort: number): { host: string; port: number } {
  const url = new URL(address.includes('://') ? address : `tcp://${address}`);
  return { host: url.hostname, port: url.port ? Number(url.port) : defaultPort };
}

/** Probes a service's TCP port. */
export async function isServiceUp(name: Exclude<ServiceName, 'chromium'>): Promise<boolean> {
  const target =
    name === 'postgres'
      ? hostPort(services.databaseUrl, 5432)
      : name === 'kafka'
        ? hostPort(services.kafkaBrokers[0] ?? '127.0.0.1:9092', 9092)
        : name === 'redis'
          ? hostPort(services.redisUrl, 6379)
          : hostPort(services.mqttUrl, 1883);
  return canConnect(target.host, target.port);
}

/**
 * `describe` for a suite that needs a real service: runs it when the service answers, skips it with a
 * visible reason otherwise, and fails loudly under CI=true where nothing may skip.
 */
export function describeWithService(
  available: boolean,
  what: string,
  hint: string,
): typeof describe | typeof describe.skip {
  if (available) return describe;
  const message = `${what} is not reachable: ${hint}`;
  if (isCi) throw new Error(`${message} (CI=true: a real-service suite may not be skipped)`);
  console.warn(`[skip] ${message}`);
  return describe.skip;
}
