/**
 * What every detector yields: alert drafts shaped as `TLiveAlertV1`, with ids derived from what was
 * detected (the rule, the key, the start of the episode) so that processing the same input again gives
 * the same ids and the alert is updated, never duplicated.
 */
import type { TEvidence, TLiveAlertV1 } from '@vigie/contracts/live-alerts';
import type { TSeverity } from '@vigie/contracts/severity';
import { severityRank } from '@vigie/contracts/severity';

export type AlertDraft = TLiveAlertV1;

/** Two 32-bit FNV-1a variants side by side: a 64-bit, deterministic, platform-independent digest. */
function digest(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193) >>> 0;
    b = Math.imul(b ^ c ^ (i & 0xff), 0x5bd1e995) >>> 0;
  }
  return a.toString(16).padStart(8, '0') + b.toString(16).padStart(8, '0');
}

/**
 * A stable alert id: `<kind>-<digest of the parts>`. The parts name the episode (rule, sensor or
 * asset or cell, start time), so the same episode always gets the same id.
 */
export function stableAlertId(kind: string, ...parts: readonly (string | number)[]): string {
  return `${kind}-${digest(parts.map(String).join('\u001f'))}`;
}

/** One step up the severity ladder (`extreme` stays `extreme`). */
export function raiseSeverity(severity: TSeverity, steps = 1): TSeverity {
  const ladder: TSeverity[] = ['info', 'minor', 'moderate', 'severe', 'extreme'];
  return ladder[Math.min(ladder.length - 1, severityRank[severity] + steps)]!;
}

/** Keeps the newest evidence items, at most `max`, without repeating an event id. */
export function mergeEvidence(
  previous: readonly TEvidence[],
  added: readonly TEvidence[],
  max = 50,
): TEvidence[] {
  const seen = new Set<string>();
  const out: TEvidence[] = [];
  for (const item of [...previous, ...added]) {
    if (seen.has(item.eventId)) continue;
    seen.add(item.eventId);
    out.push(item);
  }
  return out.slice(-max);
}

export const iso = (ms: number): string => new Date(ms).toISOString();

/** Parses a duration written like `10m`, `2h`, `45s`, `3d` or `500ms` into milliseconds. */
export function parseDuration(text: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)$/.exec(text.trim());
  if (match === null) throw new RangeError(`Not a duration: ${text}`);
  const unit = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }[match[2] as 'ms'];
  return Number(match[1]) * unit;
}
