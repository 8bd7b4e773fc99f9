/**
 * Which keyframe instants are due: multiples of the interval (aligned on the epoch, so every
 * processor instance picks the same instants) after the last keyframe written, up to `now - lag` (the
 * lag lets late fixes of an instant arrive before its keyframe is written). With no keyframe yet, only
 * the latest due instant: history before it is not backfilled.
 */
export interface DueKeyframesOptions {
  intervalMs: number;
  lagMs: number;
  /** Most instants returned (the oldest are skipped when more are due). */
  max: number;
}

export function dueKeyframes(last: Date | null, now: Date, options: DueKeyframesOptions): Date[] {
  const { intervalMs, lagMs, max } = options;
  const latest = Math.floor((now.getTime() - lagMs) / intervalMs) * intervalMs;
  if (last === null) return [new Date(latest)];
  const out: Date[] = [];
  const first = Math.floor(last.getTime() / intervalMs) * intervalMs + intervalMs;
  for (let t = Math.max(first, latest - (max - 1) * intervalMs); t <= latest; t += intervalMs) {
    out.push(new Date(t));
  }
  return out;
}
