/**
 * Turns one decoded item of a batch into a record for its raw topic, or says why it cannot be: the
 * authorisation of the key (scope of the event kind, source), the defaults ingest fills (`source`,
 * `id`, `v`, `geo`), the stamp (`receivedAt`, always ingest's clock), the normalisations (CRLF in free
 * text, reading units), then the topic contract.
 */
import { parseTopicMessage, topics } from '@vigie/contracts/topics';
import type { ErrorCode } from '@vigie/contracts/errors';
import type { TIssue } from '@vigie/contracts/issues';
import { clipText, sanitizeText } from '@vigie/contracts/primitives';
import { convertReadingUnit } from './convert-reading-unit';
import { EVENT_KIND_NAMES, eventKinds, isEventKind } from './event-kinds';
import type { EventKind, IngestTopic } from './event-kinds';

export interface EventAuthority {
  readonly source: string;
  readonly scopes: readonly string[];
}

export interface PrepareContext {
  readonly key: EventAuthority;
  /** ISO time stamped as `receivedAt` on every event of the request. */
  readonly receivedAt: string;
  /** Id of an event sent without one (see content-event-id.ts). */
  readonly idFor: (event: Record<string, unknown>) => string;
}

export type PreparedEvent =
  | { ok: true; kind: EventKind; topic: IngestTopic; id: string; key: string; value: string }
  | {
      ok: false;
      code: Extract<ErrorCode, 'VALIDATION_FAILED' | 'UNSUPPORTED_VERSION' | 'FORBIDDEN'>;
      issues: TIssue[];
      /** The event id the source gave, when it is a printable string. */
      id?: string;
      /** The raw topic the event was meant for, when its type is known. */
      topic?: IngestTopic;
    };

function echoId(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? clipText(sanitizeText(value, false), 64) : undefined;
}

function normaliseText(text: unknown): unknown {
  return typeof text === 'string' && text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
}

function normalisePayload(kind: EventKind, payload: unknown): unknown {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return payload;
  if (kind === 'reading') return convertReadingUnit(payload);
  if (kind === 'report') {
    const report = payload as Record<string, unknown>;
    const text = normaliseText(report.text);
    return text === report.text ? payload : { ...report, text };
  }
  return payload;
}

export function prepareEvent(item: unknown, context: PrepareContext): PreparedEvent {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) {
    return {
      ok: false,
      code: 'VALIDATION_FAILED',
      issues: [{ path: '', message: 'Expected an event object (an envelope with type and payload)' }],
    };
  }
  const event = item as Record<string, unknown>;
  const id = echoId(event.id);
  const withId = (failure: Extract<PreparedEvent, { ok: false }>) =>
    id === undefined ? failure : { ...failure, id };

  if (!isEventKind(event.type)) {
    const given =
      typeof event.type === 'string' ? `"${clipText(sanitizeText(event.type, false), 64)}"` : 'missing';
    return withId({
      ok: false,
      code: event.type === undefined ? 'VALIDATION_FAILED' : 'UNSUPPORTED_VERSION',
      issues: [
        { path: 'type', message: `Event type ${given}; this endpoint takes ${EVENT_KIND_NAMES.join(', ')}` },
      ],
    });
  }
  const kind = event.type;
  const { topic, scope } = eventKinds[kind];

  if (!context.key.scopes.includes(scope)) {
    return withId({
      ok: false,
      code: 'FORBIDDEN',
      topic,
      issues: [{ path: 'type', message: `The API key lacks the scope ${scope} needed for ${kind} events` }],
    });
  }
  if (event.source !== undefined && event.source !== context.key.source) {
    const given = typeof event.source === 'string' ? clipText(sanitizeText(event.source, false), 64) : '?';
    return withId({
      ok: false,
      code: 'FORBIDDEN',
      topic,
      issues: [
        {
          path: 'source',
          message: `Source "${given}" is not the source of the API key ("${context.key.source}"); omit it or send that one`,
        },
      ],
    });
  }
  const version = topics[topic].version;
  if (event.v !== undefined && event.v !== version) {
    return withId({
      ok: false,
      code: 'UNSUPPORTED_VERSION',
      topic,
      issues: [
        {
          path: 'v',
          message: `Version ${String(event.v).slice(0, 20)} of ${kind} is not accepted; send v ${version}`,
        },
      ],
    });
  }

  const payload = normalisePayload(kind, event.payload);
  const envelope = {
    ...event,
    id: event.id ?? context.idFor(event),
    v: version,
    source: context.key.source,
    receivedAt: context.receivedAt,
    payload,
  };
  const parsed = parseTopicMessage(topic, envelope);
  if (!parsed.ok) return withId({ ok: false, code: 'VALIDATION_FAILED', topic, issues: parsed.issues });
  const message = parsed.message;
  // Consumers route and filter on `geo` without decoding payloads: fill it from the (validated) position.
  const geo = message.geo ?? message.payload.position;
  const value = geo === undefined || message.geo !== undefined ? message : { ...message, geo };
  return { ok: true, kind, topic, id: message.id, key: parsed.key, value: JSON.stringify(value) };
}
