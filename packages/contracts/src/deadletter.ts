// deadletter: anything a consumer rejected, with the reason and the original bytes, so that it can be
// inspected and replayed after a fix. Keyed by origin topic.
import { z } from 'zod';
import { envelopeOf } from './envelope';
import { ZErrorCode } from './errors';
import type { ErrorCode } from './errors';
import { ZIssue } from './issues';
import type { TIssue } from './issues';
import { ZIsoDateTime, boundedId, boundedLine, boundedText, clipText, sanitizeText } from './primitives';

/** Originals above this size are truncated (and flagged) before being base64-encoded. */
export const DEADLETTER_MAX_ORIGINAL_BYTES = 512 * 1024;

/** Kafka topic name rules: letters, digits, `.`, `_`, `-`, at most 249 characters. */
export const ZTopicNameString = z
  .string()
  .regex(/^[A-Za-z0-9._-]{1,249}$/, { error: 'Not a valid topic name' });

export const ZDeadLetterV1 = z
  .object({
    originTopic: ZTopicNameString,
    code: ZErrorCode,
    message: boundedText(2_000, 1),
    issues: z.array(ZIssue).max(100),
    /** Original message value, base64; possibly truncated to DEADLETTER_MAX_ORIGINAL_BYTES. */
    original: z.base64().max(Math.ceil(DEADLETTER_MAX_ORIGINAL_BYTES / 3) * 4),
    /** Size of the original value in bytes, before any truncation. */
    originalBytes: z.int().min(0),
    truncated: z.boolean(),
    /** Original message key, when it had one. */
    key: boundedLine(1_024).optional(),
    partition: z.int().min(0).optional(),
    /** Offset in the origin partition (a 64-bit integer, as a decimal string). */
    offset: z
      .string()
      .regex(/^\d{1,20}$/)
      .optional(),
    /** Consumer group or app that rejected it. */
    consumer: boundedId(128).optional(),
    failedAt: ZIsoDateTime,
  })
  .meta({ description: 'Rejected message with its reason and original bytes, v1' });
export type TDeadLetterV1 = z.infer<typeof ZDeadLetterV1>;

export const ZDeadLetterEventV1 = envelopeOf('deadletter', 1, ZDeadLetterV1);
export type TDeadLetterEventV1 = z.infer<typeof ZDeadLetterEventV1>;

/** Base64 of bytes without Buffer (runs in browsers too). */
export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) {
    binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  }
  return btoa(binary);
}

export interface DeadLetterInput {
  originTopic: string;
  code: ErrorCode;
  message: string;
  issues?: readonly TIssue[];
  /** The original message value; a string is taken as its UTF-8 text. */
  original: Uint8Array | string;
  key?: string;
  partition?: number;
  offset?: string;
  consumer?: string;
  failedAt: string;
}

/** Builds a dead-letter payload: encodes (and truncates) the original and bounds the message and issues. */
export function deadLetterPayload(input: DeadLetterInput): TDeadLetterV1 {
  const bytes =
    typeof input.original === 'string' ? new TextEncoder().encode(input.original) : input.original;
  const truncated = bytes.length > DEADLETTER_MAX_ORIGINAL_BYTES;
  const payload: TDeadLetterV1 = {
    originTopic: input.originTopic,
    code: input.code,
    message: clipText(sanitizeText(input.message, true) || input.code, 2_000),
    issues: (input.issues ?? []).slice(0, 100),
    original: bytesToBase64(truncated ? bytes.subarray(0, DEADLETTER_MAX_ORIGINAL_BYTES) : bytes),
    originalBytes: bytes.length,
    truncated,
    failedAt: input.failedAt,
  };
  if (input.key !== undefined) payload.key = clipText(sanitizeText(input.key, false), 1_024);
  if (input.partition !== undefined) payload.partition = input.partition;
  if (input.offset !== undefined) payload.offset = input.offset;
  if (input.consumer !== undefined) payload.consumer = input.consumer;
  return payload;
}
