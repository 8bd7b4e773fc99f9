// The one severity scale Vigie uses for the alerts it raises and for incidents.
// It follows CAP's ladder (Minor < Moderate < Severe < Extreme) with `info` below it for notices;
// raw external alerts keep CAP's own values and are mapped onto this scale by the processor.
import { z } from 'zod';

export const ZSeverity = z.enum(['info', 'minor', 'moderate', 'severe', 'extreme']).meta({
  description: 'Vigie severity, lowest to highest',
});
export type TSeverity = z.infer<typeof ZSeverity>;

/** Rank of each severity: 0 (`info`) to 4 (`extreme`). */
export const severityRank: Readonly<Record<TSeverity, number>> = {
  info: 0,
  minor: 1,
  moderate: 2,
  severe: 3,
  extreme: 4,
};

/** Negative when `a` is less severe than `b`, 0 when equal, positive when more severe. */
export function compareSeverity(a: TSeverity, b: TSeverity): number {
  return severityRank[a] - severityRank[b];
}

/** The highest of the given severities (`info` for none). */
export function maxSeverity(...severities: readonly TSeverity[]): TSeverity {
  let max: TSeverity = 'info';
  for (const s of severities) if (severityRank[s] > severityRank[max]) max = s;
  return max;
}
