import { describe, expect, it } from 'vitest';
import {
  actionQueued,
  emptyOfflineQueue,
  flushQueue,
  latestQueuedStatus,
  parseQueue,
  pendingCount,
  sendFailed,
  sendStarted,
  serializeQueue,
} from './offline-queue';
import type { FieldAction, OfflineQueueState, SendOutcome } from './offline-queue';

const status = (commandId: string, s: 'en_route' | 'on_scene' | 'available'): FieldAction => ({
  type: 'status',
  commandId,
  queuedAt: '2026-11-24T08:00:00.000Z',
  status: s,
  incidentId: 'inc-1',
  position: { lon: -72.3, lat: 18.5 },
});
const report = (commandId: string): FieldAction => ({
  type: 'report',
  commandId,
  queuedAt: '2026-11-24T08:01:00.000Z',
  text: 'Road blocked by a landslide',
  photo: 'data:image/jpeg;base64,AAAA',
});

function holderOf(initial: OfflineQueueState) {
  let state = initial;
  return { get: () => state, set: (next: OfflineQueueState) => void (state = next) };
}

describe('offline queue', () => {
  it('queues each action once, counts what is pending and knows the latest status chosen', () => {
    let state = actionQueued(emptyOfflineQueue, status('c1', 'en_route'));
    state = actionQueued(state, status('c1', 'en_route'));
    state = actionQueued(state, status('c2', 'on_scene'));
    state = actionQueued(state, report('c3'));
    expect(pendingCount(state)).toBe(2 + 1);
    expect(latestQueuedStatus(state, 'inc-1')).toBe('on_scene');
    expect(latestQueuedStatus(state, 'other')).toBeNull();
  });

  it('sends in order and stops at the first network failure, keeping the same command ids for the retry', async () => {
    const holder = holderOf(
      [status('c1', 'en_route'), status('c2', 'on_scene'), report('c3')].reduce(
        actionQueued,
        emptyOfflineQueue,
      ),
    );
    const seen: string[] = [];
    let online = false;
    const send = async (action: FieldAction): Promise<SendOutcome> => {
      seen.push(action.commandId);
      return online ? { ok: true } : { ok: false, retriable: true, message: 'Failed to fetch' };
    };
    expect(await flushQueue(holder, send)).toBe(0);
    expect(seen).toEqual(['c1']);
    expect(pendingCount(holder.get())).toBe(3);
    expect(holder.get().items[0]).toMatchObject({
      attempts: 1,
      lastError: 'Failed to fetch',
      sending: false,
    });
    online = true;
    expect(await flushQueue(holder, send)).toBe(3);
    expect(seen).toEqual(['c1', 'c1', 'c2', 'c3']);
    expect(pendingCount(holder.get())).toBe(0);
  });

  it('sets aside what the gateway refuses for good and goes on with the rest', async () => {
    const holder = holderOf([status('c1', 'en_route'), report('c2')].reduce(actionQueued, emptyOfflineQueue));
    const sent = await flushQueue(holder, async (action) =>
      action.commandId === 'c1' ? { ok: false, retriable: false, message: 'FORBIDDEN' } : { ok: true },
    );
    expect(sent).toBe(1);
    expect(pendingCount(holder.get())).toBe(0);
    expect(holder.get().rejected).toEqual([{ action: status('c1', 'en_route'), reason: 'FORBIDDEN' }]);
  });

  it('treats a thrown error as a network failure', async () => {
    const holder = holderOf(actionQueued(emptyOfflineQueue, report('c1')));
    expect(await flushQueue(holder, () => Promise.reject(new TypeError('network')))).toBe(0);
    expect(holder.get().items[0]?.lastError).toBe('network');
  });

  it('waits while an action is on its way', async () => {
    const state = sendStarted(actionQueued(emptyOfflineQueue, report('c1')), 'c1');
    let calls = 0;
    await flushQueue(holderOf(state), async () => {
      calls++;
      return { ok: true };
    });
    expect(calls).toBe(0);
    expect(sendFailed(state, 'unknown', { retriable: true, message: 'x' })).toBe(state);
  });

  it('survives a reload: serialised and parsed back, unreadable entries dropped', () => {
    const state = sendStarted(
      actionQueued(actionQueued(emptyOfflineQueue, status('c1', 'on_scene')), report('c2')),
      'c1',
    );
    const back = parseQueue(serializeQueue(state));
    expect(back.items.map((i) => i.action)).toEqual([status('c1', 'on_scene'), report('c2')]);
    expect(back.items.every((i) => !i.sending)).toBe(true);
    expect(back.items[0]?.attempts).toBe(1);
    const damaged = JSON.stringify({
      items: [{ action: { type: 'status', commandId: 'x' } }, JSON.parse(serializeQueue(state)).items[1]],
    });
    expect(parseQueue(damaged).items.map((i) => i.action.commandId)).toEqual(['c2']);
    expect(parseQueue('not json')).toEqual(emptyOfflineQueue);
    expect(parseQueue(null)).toEqual(emptyOfflineQueue);
  });
});
