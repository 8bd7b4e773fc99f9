// The period a replay covers, from the page address (`?from=…&to=…&at=…&speed=…`, ISO-8601) or from the
// period form (datetime-local fields, in the browser's time zone). Pure.
import { REPLAY_MAX_RANGE_HOURS } from '@vigie/contracts/replay-socket-catalog';
import { isSpeed } from './replay-clock';
import type { Speed } from './replay-clock';
import type { TimeRange } from './timeline';

export const DEFAULT_REPLAY_HOURS = 6;
const HOUR = 3_600_000;

export interface ReplayParams {
  readonly range: TimeRange;
  /** Where to put the cursor once the session is open. */
  readonly atMs: number | null;
  readonly speed: Speed | null;
}

function parseInstant(value: string | null): number | null {
  if (value === null || value === '') return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : ms;
}

/** Whether a session may cover `range`: start before end, at most the gateway's longest range. */
export function isValidRange(range: TimeRange): boolean {
  return range.startMs < range.endMs && range.endMs - range.startMs <= REPLAY_MAX_RANGE_HOURS * HOUR;
}

/** The last `DEFAULT_REPLAY_HOURS` up to `nowMs`, on whole minutes. */
export function defaultRange(nowMs: number): TimeRange {
  const endMs = Math.floor(nowMs / 60_000) * 60_000;
  return { startMs: endMs - DEFAULT_REPLAY_HOURS * HOUR, endMs };
}

/** Reads the page address; anything missing or invalid falls back to the default period. */
export function parseReplayParams(search: string, nowMs: number): ReplayParams {
  const params = new URLSearchParams(search);
  const from = parseInstant(params.get('from'));
  const to = parseInstant(params.get('to'));
  const candidate = { startMs: from ?? (to ?? nowMs) - DEFAULT_REPLAY_HOURS * HOUR, endMs: to ?? nowMs };
  const range = isValidRange(candidate) ? candidate : defaultRange(nowMs);
  const at = parseInstant(params.get('at'));
  const speed = Number(params.get('speed'));
  return {
    range,
    atMs: at !== null && at >= range.startMs && at <= range.endMs ? at : null,
    speed: isSpeed(speed) ? speed : null,
  };
}

/** The address of a replay of `range`. */
export function replayHref(range: TimeRange, atMs?: number): string {
  const params = new URLSearchParams({
    from: new Date(range.startMs).toISOString(),
    to: new Date(range.endMs).toISOString(),
  });
  if (atMs !== undefined) params.set('at', new Date(atMs).toISOString());
  return `/replay?${params.toString()}`;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** `YYYY-MM-DDTHH:mm` in the browser's time zone, for an `<input type="datetime-local">`. */
export function toLocalInput(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** The instant of a datetime-local value (browser's time zone), or null when empty or invalid. */
export function fromLocalInput(value: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value)) return null;
  const ms = new Date(value).getTime();
  return Number.isNaN(ms) ? null : ms;
}
