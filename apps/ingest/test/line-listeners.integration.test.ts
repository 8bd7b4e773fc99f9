/**
 * NMEA and AIS line listeners over real TCP and UDP sockets, writing to the embedded log and to Kafka:
 * lines cut anywhere across TCP segments, an over-long line refused, a per-connection rate limit, and
 * AIS over UDP.
 */
import { createSocket } from 'node:dgram';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openEmbeddedLog } from '@vigie/bus/embedded-log';
import { connectKafkaLog } from '@vigie/bus/kafka-log';
import type { Log } from '@vigie/bus/log';
import { describeWithService, isServiceUp, services } from '@vigie/testing/services';
import { waitFor } from '@vigie/testing/wait-for';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureIngestTopics } from '../src/ensure-ingest-topics';
import { startLineListener } from '../src/listeners/start-line-listener';
import type { RunningLineListener } from '../src/listeners/start-line-listener';
import { nmeaChecksumHex } from '../src/parsers/nmea/nmea-sentence';
import { collectTopics, testConfig, testLogger } from './ingest-harness';
import type { Collector } from './ingest-harness';

const nmea = (body: string) => `$${body}*${nmeaChecksumHex(body)}`;

function sendTcp(port: number, chunks: readonly string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', async () => {
      for (const chunk of chunks) {
        await new Promise<void>((done) => socket.write(chunk, () => done()));
      }
      socket.end();
    });
    socket.on('close', () => resolve());
    socket.on('error', reject);
  });
}

function runListenerSuite(
  name: string,
  open: () => Promise<Log>,
  dispose: () => Promise<void> = async () => {},
) {
  describe(name, () => {
    const config = testConfig();
    let log: Log;
    let topics: Collector;
    const listeners: RunningLineListener[] = [];

    beforeAll(async () => {
      log = await open();
      await ensureIngestTopics(log, config);
      topics = await collectTopics(log, config);
    });

    afterAll(async () => {
      for (const listener of listeners) await listener.stop();
      await topics?.close();
      await log?.close();
      await dispose();
    });

    it('decodes NMEA over TCP with lines split across writes, refusing an over-long line', async () => {
      const listener = await startLineListener({
        spec: {
          name: 'gps-tcp',
          transport: 'tcp',
          host: '127.0.0.1',
          port: 0,
          protocol: 'nmea',
          asset: 'truck-17',
          assetKind: 'vehicle',
        },
        log,
        ingest: config,
        logger: testLogger,
        limits: { maxLineLength: 200 },
      });
      listeners.push(listener);
      const text = [
        nmea('GPRMC,140001.00,A,1811.604,N,07344.766,W,10.0,270.0,160821,,,A'),
        `$GPTXT,${'x'.repeat(400)}*00`,
        nmea('GPRMC,140002.00,A,1811.704,N,07344.866,W,10.0,270.0,160821,,,A'),
      ].join('\r\n');
      await sendTcp(listener.port(), [text.slice(0, 17), text.slice(17, 250), text.slice(250), '\r\n']);
      const fixes = await topics.waitForMessages('raw.positions', (m) => m.key === 'gps-tcp:truck-17', 2);
      expect(fixes.map((m) => m.value.occurredAt).sort()).toEqual([
        '2021-08-16T14:00:01.000Z',
        '2021-08-16T14:00:02.000Z',
      ]);
      expect(fixes[0]!.value.source).toBe('gps-tcp');
      expect(listener.stats().tooLong).toBeGreaterThanOrEqual(1);
    });

    it('drops lines beyond the per-connection rate', async () => {
      const listener = await startLineListener({
        spec: {
          name: 'gps-limited',
          transport: 'tcp',
          host: '127.0.0.1',
          port: 0,
          protocol: 'nmea',
          asset: 'x',
          assetKind: 'vehicle',
        },
        log,
        ingest: config,
        logger: testLogger,
        limits: { linesPerSecond: 0.001, burst: 3 },
      });
      listeners.push(listener);
      const lines = Array.from({ length: 10 }, (_, i) =>
        nmea(`GPRMC,1400${String(10 + i)}.00,A,1811.604,N,07344.766,W,10.0,270.0,160821,,,A`),
      );
      await sendTcp(listener.port(), [`${lines.join('\n')}\n`]);
      await waitFor(() => listener.stats().lines === 10, { what: 'all lines read' });
      expect(listener.stats().rateLimited).toBe(7);
      await topics.waitForMessages('raw.positions', (m) => m.key === 'gps-limited:x', 3);
    });

    it('decodes AIS over UDP, one or several sentences per datagram', async () => {
      const listener = await startLineListener({
        spec: {
          name: 'ais-udp',
          transport: 'udp',
          host: '127.0.0.1',
          port: 0,
          protocol: 'ais',
          assetKind: 'boat',
        },
        log,
        ingest: config,
        logger: testLogger,
      });
      listeners.push(listener);
      const client = createSocket('udp4');
      const datagram = `!AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0*4A\r\n${nmea('GPZDA,140000.00,16,08,2021,00,00')}\r\n`;
      // UDP may lose a datagram even on loopback: send until the fix is on the log.
      const [fix] = await waitFor(
        async () => {
          await new Promise<void>((resolve) =>
            client.send(datagram, listener.port(), '127.0.0.1', () => resolve()),
          );
          const found = topics.messages
            .get('raw.positions')!
            .filter((m) => m.key === 'mmsi:371798000' && m.value.source === 'ais-udp');
          return found.length > 0 ? found : undefined;
        },
        { intervalMs: 100, what: 'the AIS fix on raw.positions' },
      );
      client.close();
      const payload = fix!.value.payload as { position: { lon: number; lat: number }; assetKind: string };
      expect(payload.position.lat).toBeCloseTo(48.381_633_333, 6);
      expect(payload.assetKind).toBe('boat');
    });
  });
}

const directory = mkdtempSync(join(tmpdir(), 'vigie-listeners-log-'));
runListenerSuite(
  'line listeners on real sockets and the embedded log',
  () => openEmbeddedLog({ directory }),
  async () => rmSync(directory, { recursive: true, force: true }),
);

const kafkaUp = await isServiceUp('kafka');
describeWithService(
  kafkaUp,
  'Kafka',
  'start Kafka or set VIGIE_TEST_KAFKA_BROKERS',
)('on Kafka', () => {
  runListenerSuite('line listeners on real sockets and Kafka', () =>
    connectKafkaLog({
      brokers: services.kafkaBrokers,
      clientId: 'vigie-listener-tests',
      consumer: {
        sessionTimeoutMs: 6_000,
        heartbeatIntervalMs: 300,
        rebalanceTimeoutMs: 3_000,
        maxWaitTimeMs: 100,
      },
    }),
  );
});
