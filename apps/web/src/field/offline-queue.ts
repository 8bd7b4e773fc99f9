// The phone's outbox: every field action (status change, report) is queued first, with the command id born
// here, and sent in order when the network allows; a retry sends the same id, so the gateway applies it once.
// Named pure operations plus a flush loop with the sending injected; persistence is a JSON string (kept in
// localStorage by the page), checked on load.
import { z } from 'zod';

export const FIELD_STATUSES = ['en_route', 'on_scene', 'available'] as const;
export type FieldStatus = (typeof FIELD_STATUSES)[number];

const ZPosition = z.object({ lon: z.number().min(-180).max(180), lat: z.number().min(-90).max(90) });

const ZQueuedStatus = z.object({
  type: z.literal('status'),
  commandId: z.string().min(1).max(64),
  queuedAt: z.string(),
  status: z.enum(FIELD_STATUSES),
  incidentId: z.string().min(1).max(128).optional(),
  position: ZPosition.optional(),
});

const ZQueuedReport = z.object({
  type: z.literal('report'),
  commandId: z.string().min(1).max(64),
  queuedAt: z.string(),
  text: z.string().min(1).max(8_000),
  incidentId: z.string().min(1).max(128).optional(),
  position: ZPosition.optional(),
  positionAccuracy: z.number().min(0).optional(),
  /** A downscaled JPEG as a data URL, until it is uploaded. */
  photo: z.string().max(3_000_000).optional(),
  /** The uploaded photo's media id: the photo left the phone, only the report remains to send. */
  mediaId: z.string().min(1).max(128).optional(),
});

export const ZFieldAction = z.discriminatedUnion('type', [ZQueuedStatus, ZQueuedReport]);
export type FieldAction = z.infer<typeof ZFieldAction>;
export type QueuedReport = z.infer<typeof ZQueuedReport>;

const ZQueuedAction = z.object({
  action: ZFieldAction,
  attempts: z.int().min(0),
  lastError: z.string().nullable(),
});
export type QueuedAction = z.infer<typeof ZQueuedAction> & { readonly sending: boolean };

export interface RejectedAction {
  readonly action: FieldAction;
  readonly reason: string;
}

export interface OfflineQueueState {
  /** In the order the actions were taken. */
  readonly items: readonly QueuedAction[];
  /** Refused by the gateway for good (not retried); shown so the user knows. */
  readonly rejected: readonly RejectedAction[];
}

export const emptyOfflineQueue: OfflineQueueState = { items: [], rejected: [] };

export function actionQueued(state: OfflineQueueState, action: FieldAction): OfflineQueueState {
  if (state.items.some((i) => i.action.commandId === action.commandId)) return state;
  return { ...state, items: [...state.items, { action, attempts: 0, lastError: null, sending: false }] };
}

export function sendStarted(state: OfflineQueueState, commandId: string): OfflineQueueState {
  return {
    ...state,
    items: state.items.map((i) =>
      i.action.commandId === commandId ? { ...i, sending: true, attempts: i.attempts + 1 } : i,
    ),
  };
}

/** The gateway took it: it leaves the queue. */
export function actionSent(state: OfflineQueueState, commandId: string): OfflineQueueState {
  return { ...state, items: state.items.filter((i) => i.action.commandId !== commandId) };
}

/** Part of an action went (a report's photo): the queue keeps the rest, under the same command id. */
export function actionProgressed(state: OfflineQueueState, action: FieldAction): OfflineQueueState {
  return {
    ...state,
    items: state.items.map((i) => (i.action.commandId === action.commandId ? { ...i, action } : i)),
  };
}

export interface SendFailure {
  /** Network down, gateway unreachable or busy: keep it and try again later. */
  readonly retriable: boolean;
  readonly message: string;
}

export function sendFailed(
  state: OfflineQueueState,
  commandId: string,
  failure: SendFailure,
): OfflineQueueState {
  const item = state.items.find((i) => i.action.commandId === commandId);
  if (item === undefined) return state;
  if (!failure.retriable) {
    return {
      items: state.items.filter((i) => i !== item),
      rejected: [...state.rejected, { action: item.action, reason: failure.message }],
    };
  }
  return {
    ...state,
    items: state.items.map((i) => (i === item ? { ...i, sending: false, lastError: failure.message } : i)),
  };
}

export function rejectionsCleared(state: OfflineQueueState): OfflineQueueState {
  return state.rejected.length === 0 ? state : { ...state, rejected: [] };
}

export function pendingCount(state: OfflineQueueState): number {
  return state.items.length;
}

/** The next action to send, in order; none while one is on its way (order matters: en route before on scene). */
export function nextToSend(state: OfflineQueueState): FieldAction | null {
  const first = state.items[0];
  return first === undefined || first.sending ? null : first.action;
}

/** The latest status the user set, sent or not (what the buttons show). */
export function latestQueuedStatus(state: OfflineQueueState, incidentId: string): FieldStatus | null {
  for (let i = state.items.length - 1; i >= 0; i--) {
    const action = state.items[i]!.action;
    if (action.type === 'status' && action.incidentId === incidentId) return action.status;
  }
  return null;
}

export function serializeQueue(state: OfflineQueueState): string {
  return JSON.stringify({
    items: state.items.map(({ action, attempts, lastError }) => ({ action, attempts, lastError })),
  });
}

/** The stored queue; what cannot be read is dropped rather than blocking the outbox. Nothing is mid-send. */
export function parseQueue(text: string | null): OfflineQueueState {
  if (text === null) return emptyOfflineQueue;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return emptyOfflineQueue;
  }
  const items = z.object({ items: z.array(z.unknown()) }).safeParse(raw);
  if (!items.success) return emptyOfflineQueue;
  const valid: QueuedAction[] = [];
  for (const item of items.data.items) {
    const parsed = ZQueuedAction.safeParse(item);
    if (parsed.success) valid.push({ ...parsed.data, sending: false });
  }
  return { items: valid, rejected: [] };
}

export type SendOutcome = { readonly ok: true } | ({ readonly ok: false } & SendFailure);

export interface QueueHolder {
  get(): OfflineQueueState;
  set(state: OfflineQueueState): void;
}

/**
 * Sends the queued actions in order until the queue is empty or a retriable failure (the network is still
 * down) stops it. Resolves with the number sent. Only one flush runs per holder at a time (the caller's job).
 */
export async function flushQueue(
  holder: QueueHolder,
  send: (action: FieldAction, progressed: (action: FieldAction) => void) => Promise<SendOutcome>,
): Promise<number> {
  let sent = 0;
  for (;;) {
    const action = nextToSend(holder.get());
    if (action === null) return sent;
    holder.set(sendStarted(holder.get(), action.commandId));
    let outcome: SendOutcome;
    try {
      outcome = await send(action, (next) => holder.set(actionProgressed(holder.get(), next)));
    } catch (error) {
      outcome = {
        ok: false,
        retriable: true,
        message: error instanceof Error ? error.message : String(error),
      };
    }
    if (outcome.ok) {
      holder.set(actionSent(holder.get(), action.commandId));
      sent++;
    } else {
      holder.set(sendFailed(holder.get(), action.commandId, outcome));
      if (outcome.retriable) return sent;
    }
  }
}
