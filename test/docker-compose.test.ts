// No Docker engine runs in the test environment, so the deployment file is checked statically:
// the services, their images, ports, health checks and volumes are what a deployment needs.
import { readFileSync } from 'node:fs';
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
) as ComposeFile;

function service(name: string): ComposeService {
  const found = compose.services[name];
  if (!found) throw new Error(`docker-compose.yml has no service "${name}"`);
  return found;
}

describe('docker-compose.yml', () => {
  it('declares Kafka, PostGIS and Redis', () => {
    expect(Object.keys(compose.services)).toEqual(expect.arrayContaining(['kafka', 'postgis', 'redis']));
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
