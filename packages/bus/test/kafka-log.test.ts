/** Kafka-only behaviour: what the apps see when no broker answers. Needs no broker. */
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { connectKafkaLog } from '../src/kafka-log';
import { LogError, isLogUnavailable } from '../src/log';
import { testLogger } from './test-logger';

/** A local port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('Kafka log without a broker', () => {
  it('fails fast with a retriable UNAVAILABLE error', { timeout: 20_000 }, async () => {
    const port = await closedPort();
    const started = Date.now();
    const error = await connectKafkaLog({
      brokers: [`127.0.0.1:${port}`],
      connectionTimeoutMs: 500,
      retry: { retries: 2, initialRetryTime: 100, maxRetryTime: 500 },
      logger: { ...testLogger, error: () => undefined },
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(LogError);
    expect((error as LogError).code).toBe('UNAVAILABLE');
    expect((error as LogError).retriable).toBe(true);
    expect(isLogUnavailable(error)).toBe(true);
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
