// The topic catalog: for every topic on the log, the envelope schema it carries, how its partition key
// is computed, the version writers produce and whether it is compacted. Producers and consumers take
// all of this from here; nobody spells a topic name or a key rule anywhere else.
import type { z } from 'zod';
import { ZExternalAlertEventV1 } from './alerts';
import { ZCommandEventV1, commandTarget } from './commands';
import { ZDeadLetterEventV1 } from './deadletter';
import { ZInventoryEventV1 } from './inventory';
import { issuesFromZodError, summariseIssues } from './issues';
import type { TIssue } from './issues';
import { ZLiveAlertEventV1 } from './live-alerts';
import { ZLiveEntityEventV1 } from './live-entities';
import { ZLiveIncidentEventV1 } from './live-incidents';
import { ZLiveObservationEventV1 } from './live-observations';
import { ZMediaEventV1 } from './media';
import { ZPositionEventV1 } from './positions';
import { clipText, sanitizeText } from './primitives';
import { ZReadingEventV1 } from './readings';
import { ZReportEventV1 } from './reports';

/**
 * Joins the parts of a compound partition key. `|` is outside the identifier charset (`ID_PATTERN`),
 * so distinct parts always give distinct keys.
 */
export const KEY_SEPARATOR = '|';

export function compoundKey(...parts: readonly string[]): string {
  return parts.join(KEY_SEPARATOR);
}

export interface TopicDefinition<Schema extends z.ZodType = z.ZodType> {
  /** Envelope schema of the messages: every version still readable on this topic. */
  readonly schema: Schema;
  /** Event `type` carried in the envelope. */
  readonly type: string;
  /** Version writers produce today. */
  readonly version: number;
  readonly description: string;
  /** Compacted topics keep the latest message per key (current state). */
  readonly compacted: boolean;
  /** Partition key of a parsed message. */
  key(message: z.output<Schema>): string;
}

function defineTopic<Schema extends z.ZodType>(definition: TopicDefinition<Schema>): TopicDefinition<Schema> {
  return definition;
}

export const topics = {
  'raw.positions': defineTopic({
    schema: ZPositionEventV1,
    type: 'position',
    version: 1,
    description: 'GPS/AVL fixes of vehicles, teams, boats, drones, aircraft and people',
    compacted: false,
    key: (m) => m.payload.assetId,
  }),
  'raw.readings': defineTopic({
    schema: ZReadingEventV1,
    type: 'reading',
    version: 1,
    description: 'IoT readings: water level, rain, temperature, humidity, air quality, seismic…',
    compacted: false,
    key: (m) => m.payload.sensorId,
  }),
  'raw.reports': defineTopic({
    schema: ZReportEventV1,
    type: 'report',
    version: 1,
    description: 'Social posts, messages, SMS, field reports and news items',
    compacted: false,
    key: (m) => compoundKey(m.source, m.payload.reportId),
  }),
  'raw.alerts': defineTopic({
    schema: ZExternalAlertEventV1,
    type: 'external_alert',
    version: 1,
    description: 'External alerts: CAP 1.1/1.2, USGS earthquakes, GDACS events',
    compacted: false,
    key: (m) => compoundKey(m.payload.sender, m.payload.identifier),
  }),
  'raw.inventory': defineTopic({
    schema: ZInventoryEventV1,
    type: 'inventory',
    version: 1,
    description: 'Stock levels (set) and movements (adjust) per warehouse and item',
    compacted: false,
    key: (m) => compoundKey(m.payload.warehouseId, m.payload.itemCode),
  }),
  'raw.media': defineTopic({
    schema: ZMediaEventV1,
    type: 'media',
    version: 1,
    description: 'Image and video metadata with an object-storage URI and a footprint',
    compacted: false,
    key: (m) => m.payload.mediaId,
  }),
  commands: defineTopic({
    schema: ZCommandEventV1,
    type: 'command',
    version: 1,
    description: 'Operator intents, checked and attributed by the gateway, applied by the processor',
    compacted: false,
    key: (m) => commandTarget(m.payload),
  }),
  'live.entities': defineTopic({
    schema: ZLiveEntityEventV1,
    type: 'entity',
    version: 1,
    description: 'Current state of assets and sensors',
    compacted: true,
    key: (m) => m.payload.entityId,
  }),
  'live.observations': defineTopic({
    schema: ZLiveObservationEventV1,
    type: 'observation',
    version: 1,
    description:
      'Enriched readings and reports (region, cell, anomaly score, category, personal data masked)',
    compacted: false,
    key: (m) => m.payload.cell,
  }),
  'live.alerts': defineTopic({
    schema: ZLiveAlertEventV1,
    type: 'alert',
    version: 1,
    description: 'Alerts raised by rules, anomalies, geofences, report clusters and external feeds',
    compacted: false,
    key: (m) => m.payload.alertId,
  }),
  'live.incidents': defineTopic({
    schema: ZLiveIncidentEventV1,
    type: 'incident',
    version: 1,
    description: 'Incident lifecycle events, each with the state after it',
    compacted: true,
    key: (m) => m.payload.incidentId,
  }),
  deadletter: defineTopic({
    schema: ZDeadLetterEventV1,
    type: 'deadletter',
    version: 1,
    description: 'Rejected messages with the reason and the original bytes',
    compacted: false,
    key: (m) => m.payload.originTopic,
  }),
} as const;

