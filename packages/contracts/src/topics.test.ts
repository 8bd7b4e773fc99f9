import { describe, expect, it } from 'vitest';
import alerts from '../fixtures/v1/raw.alerts.json';
import positions from '../fixtures/v1/raw.positions.json';
import { withPatch } from '../test/expect-schema';
import { ZEnvelope } from './envelope';
import {
  KEY_SEPARATOR,
  compoundKey,
  decodeTopicMessage,
  isTopicName,
  parseTopicMessage,
  topicKey,
  topicNames,
  topics,
} from './topics';
import type { TopicName } from './topics';

const ARCHITECTURE_TOPICS = [
  'raw.positions',
  'raw.readings',
  'raw.reports',
  'raw.alerts',
  'raw.inventory',
  'raw.media',
  'commands',
  'live.entities',
  'live.observations',
  'live.alerts',
  'live.incidents',
  'deadletter',
];

describe('topic catalog', () => {
  it('holds exactly the twelve topics of the architecture', () => {
    expect([...topicNames].sort()).toEqual([...ARCHITECTURE_TOPICS].sort());
  });

  it('compacts exactly the current-state topics', () => {
    const compacted = topicNames.filter((name) => topics[name].compacted);
    expect(compacted.sort()).toEqual(['live.entities', 'live.incidents']);
  });

  it.each(topicNames)('%s has a version, a type, a description and a schema that fixes both', (name) => {
    const topic = topics[name];
    expect(topic.version).toBeGreaterThanOrEqual(1);
    expect(topic.type).toMatch(/^[a-z][a-z0-9_]*$/);
    expect(topic.description.length).toBeGreaterThan(10);
    const shape = (topic.schema as unknown as { shape: Record<string, { value?: unknown }> }).shape;
    expect(shape.type?.value).toBe(topic.type);
    expect(shape.v?.value).toBe(topic.version);
  });

  it('uses a distinct event type per topic', () => {
    expect(new Set(topicNames.map((name) => topics[name].type)).size).toBe(topicNames.length);
  });

  it('recognises topic names', () => {
    expect(isTopicName('raw.positions')).toBe(true);
    expect(isTopicName('raw.position')).toBe(false);
    expect(isTopicName('toString')).toBe(false);
  });
});

describe('partition keys', () => {
  const expected: Record<TopicName, string> = {
    'raw.positions': 'truck-07',
    'raw.readings': 'gauge-pungwe-03',
    'raw.reports': 'sms-gateway|sms-558201',
    'raw.alerts': 'alerts@inam.gov.mz|INAM-2024-0914-FLW-02',
    'raw.inventory': 'wh-beira-1|WASH-KIT-01',
    'raw.media': 'img-5f1c9a',
    commands: 'inc-01J7QRQ0000',
    'live.entities': 'truck-07',
    'live.observations': '88a4e3a4a5fffff',
    'live.alerts': 'al-01J7QRQTRG6DEJ',
    'live.incidents': 'inc-01J7QRQ0000',
    deadletter: 'raw.positions',
  };

  it.each(topicNames)('%s is keyed as the architecture says', async (name) => {
    const fixture: unknown = (await import(`../fixtures/v1/${name}.json`)).default;
    const result = parseTopicMessage(name, fixture);
    if (!result.ok) throw new Error(result.summary);
    expect(result.key).toBe(expected[name]);
    expect(topicKey(name, result.message)).toBe(expected[name]);
  });

  it('joins compound keys with a separator no identifier contains', () => {
    expect(KEY_SEPARATOR).toBe('|');
    expect(compoundKey('a', 'b:c')).toBe('a|b:c');
    const withSeparator = withPatch(positions, 'payload.assetId', 'truck|07');
    expect(parseTopicMessage('raw.positions', withSeparator).ok).toBe(false);
  });
});

describe('parseTopicMessage', () => {
  it('returns the typed message and its key', () => {
    const result = parseTopicMessage('raw.positions', positions);
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.message.payload.assetKind).toBe('vehicle');
      expect(result.topic).toBe('raw.positions');
    }
  });

  it('returns readable issues with dotted paths', () => {
    const bad = withPatch(
      withPatch(positions, 'payload.position.lon', 190),
      'occurredAt',
      '2024-09-14T08:00:01',
    );
    const result = parseTopicMessage('raw.positions', bad);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.code).toBe('VALIDATION_FAILED');
    expect(result.issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          path: 'payload.position.lon',
          message: 'Too big: expected number to be <=180',
        }),
        expect.objectContaining({ path: 'occurredAt', message: expect.stringContaining('offset or Z') }),
      ]),
    );
    expect(result.summary).toMatch(/^(payload\.position\.lon|occurredAt): .+ \(\+1 more\)$/);
  });

  it('rejects a message of another topic by its type', () => {
    const result = parseTopicMessage('raw.readings', positions);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues.map((i) => i.path)).toContain('type');
  });

  it('rejects a version the topic does not carry', () => {
    const result = parseTopicMessage('raw.alerts', withPatch(alerts, 'v', 2));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues).toEqual([expect.objectContaining({ path: 'v' })]);
  });

  it('rejects non-objects and unknown topics without throwing', () => {
    for (const value of [null, undefined, 42, 'x', [], {}])
      expect(parseTopicMessage('commands', value).ok).toBe(false);
    const unknown = parseTopicMessage('raw.nothing' as TopicName, positions);
    expect(unknown.ok).toBe(false);
    if (!unknown.ok) expect(unknown.summary).toBe('Unknown topic raw.nothing');
  });

  it('keeps the generic envelope compatible with every topic schema', () => {
    expect(ZEnvelope.safeParse(positions).success).toBe(true);
  });
});

describe('decodeTopicMessage', () => {
  it('decodes UTF-8 JSON bytes, with or without a BOM', () => {
    const bytes = new TextEncoder().encode(JSON.stringify(positions));
    expect(decodeTopicMessage('raw.positions', bytes).ok).toBe(true);
    const withBom = new Uint8Array([0xef, 0xbb, 0xbf, ...bytes]);
    expect(decodeTopicMessage('raw.positions', withBom).ok).toBe(true);
    expect(decodeTopicMessage('raw.positions', JSON.stringify(positions)).ok).toBe(true);
  });

  it('reports undecodable bytes as DECODE_FAILED', () => {
    for (const value of [new Uint8Array([0xff, 0xfe, 0x00]), '{"id":', 'eqfeed_callback({});']) {
      const result = decodeTopicMessage('raw.alerts', value);
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.code).toBe('DECODE_FAILED');
        expect(result.summary).toMatch(/^Not UTF-8 JSON/);
      }
    }
  });

  it('reports valid JSON that breaks the contract as VALIDATION_FAILED', () => {
    const result = decodeTopicMessage('raw.alerts', '{"id":"x"}');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.code).toBe('VALIDATION_FAILED');
  });
});
