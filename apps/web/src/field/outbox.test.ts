// The outbox against a stand-in for the page's window: storage, the online flag and its events, timers.
import { waitFor } from '@vigie/testing/wait-for';
import { describe, expect, it } from 'vitest';
import { openOutbox } from './outbox';
import type { FieldAction, SendOutcome } from './offline-queue';

function fakeWindow(online: boolean) {
  const storage = new Map<string, string>();
  const listeners = new Map<string, Set<() => void>>();
  const win = {
    navigator: { onLine: online },
    localStorage: {
      getItem: (k: string) => storage.get(k) ?? null,
      setItem: (k: string, v: string) => void storage.set(k, v),
    },
    addEventListener: (type: string, listener: () => void) => {
      if (!listeners.has(type)) listeners.set(type, new Set());
      listeners.get(type)!.add(listener);
    },
    removeEventListener: (type: string, listener: () => void) => listeners.get(type)?.delete(listener),
    setInterval: (fn: () => void, ms: number) => setInterval(fn, ms),
    clearInterval: (id: ReturnType<typeof setInterval>) => clearInterval(id),
  };
  const goOnline = () => {
    win.navigator.onLine = true;
    for (const listener of listeners.get('online') ?? []) listener();
  };
  return { win: win as unknown as Window, storage, goOnline };
}

const status = (commandId: string): FieldAction => ({
  type: 'status',
  commandId,
  queuedAt: '2026-11-24T08:00:00.000Z',
  status: 'on_scene',
  incidentId: 'inc-1',
});

describe('outbox', () => {
  it('keeps actions on the device while offline and sends them, once, when the browser is back online', async () => {
    const { win, storage, goOnline } = fakeWindow(false);
    const sent: string[] = [];
    const send = async (action: FieldAction): Promise<SendOutcome> => {
      sent.push(action.commandId);
      return { ok: true };
    };
    const outbox = openOutbox(win, send);
    outbox.queue(status('c1'));
    outbox.queue(status('c2'));
    expect(outbox.store.getState().items).toHaveLength(2);
    expect(JSON.parse(storage.get('vigie.field.outbox')!).items).toHaveLength(2);
    expect(sent).toEqual([]);

    // A reload while offline finds the same queue.
    const reopened = openOutbox(win, send);
    expect(reopened.store.getState().items.map((i) => i.action.commandId)).toEqual(['c1', 'c2']);
    reopened.close();

    goOnline();
    await waitFor(() => (outbox.store.getState().items.length === 0 ? true : undefined), { what: 'sent' });
    expect(sent).toEqual(['c1', 'c2']);
    expect(JSON.parse(storage.get('vigie.field.outbox')!).items).toEqual([]);
    outbox.close();
  });
});
