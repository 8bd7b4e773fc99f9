/**
 * Rate limiting per channel with a digest: in each fixed window a channel sends at most
 * `maxPerWindow` messages; what comes after is held back, and when the window ends the held-back
 * items go out as one digest. A storm of N alerts thus becomes at most `maxPerWindow` messages plus
 * one digest per window. Pure: the state is a value, time is passed in.
 */

export interface RateLimitPolicy {
  maxPerWindow: number;
  windowMs: number;
}

export interface ChannelWindow<Item> {
  /** Start of the current window (ms since epoch), or null before the first message. */
  startedAt: number | null;
  sent: number;
  /** Items held back in this window, for the digest. */
  held: Item[];
}

export function emptyWindow<Item>(): ChannelWindow<Item> {
  return { startedAt: null, sent: 0, held: [] };
}

export interface Digest<Item> {
  items: Item[];
  windowStartedAt: number;
  windowEndsAt: number;
}

export type Admission<Item> =
  | { decision: 'send'; state: ChannelWindow<Item>; digest: Digest<Item> | null }
  | { decision: 'hold'; state: ChannelWindow<Item>; digest: Digest<Item> | null };

/**
 * Closes the window when it has ended: returns the digest of held items (null when none) and a fresh
 * state. Call it on a timer too, so a digest goes out even when no new item comes.
 */
export function closeWindowIfEnded<Item>(
  state: ChannelWindow<Item>,
  now: number,
  policy: RateLimitPolicy,
): { state: ChannelWindow<Item>; digest: Digest<Item> | null } {
  if (state.startedAt === null || now < state.startedAt + policy.windowMs) return { state, digest: null };
  const digest =
    state.held.length === 0
      ? null
      : {
          items: state.held,
          windowStartedAt: state.startedAt,
          windowEndsAt: state.startedAt + policy.windowMs,
        };
  return { state: emptyWindow(), digest };
}

/** Decides whether `item` is sent now or held for the digest. */
export function admitNotification<Item>(
  state: ChannelWindow<Item>,
  item: Item,
  now: number,
  policy: RateLimitPolicy,
): Admission<Item> {
  const closed = closeWindowIfEnded(state, now, policy);
  const current = closed.state.startedAt === null ? { ...closed.state, startedAt: now } : closed.state;
  if (current.sent < policy.maxPerWindow)
    return { decision: 'send', state: { ...current, sent: current.sent + 1 }, digest: closed.digest };
  return { decision: 'hold', state: { ...current, held: [...current.held, item] }, digest: closed.digest };
}