export type Topics = typeof topics;
export type TopicName = keyof Topics;
/** A parsed message of `Name`. */
export type TopicMessage<Name extends TopicName> = z.output<Topics[Name]['schema']>;
/** A message of `Name` as a producer writes it (before zod defaults/normalisation). */
export type TopicMessageInput<Name extends TopicName> = z.input<Topics[Name]['schema']>;

export const topicNames = Object.keys(topics) as TopicName[];

export function isTopicName(value: string): value is TopicName {
  return Object.hasOwn(topics, value);
}

export type TopicParseResult<Name extends TopicName> =
  | { ok: true; topic: Name; message: TopicMessage<Name>; key: string }
  | {
      ok: false;
      topic: Name;
      code: 'VALIDATION_FAILED' | 'DECODE_FAILED';
      issues: TIssue[];
      /** One line summarising the issues, for logs and dead-letter records. */
      summary: string;
    };

function failure<Name extends TopicName>(
  topic: Name,
  code: 'VALIDATION_FAILED' | 'DECODE_FAILED',
  issues: TIssue[],
): TopicParseResult<Name> {
  return { ok: false, topic, code, issues, summary: summariseIssues(issues) };
}

/** Partition key of a parsed message of `topic`. */
export function topicKey<Name extends TopicName>(topic: Name, message: TopicMessage<Name>): string {
  return (topics[topic] as TopicDefinition).key(message);
}

/**
 * Checks `data` (already JSON-decoded) against the topic's contract. On success returns the parsed
 * message and its partition key; on failure, issues with a path and a readable message.
 */
export function parseTopicMessage<Name extends TopicName>(
  topic: Name,
  data: unknown,
): TopicParseResult<Name> {
  if (!isTopicName(topic)) {
    return failure(topic, 'VALIDATION_FAILED', [{ path: '', message: `Unknown topic ${String(topic)}` }]);
  }
  const definition = topics[topic] as TopicDefinition;
  const result = definition.schema.safeParse(data);
  if (!result.success) return failure(topic, 'VALIDATION_FAILED', issuesFromZodError(result.error));
  return { ok: true, topic, message: result.data as TopicMessage<Name>, key: definition.key(result.data) };
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Decodes a message value (UTF-8 JSON bytes or text) and checks it like `parseTopicMessage`. */
export function decodeTopicMessage<Name extends TopicName>(
  topic: Name,
  value: Uint8Array | string,
): TopicParseResult<Name> {
  let data: unknown;
  try {
    data = JSON.parse(typeof value === 'string' ? value : utf8.decode(value));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const message = clipText(sanitizeText(`Not UTF-8 JSON: ${reason}`, false), 1_000);
    return failure(topic, 'DECODE_FAILED', [{ path: '', message }]);
  }
  return parseTopicMessage(topic, data);
}
