/**
 * The common end of every file import: each item the file gave becomes an envelope of `topic`
 * (attributed to the key's source, id derived from the item's bytes so a re-sent file is deduplicated
 * downstream), checked against the topic contract; items failing the contract go to `deadletter`; the
 * answer lists every item refused, by its place in the file, with the reason.
 */
import type { ProduceRecord } from '@vigie/bus/log';
import type { TIssue } from '@vigie/contracts/issues';
import { summariseIssues } from '@vigie/contracts/issues';
import { clipText, sanitizeText } from '@vigie/contracts/primitives';
import { parseTopicMessage, topics } from '@vigie/contracts/topics';
import { contentEventId } from '../content-event-id';
import { deadLetterRecord } from '../dead-letter-record';
import type { IngestTopicName } from '../ensure-ingest-topics';
import type { IngestContext } from '../ingest-context';
import { publishRecords } from '../publish-records';

/** At most this many refused items are listed in an answer (all are counted). */
export const MAX_LISTED_IMPORT_ERRORS = 1_000;

export interface ImportItem {
  /** Where in the file: `line 12`, `row 4`, `trk "Run" / segment[1] / point[3]`. */
  where: string;
  occurredAt: string;
  payload: unknown;
  /** The bytes it came from (the line, the row), kept in dead letters and hashed into the event id. */
  original: string;
}

export interface ImportError {
  where: string;
  reason: string;
}

export interface ImportAnswer {
  accepted: number;
  rejected: number;
  errors: ImportError[];
  errorsTruncated?: boolean;
  warnings?: string[];
}

export interface ImportBatch {
  topic: Extract<IngestTopicName, 'raw.positions' | 'raw.readings' | 'raw.inventory' | 'raw.media'>;
  source: string;
  items: readonly ImportItem[];
  /** Items the parser already refused (they never became events). */
  refused: readonly ImportError[];
  warnings?: readonly string[];
}

type Topic = ImportBatch['topic'];

/** Envelope of one item, checked; the record to produce or the issues that refuse it. */
export function importRecord(
  topic: Topic,
  source: string,
  item: ImportItem,
  receivedAt: string,
): { ok: true; record: ProduceRecord } | { ok: false; issues: TIssue[] } {
  const definition = topics[topic];
  const receivedMs = Date.parse(receivedAt);
  const payload = item.payload as { position?: unknown };
  const envelope = {
    id: contentEventId(source, `${topic}\n${item.original}`, item.occurredAt, receivedMs),
    type: definition.type,
    v: definition.version,
    source,
    occurredAt: item.occurredAt,
    receivedAt,
    ...(payload.position === undefined ? {} : { geo: payload.position }),
    payload: item.payload,
  };
  const parsed = parseTopicMessage(topic, envelope);
  if (!parsed.ok) return { ok: false, issues: parsed.issues };
  return { ok: true, record: { key: parsed.key, value: JSON.stringify(parsed.message) } };
}

/** Publishes an import and returns the answer (throws 503 when the log cannot take it). */
export async function publishImport(context: IngestContext, batch: ImportBatch): Promise<ImportAnswer> {
  const receivedAt = new Date().toISOString();
  const records: ProduceRecord[] = [];
  const deadLetters: ProduceRecord[] = [];
  // Reasons may quote the file's own text: control characters are replaced before they reach the answer.
  const clean = (text: string) => clipText(sanitizeText(text, false), 500);
  const errors: ImportError[] = batch.refused.map((e) => ({
    where: clean(e.where),
    reason: clean(e.reason),
  }));
  for (const item of batch.items) {
    const result = importRecord(batch.topic, batch.source, item, receivedAt);
    if (result.ok) {
      records.push(result.record);
      continue;
    }
    errors.push({ where: clean(item.where), reason: clean(summariseIssues(result.issues)) });
    deadLetters.push(
      deadLetterRecord({
        originTopic: batch.topic,
        code: 'VALIDATION_FAILED',
        issues: result.issues,
        original: item.original,
        source: batch.source,
        failedAt: receivedAt,
        newId: context.newId,
      }),
    );
  }
  const byTopic = new Map<string, ProduceRecord[]>();
  if (records.length > 0) byTopic.set(context.topicName(batch.topic), records);
  if (deadLetters.length > 0) byTopic.set(context.topicName('deadletter'), deadLetters);
  await publishRecords(context.log, context.config, byTopic, context.onUnknownTopic);
  const answer: ImportAnswer = {
    accepted: records.length,
    rejected: errors.length,
    errors: errors.slice(0, MAX_LISTED_IMPORT_ERRORS),
  };
  if (errors.length > MAX_LISTED_IMPORT_ERRORS) answer.errorsTruncated = true;
  if (batch.warnings && batch.warnings.length > 0)
    answer.warnings = batch.warnings.slice(0, 1_000).map(clean);
  return answer;
}
