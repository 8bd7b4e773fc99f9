// No Docker engine runs in the test environment, so the deployment file is checked statically:
// the services, their images, ports, health checks and volumes are what a deployment needs.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

interface ComposeService {
  image?: string;
  ports?: string[];
  environment?: Record<string, string | number>;
  volumes?: string[];
  healthcheck?: { test?: string[]; interval?: string; retries?: number };
}
interface ComposeFile {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

const compose = parse(
  readFileSync(fileURLToPath(new URL('../docker-compose.yml', import.meta.url)), 'utf8'),
  { merge: true },
) as ComposeFile;

function service(name: string): ComposeService {
  const found = compose.services[name];
  if (!found) throw new Error(`docker-compose.yml has no service "${name}"`);
  return found;
}

describe('docker-compose.yml', () => {
  it('declares Kafka, PostGIS, Redis and the apps', () => {
    expect(Object.keys(compose.services)).toEqual(
      expect.arrayContaining(['kafka', 'postgis', 'redis', 'gateway', 'ingest', 'processor', 'simulator']),
    );
  });

  it('points every app at Kafka, PostGIS and Redis and waits for them to be healthy', () => {
    for (const name of ['gateway', 'ingest', 'processor']) {
      const app = service(name) as ComposeService & { depends_on?: Record<string, { condition: string }> };
      expect(app.environment?.KAFKA_BROKERS, name).toBe('kafka:9092');
      expect(String(app.environment?.DATABASE_URL), name).toMatch(
        /^postgres:\/\/vigie:.*@postgis:5432\/vigie$/,
      );
      expect(app.environment?.REDIS_URL, name).toBe('redis://redis:6379');
      for (const dep of ['kafka', 'postgis', 'redis'])
        expect(app.depends_on?.[dep]?.condition).toBe('service_healthy');
    }
  });

  it('runs each app from the source tree it names', () => {
    const entry = (name: string) => (service(name) as { command?: string[] }).command?.join(' ') ?? '';
    expect(entry('gateway')).toContain('apps/gateway/src/all-in-one.ts');
    expect(entry('gateway')).toContain('--no-processor');
    expect(entry('ingest')).toContain('apps/ingest/src/main.ts');
    expect(entry('processor')).toContain('apps/processor/src/main.ts');
    for (const name of ['gateway', 'ingest', 'processor']) {
      const script = entry(name)
        .split(' ')
        .find((part) => part.startsWith('apps/'));
      expect(existsSync(fileURLToPath(new URL(`../${script}`, import.meta.url))), script).toBe(true);
    }
  });

  it("runs Apache's Kafka 3.9 image in KRaft mode with a single controller", () => {
    const kafka = service('kafka');
    expect(kafka.image).toMatch(/^apache\/kafka:3\.9\.\d+$/);
    const env = kafka.environment ?? {};
    expect(env.KAFKA_PROCESS_ROLES).toBe('broker,controller');
    expect(env.KAFKA_CONTROLLER_QUORUM_VOTERS).toBe('1@kafka:9093');
    expect(String(env.KAFKA_ADVERTISED_LISTENERS)).toContain('PLAINTEXT://kafka:9092');
    expect(env.KAFKA_AUTO_CREATE_TOPICS_ENABLE).toBe('false');
    expect(env.CLUSTER_ID).toBeTruthy();
  });

  it('runs PostgreSQL with PostGIS and requires a password from the environment', () => {
    const postgis = service('postgis');
    expect(postgis.image).toMatch(/^postgis\/postgis:15-3\.\d+$/);
    expect(String(postgis.environment?.POSTGRES_PASSWORD)).toMatch(/^\$\{POSTGRES_PASSWORD:\?/);
  });

  it('publishes ports on the loopback interface only', () => {
    for (const [name, svc] of Object.entries(compose.services)) {
      for (const port of svc.ports ?? []) {
        expect(port, `${name} publishes ${port}`).toMatch(/^127\.0\.0\.1:\d+:\d+$/);
      }
    }
    expect(service('kafka').ports).toContain('127.0.0.1:9094:9094');
    expect(service('postgis').ports?.[0]).toMatch(/:5432$/);
    expect(service('redis').ports?.[0]).toMatch(/:6379$/);
  });

  it('gives every service a health check that runs a real probe', () => {
    const probes: Record<string, RegExp> = {
      kafka: /kafka-broker-api-versions\.sh --bootstrap-server localhost:9092/,
      postgis: /pg_isready/,
      redis: /redis-cli.*ping/,
      gateway: /127\.0\.0\.1:4000\/readyz/,
      ingest: /127\.0\.0\.1:4100\/readyz/,
      processor: /127\.0\.0\.1:9464\/readyz/,
    };
    for (const [name, probe] of Object.entries(probes)) {
      const check = service(name).healthcheck;
      expect(check?.test?.join(' '), name).toMatch(probe);
      expect(check?.interval, name).toMatch(/^\d+s$/);
      expect(check?.retries, name).toBeGreaterThan(0);
    }
  });

  it('keeps data in named volumes', () => {
    const named = Object.keys(compose.volumes ?? {});
    const mounts: Record<string, string> = {
      kafka: '/var/lib/kafka/data',
      postgis: '/var/lib/postgresql/data',
      redis: '/data',
    };
    for (const [name, target] of Object.entries(mounts)) {
      const volume = service(name).volumes?.find((v) => v.endsWith(`:${target}`));
      expect(volume, `${name} mounts ${target}`).toBeDefined();
      expect(named).toContain(volume?.split(':')[0]);
    }
  });
});
