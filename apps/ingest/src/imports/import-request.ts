/**
 * What every import route does before parsing: the API key and its scope, the body as bytes, and
 * the per-key token bucket (charged one token per item once the file is parsed).
 */
import type { ApiKeyScope, VerifiedApiKey } from '@vigie/db/api-keys-repository';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { authenticate, bearerToken } from '../authenticate-request';
import type { IngestContext } from '../ingest-context';
import { forbidden, IngestError, rateLimited } from '../ingest-error';
import type { ImportAnswer } from './publish-import';

export async function authoriseImport(
  context: IngestContext,
  request: FastifyRequest,
  scope: ApiKeyScope,
): Promise<{ key: VerifiedApiKey; body: Buffer }> {
  const key = await authenticate(context.keys, bearerToken(request.headers.authorization));
  if (!key.scopes.includes(scope)) {
    throw forbidden(`The API key of source "${key.source}" lacks the scope ${scope} needed for this import`);
  }
  const body = request.body;
  if (!Buffer.isBuffer(body) || body.length === 0) {
    throw new IngestError('VALIDATION_FAILED', 'Empty body: send the file as the request body');
  }
  return { key, body };
}

/** Charges the key's bucket for `count` items (at least one per request). */
export function chargeImport(context: IngestContext, key: VerifiedApiKey, count: number): void {
  const taken = context.limiter.take(key.id, Math.max(1, count));
  if (!taken.ok) throw rateLimited(taken.retryAfterS);
}

/** 202 when something was taken or nothing was refused; 400 when every item was refused. */
export function sendImportAnswer(reply: FastifyReply, answer: ImportAnswer): FastifyReply {
  if (answer.accepted === 0 && answer.rejected > 0) {
    return reply.code(400).send({
      code: 'VALIDATION_FAILED',
      message: `Nothing in this file could be used: ${answer.rejected} item(s) refused; see errors`,
      retriable: false,
      ...answer,
    });
  }
  return reply.code(202).send(answer);
}

/** Query string values as text (Fastify gives `unknown`). */
export function queryText(request: FastifyRequest, name: string): string | undefined {
  const value = (request.query as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}
