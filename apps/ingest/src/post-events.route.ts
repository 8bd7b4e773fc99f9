/**
 * `POST /api/v1/events`: a batch of events (JSON array or NDJSON) from a source holding an API key.
 *
 * Good events go to their raw topic, refused ones to `deadletter` with the reason and their original
 * bytes, and the answer leaves only once the log acknowledged both: 202 when every event was taken,
 * 400 with per-event errors (and how many were taken) when some were refused.
 */
import type { ProduceRecord } from '@vigie/bus/log';
import type { ErrorCode } from '@vigie/contracts/errors';
import type { TIssue } from '@vigie/contracts/issues';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { authenticate, bearerToken } from './authenticate-request';
import { contentEventId } from './content-event-id';
import { deadLetterRecord, UNKNOWN_ORIGIN } from './dead-letter-record';
import { allowedKinds, eventKinds } from './event-kinds';
import type { EventKind } from './event-kinds';
import type { IngestContext } from './ingest-context';
import { forbidden, rateLimited } from './ingest-error';
import { parseEventBatch } from './parse-event-batch';
import { prepareEvent } from './prepare-event';
import { publishRecords } from './publish-records';

/** At most this many per-event errors are listed in a 400 answer (all of them are dead-lettered). */
const MAX_LISTED_ERRORS = 1_000;

export interface EventError {
  index: number;
  id?: string;
  code: ErrorCode;
  issues: { path: string; message: string }[];
}

export interface EventsAnswer {
  accepted: number;
  rejected: number;
}

function kindLabel(kind: string | undefined): string {
  return kind ?? 'unknown';
}

export function registerPostEvents(app: FastifyInstance, context: IngestContext): void {
  const { config, metrics } = context;

  app.post(
    '/api/v1/events',
    { bodyLimit: config.maxBodyBytes },
    async (request: FastifyRequest, reply: FastifyReply) => {
      const key = await authenticate(context.keys, bearerToken(request.headers.authorization));
      const items = parseEventBatch(
        request.body as Buffer | undefined,
        request.headers['content-type'],
        config.maxEventsPerRequest,
      );
      if (allowedKinds(key.scopes).length === 0) {
        metrics.events.inc({ kind: 'unknown', outcome: 'forbidden' }, items.length);
        throw forbidden(
          `The API key of source "${key.source}" has none of the scopes events:position, events:reading, events:report`,
          { scopes: key.scopes },
        );
      }
      const taken = context.limiter.take(key.id, items.length);
      if (!taken.ok) {
        metrics.events.inc({ kind: 'unknown', outcome: 'rate_limited' }, items.length);
        throw rateLimited(taken.retryAfterS);
      }

      const receivedMs = Date.now();
      const receivedAt = new Date(receivedMs).toISOString();
      const good = new Map<string, ProduceRecord[]>();
      const goodKinds = new Map<EventKind, number>();
      const deadLetters: ProduceRecord[] = [];
      const errors: EventError[] = [];
      const refusedKinds = new Map<string, number>();
      let forbiddenCount = 0;

      const refuse = (
        index: number,
        code: ErrorCode,
        issues: readonly TIssue[],
        original: Uint8Array | string,
        originTopic: string,
        id: string | undefined,
        kind: string | undefined,
      ) => {
        const error: EventError = {
          index,
          code,
          issues: issues.map(({ path, message }) => ({ path, message })),
        };
        if (id !== undefined) error.id = id;
        errors.push(error);
        if (code === 'FORBIDDEN') forbiddenCount++;
        refusedKinds.set(kindLabel(kind), (refusedKinds.get(kindLabel(kind)) ?? 0) + 1);
        deadLetters.push(
          deadLetterRecord({
            originTopic,
            code,
            issues,
            original,
            source: key.source,
            failedAt: receivedAt,
            newId: context.newId,
          }),
        );
      };

      for (const item of items) {
        if (item.decodeIssues !== undefined) {
          refuse(
            item.index,
            'DECODE_FAILED',
            item.decodeIssues,
            item.original,
            UNKNOWN_ORIGIN,
            undefined,
            undefined,
          );
          continue;
        }
        const prepared = prepareEvent(item.value, {
          key,
          receivedAt,
          idFor: (event) => contentEventId(key.source, item.original, event.occurredAt, receivedMs),
        });
        if (!prepared.ok) {
          const kind = prepared.topic === undefined ? undefined : kindOfTopic(prepared.topic);
          refuse(
            item.index,
            prepared.code,
            prepared.issues,
            item.original,
            prepared.topic ?? UNKNOWN_ORIGIN,
            prepared.id,
            kind,
          );
          continue;
        }
        const topic = context.topicName(prepared.topic);
        let records = good.get(topic);
        if (records === undefined) good.set(topic, (records = []));
        records.push({ key: prepared.key, value: prepared.value });
        goodKinds.set(prepared.kind, (goodKinds.get(prepared.kind) ?? 0) + 1);
      }

      const accepted = items.length - errors.length;
      if (accepted === 0 && forbiddenCount === errors.length) {
        // Nothing this key may send: refuse the request as a whole (nothing written anywhere).
        metrics.events.inc({ kind: 'unknown', outcome: 'forbidden' }, items.length);
        const reasons = [...new Set(errors.flatMap((e) => e.issues.map((i) => i.message)))];
        throw forbidden(
          `No event of this request is allowed for this API key: ${reasons.slice(0, 5).join('; ')}`,
          {
            errors: errors.slice(0, MAX_LISTED_ERRORS),
          },
        );
      }

      if (deadLetters.length > 0) good.set(context.topicName('deadletter'), deadLetters);
      try {
        await publishRecords(context.log, config, good, context.onUnknownTopic);
      } catch (error) {
        metrics.events.inc({ kind: 'unknown', outcome: 'unavailable' }, items.length);
        throw error;
      }
      for (const [kind, count] of goodKinds) metrics.events.inc({ kind, outcome: 'accepted' }, count);
      for (const [kind, count] of refusedKinds) metrics.events.inc({ kind, outcome: 'rejected' }, count);

      if (errors.length === 0) {
        const answer: EventsAnswer = { accepted, rejected: 0 };
        return reply.code(202).send(answer);
      }
      request.log.debug({ source: key.source, accepted, rejected: errors.length }, 'events refused');
      return reply.code(400).send({
        code: 'VALIDATION_FAILED',
        message: `${errors.length} of ${items.length} events refused, ${accepted} accepted; the refused ones are listed in errors`,
        retriable: false,
        accepted,
        rejected: errors.length,
        errors: errors.slice(0, MAX_LISTED_ERRORS),
        ...(errors.length > MAX_LISTED_ERRORS ? { errorsTruncated: true } : {}),
      });
    },
  );
}

function kindOfTopic(topic: string): EventKind | undefined {
  for (const [kind, definition] of Object.entries(eventKinds)) {
    if (definition.topic === topic) return kind as EventKind;
  }
  return undefined;
}
