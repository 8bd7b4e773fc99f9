/**
 * How far a report can be trusted before anyone confirmed it, 0 (not at all) to 1 (confirmed): a
 * simple additive score from where it came from and what it carries. Field staff and news outlets
 * start higher than anonymous social posts; a precise position, attached media and a clear category
 * add to it. Only a person confirms, so the score stops at 0.95.
 */
import type { TReportChannel } from '@vigie/contracts/reports';

export interface CredibilityInput {
  channel: TReportChannel;
  /** Whether the report has coordinates, and how precise they are (metres), when known. */
  hasPosition: boolean;
  positionAccuracyM?: number | null;
  mediaCount: number;
  /** Confidence of the category (1 when the source stated it, e.g. a field form). */
  categoryConfidence: number;
}

const CHANNEL_BASE: Record<TReportChannel, number> = {
  field: 0.7,
  news: 0.6,
  message: 0.45,
  sms: 0.4,
  social: 0.3,
};

export function reportCredibility(input: CredibilityInput): number {
  let score = CHANNEL_BASE[input.channel];
  if (input.hasPosition) {
    const accuracy = input.positionAccuracyM;
    score += accuracy === undefined || accuracy === null ? 0.05 : accuracy <= 1_000 ? 0.1 : 0.03;
  }
  if (input.mediaCount > 0) score += 0.1;
  score += 0.1 * Math.max(0, Math.min(1, input.categoryConfidence));
  return Math.round(Math.min(0.95, Math.max(0, score)) * 100) / 100;
}
