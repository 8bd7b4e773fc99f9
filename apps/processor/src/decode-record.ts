/**
 * Validate stage: the bytes of one raw record → a typed event, or the reason it must go to the
 * dead-letter topic. Decoding failures (not UTF-8 JSON), contract violations (wrong types, out-of-range
 * coordinates, oversized or control-character strings — all refused by the zod contract), an unknown
 * type or version, and active markup in any string of the payload are all rejected here, so nothing
 * after this stage sees untrusted shapes.
 */
import type { ErrorCode } from '@vigie/contracts/errors';
import type { TIssue } from '@vigie/contracts/issues';
import { summariseIssues } from '@vigie/contracts/issues';
import { decodeTopicMessage } from '@vigie/contracts/topics';
import type { TopicMessage } from '@vigie/contracts/topics';
import { findHostileMarkup } from '@vigie/domain/detect-markup';

export type RawTopic = 'raw.positions' | 'raw.readings' | 'raw.reports';

export type DecodedRecord<Name extends RawTopic> =
  | {
      ok: true;
      event: TopicMessage<Name>;
      /** Partition key the catalog computes for the event. */
      key: string;
      /** False when the record was produced with another key (it may sit in the wrong partition). */
      keyMatches: boolean;
    }
  | { ok: false; code: ErrorCode; message: string; issues: TIssue[] };

function rejected(code: ErrorCode, issues: TIssue[]): DecodedRecord<never> {
  return { ok: false, code, message: summariseIssues(issues), issues };
}

export function decodeRecord<Name extends RawTopic>(
  topic: Name,
  record: { readonly value: Uint8Array; readonly key: string },
): DecodedRecord<Name> {
  if (record.value.length === 0) {
    return rejected('DECODE_FAILED', [{ path: '', message: 'Empty message' }]);
  }
  const parsed = decodeTopicMessage(topic, record.value);
  if (!parsed.ok) {
    const versionIssue = parsed.issues.some((i) => i.path === 'v' || i.path === 'type');
    return rejected(
      parsed.code === 'VALIDATION_FAILED' && versionIssue ? 'UNSUPPORTED_VERSION' : parsed.code,
      parsed.issues,
    );
  }
  const markup = findHostileMarkup(parsed.message.payload, { path: 'payload' });
  if (markup !== null) {
    return rejected('VALIDATION_FAILED', [
      { path: markup.path, message: markup.reason, code: 'hostile_markup' },
    ]);
  }
  return { ok: true, event: parsed.message, key: parsed.key, keyMatches: parsed.key === record.key };
}
