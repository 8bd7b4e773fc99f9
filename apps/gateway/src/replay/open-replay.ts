/**
 * Opens a replay session: the timeline of the range (event density histogram, incident markers) and a
 * session whose first frame is the snapshot at the start of the range.
 */
import type { ReplayGatewayToClientEvents } from '@vigie/contracts/replay-socket-catalog';
import { eventHistogram, incidentMarkers } from '@vigie/db/replay-repository';
import type { ReplaySessionOptions } from './replay-session';
import { wireSeverity } from './load-replay-snapshot';
import { ReplaySession } from './replay-session';

type OpenedPayload = Parameters<ReplayGatewayToClientEvents['opened']>[0];

const NICE_BUCKETS = [60, 120, 300, 600, 900, 1_800, 3_600, 7_200, 10_800, 21_600, 43_200, 86_400];

/** Bucket width giving at most `maxBuckets` buckets over `rangeMs`, from a list of round values. */
export function bucketSecondsFor(rangeMs: number, maxBuckets = 300): number {
  for (const seconds of NICE_BUCKETS) if (rangeMs / (seconds * 1000) <= maxBuckets) return seconds;
  return NICE_BUCKETS[NICE_BUCKETS.length - 1] ?? 86_400;
}

export async function openReplay(
  options: ReplaySessionOptions,
): Promise<{ session: ReplaySession; opened: OpenedPayload }> {
  const { db, from, to } = options;
  const bucketSeconds = bucketSecondsFor(to.getTime() - from.getTime());
  const [histogram, markers] = await Promise.all([
    eventHistogram(db, from, to, bucketSeconds),
    incidentMarkers(db, from, to),
  ]);
  const opened: OpenedPayload = {
    v: 1,
    sessionId: options.sessionId,
    from: from.toISOString(),
    to: to.toISOString(),
    layers: [...options.layers],
    ...(options.bbox === undefined ? {} : { bbox: options.bbox }),
    bucketSeconds,
    histogram: histogram.map((b) => ({ at: b.at.toISOString(), count: b.count })),
    incidents: markers.map((m) => ({
      incidentId: m.incidentId,
      seq: m.seq,
      change: m.change.slice(0, 64),
      at: m.at.toISOString(),
      title: m.title.slice(0, 500),
      severity: wireSeverity(m.severity),
    })),
  };
  return { session: new ReplaySession(options), opened };
}
