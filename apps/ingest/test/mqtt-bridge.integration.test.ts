/**
 * The MQTT bridge against the real Mosquitto broker and the embedded log: readings (bare numbers and
 * JSON) and positions come out on their raw topics, bad payloads in `deadletter`, and the bridge comes
 * back after the broker drops it (a second client taking its client id makes Mosquitto disconnect it).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openEmbeddedLog } from '@vigie/bus/embedded-log';
import type { Log } from '@vigie/bus/log';
import { ZDeadLetterV1 } from '@vigie/contracts/deadletter';
import { describeWithService, isServiceUp, services } from '@vigie/testing/services';
import { uniqueName } from '@vigie/testing/unique-name';
import { waitFor } from '@vigie/testing/wait-for';
import mqtt from 'mqtt';
import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ensureIngestTopics } from '../src/ensure-ingest-topics';
import { parseMqttMappings } from '../src/mqtt/mqtt-mappings';
import { startMqttBridge } from '../src/mqtt/start-mqtt-bridge';
import type { RunningMqttBridge } from '../src/mqtt/start-mqtt-bridge';
import { collectTopics, testConfig, testLogger } from './ingest-harness';
import type { Collector } from './ingest-harness';

const mqttUp = await isServiceUp('mqtt');

describeWithService(
  mqttUp,
  'Mosquitto',
  'start Mosquitto on 127.0.0.1:1883 or set VIGIE_TEST_MQTT_URL',
)('MQTT bridge on Mosquitto and the embedded log', () => {
  const directory = mkdtempSync(join(tmpdir(), 'vigie-mqtt-log-'));
  const root = uniqueName('vigie-test');
  const clientId = uniqueName('vigie-bridge');
  const config = testConfig();
  let log: Log;
  let topics: Collector;
  let bridge: RunningMqttBridge;
  let publisher: MqttClient;

  const publish = (topic: string, payload: string) =>
    publisher.publishAsync(`${root}/${topic}`, payload, { qos: 1 });

  beforeAll(async () => {
    log = await openEmbeddedLog({ directory });
    await ensureIngestTopics(log, config);
    topics = await collectTopics(log, config);
    bridge = startMqttBridge({
      log,
      ingest: config,
      logger: testLogger,
      config: {
        url: services.mqttUrl,
        mappings: parseMqttMappings(
          `${root}/sensors/+/water_level=reading:water_level:cm;${root}/trackers/+/position=position:boat`,
        ),
        source: 'mqtt-test',
        clientId,
        qos: 1,
        reconnectMinMs: 100,
        reconnectMaxMs: 1_000,
        maxPending: 1_000,
      },
    });
    publisher = await mqtt.connectAsync(services.mqttUrl, { clientId: uniqueName('vigie-pub') });
    await waitFor(() => bridge.subscribed(), { what: 'the bridge subscribing' });
  });

  afterAll(async () => {
    await publisher?.endAsync();
    await bridge?.stop();
    await topics?.close();
    await log?.close();
    rmSync(directory, { recursive: true, force: true });
  });

  it('maps readings and positions, and dead-letters what it cannot use', async () => {
    await publish('sensors/wl-1/water_level', '312');
    await publish('sensors/wl-2/water_level', '{"value":1.5,"unit":"m","time":"2021-08-16T14:00:00Z"}');
    await publish('trackers/boat-9/position', '{"lat":18.19,"lon":-73.75,"speed":4.2}');
    await publish('sensors/wl-3/water_level', 'high');
    await publish('sensors/wl-4/water_level', '99999999');

    const readings = await topics.waitForMessages('raw.readings', (m) => m.value.source === 'mqtt-test', 2);
    const byId = new Map(readings.map((m) => [m.key, m.value]));
    expect((byId.get('wl-1')!.payload as { value: number; unit: string }).value).toBeCloseTo(3.12, 9);
    expect(byId.get('wl-2')).toMatchObject({
      occurredAt: '2021-08-16T14:00:00.000Z',
      payload: { value: 1.5, unit: 'm' },
    });
    const [fix] = await topics.waitForMessages('raw.positions', (m) => m.key === 'boat-9', 1);
    expect(fix!.value).toMatchObject({
      geo: { lon: -73.75, lat: 18.19 },
      payload: { assetKind: 'boat', speed: 4.2 },
    });

    const dead = await topics.waitForMessages('deadletter', (m) => m.value.source === 'mqtt-test', 2);
    const reasons = dead.map((m) => ZDeadLetterV1.parse(m.value.payload).message).join('\n');
    expect(reasons).toContain('neither JSON nor a number');
    expect(reasons).toMatch(/water_level must be within/);
  });

  it('reconnects and resubscribes after the broker drops the connection', async () => {
    const before = bridge.stats().reconnects;
    // Mosquitto disconnects the older session when a new client connects with the same id.
    const intruder = await mqtt.connectAsync(services.mqttUrl, { clientId, reconnectPeriod: 0 });
    await waitFor(() => !bridge.connected() || bridge.stats().reconnects > before, {
      what: 'the bridge being dropped',
    });
    await intruder.endAsync();
    await waitFor(() => bridge.subscribed() && bridge.stats().reconnects > before, {
      what: 'the bridge reconnecting',
    });
    await publish('sensors/wl-after/water_level', '2.5');
    await topics.waitForMessages('raw.readings', (m) => m.key === 'wl-after', 1);
  });
});
