/**
 * startIngestSources as the hosts call it: from one IngestConfig it starts the configured TCP listener,
 * the MQTT bridge (real Mosquitto) and the change-data-capture consumer on the embedded log, and stops them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openEmbeddedLog } from '@vigie/bus/embedded-log';
import type { Log } from '@vigie/bus/log';
import { describeWithService, isServiceUp, services } from '@vigie/testing/services';
import { uniqueName } from '@vigie/testing/unique-name';
import { waitFor } from '@vigie/testing/wait-for';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parseListenerSpecs } from '../src/listeners/parse-listener-specs';
import { parseMqttMappings } from '../src/mqtt/mqtt-mappings';
import { nmeaChecksumHex } from '../src/parsers/nmea/nmea-sentence';
import { startIngestSources } from '../src/start-ingest-sources';
import type { RunningIngestSources } from '../src/start-ingest-sources';
import { collectTopics, testConfig, testLogger } from './ingest-harness';
import type { Collector } from './ingest-harness';

const mqttUp = await isServiceUp('mqtt');

describeWithService(
  mqttUp,
  'Mosquitto',
  'start Mosquitto on 127.0.0.1:1883 or set VIGIE_TEST_MQTT_URL',
)('ingest sources started from the configuration', () => {
  const directory = mkdtempSync(join(tmpdir(), 'vigie-sources-log-'));
  const root = uniqueName('vigie-sources');
  const cdcTopic = uniqueName('cdc.inventory');
  const config = {
    ...testConfig(),
    listeners: parseListenerSpecs('gps-line=tcp://127.0.0.1:0/nmea?asset=van-3'),
    mqtt: {
      url: services.mqttUrl,
      mappings: parseMqttMappings(`${root}/+/rain=reading:rain`),
      source: 'mqtt-sources',
      clientId: uniqueName('vigie-sources'),
      qos: 1 as const,
      reconnectMinMs: 100,
      reconnectMaxMs: 1_000,
      maxPending: 100,
    },
    cdc: { topic: cdcTopic, groupId: uniqueName('cdc'), source: 'cdc-sources', defaultUnit: 'pcs' },
  };
  let log: Log;
  let sources: RunningIngestSources;
  let topics: Collector;

  beforeAll(async () => {
    log = await openEmbeddedLog({ directory });
    sources = await startIngestSources({ log, logger: testLogger, ingest: config });
    topics = await collectTopics(log, config);
  });

  afterAll(async () => {
    await sources?.stop();
    await topics?.close();
    await log?.close();
    rmSync(directory, { recursive: true, force: true });
  });

  it('runs the listener, the bridge and the CDC consumer it was configured with', async () => {
    expect(sources.listeners.map((l) => l.spec.name)).toEqual(['gps-line']);
    const body = 'GPRMC,140001.00,A,1811.604,N,07344.766,W,10.0,270.0,160821,,,A';
    await new Promise<void>((resolve, reject) => {
      const socket = connect(sources.listeners[0]!.port(), '127.0.0.1', () =>
        socket.end(`$${body}*${nmeaChecksumHex(body)}\r\n`),
      );
      socket.on('close', () => resolve());
      socket.on('error', reject);
    });
    await topics.waitForMessages('raw.positions', (m) => m.key === 'gps-line:van-3', 1);

    await waitFor(() => sources.mqtt?.subscribed(), { what: 'the bridge subscribing' });
    const { connectAsync } = await import('mqtt');
    const publisher = await connectAsync(services.mqttUrl);
    await publisher.publishAsync(`${root}/rg-1/rain`, '4.5', { qos: 1 });
    await publisher.endAsync();
    await topics.waitForMessages('raw.readings', (m) => m.key === 'rg-1', 1);

    await log.produce(cdcTopic, [
      {
        key: 'k',
        value: JSON.stringify({ op: 'c', after: { warehouse_id: 'WH-S', item_code: 'TARP', quantity: 8 } }),
      },
    ]);
    await topics.waitForMessages('raw.inventory', (m) => m.key === 'WH-S|TARP', 1);
  });
});
