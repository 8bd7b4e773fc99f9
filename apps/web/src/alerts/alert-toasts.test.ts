import { describe, expect, it } from 'vitest';
import {
  MAX_TOASTS,
  acknowledgeFailed,
  acknowledgeRequested,
  alertAcknowledged,
  alertReceived,
  initialAlertToastsState,
  shouldRing,
  soundToggled,
  toastDismissed,
} from './alert-toasts';
import type { ToastAlert } from './alert-toasts';

function alert(id: string, overrides: Partial<ToastAlert> = {}): ToastAlert {
  return {
    alertId: id,
    severity: 'severe',
    status: 'active',
    title: `Alert ${id}`,
    raisedAt: '2026-11-24T08:00:00.000Z',
    ...overrides,
  };
}

describe('alert toasts', () => {
  it('pops a toast once per active alert, newest first, and follows its updates', () => {
    let state = alertReceived(initialAlertToastsState, alert('a'));
    state = alertReceived(state, alert('b', { incidentId: 'inc-1' }));
    expect(state.toasts.map((t) => t.alertId)).toEqual(['b', 'a']);
    expect(state.toasts[0]?.incidentId).toBe('inc-1');
    state = alertReceived(state, alert('a', { title: 'River above 4 m', incidentId: 'inc-2' }));
    expect(state.toasts.map((t) => t.alertId)).toEqual(['b', 'a']);
    expect(state.toasts[1]).toMatchObject({ title: 'River above 4 m', incidentId: 'inc-2' });
  });

  it('ignores alerts below the threshold, and does not pop a dismissed alert again', () => {
    let state = alertReceived(initialAlertToastsState, alert('quiet', { severity: 'minor' }));
    expect(state.toasts).toHaveLength(0);
    state = alertReceived(state, alert('a'));
    state = toastDismissed(state, 'a');
    expect(state.toasts).toHaveLength(0);
    expect(alertReceived(state, alert('a'))).toBe(state);
  });

  it('removes the toast when the alert is acknowledged, here or elsewhere, and keeps it when that fails', () => {
    let state = alertReceived(initialAlertToastsState, alert('a'));
    state = alertReceived(state, alert('b'));
    state = acknowledgeRequested(state, 'a');
    expect(state.toasts.find((t) => t.alertId === 'a')?.acknowledging).toBe(true);
    state = acknowledgeFailed(state, 'a');
    expect(state.toasts.find((t) => t.alertId === 'a')?.acknowledging).toBe(false);
    state = alertAcknowledged(state, 'a');
    expect(state.toasts.map((t) => t.alertId)).toEqual(['b']);
    state = alertReceived(state, alert('b', { status: 'acknowledged' }));
    expect(state.toasts).toHaveLength(0);
  });

  it('keeps those leading to an incident when too many of one severity arrive, and pops one that gains an incident', () => {
    let state = alertReceived(initialAlertToastsState, alert('actionable', { incidentId: 'inc-1' }));
    for (let i = 0; i < MAX_TOASTS; i++) state = alertReceived(state, alert(`x${i}`));
    expect(state.toasts.map((t) => t.alertId)).toContain('actionable');
    // Same severity: the actionable one stays, then the newest; the oldest without an incident gives way.
    const evicted = 'x0';
    expect(state.toasts.map((t) => t.alertId)).toEqual(['x2', 'x1', 'actionable']);
    expect(state.toasts.some((t) => t.alertId === evicted)).toBe(false);
    // Repeated without an incident: stays away; linked to an incident now: pops again.
    expect(alertReceived(state, alert(evicted))).toBe(state);
    state = alertReceived(state, alert(evicted, { incidentId: 'inc-2' }));
    expect(state.toasts[0]).toMatchObject({ alertId: evicted, incidentId: 'inc-2' });
    // Dismissed: never again, whatever it becomes.
    state = toastDismissed(state, evicted);
    expect(alertReceived(state, alert(evicted, { incidentId: 'inc-3', title: 'again' }))).toBe(state);
  });

  it('keeps the most severe when too many arrive', () => {
    let state = alertReceived(initialAlertToastsState, alert('extreme', { severity: 'extreme' }));
    for (let i = 0; i < MAX_TOASTS + 2; i++)
      state = alertReceived(state, alert(`m${i}`, { severity: 'moderate' }));
    expect(state.toasts).toHaveLength(MAX_TOASTS);
    expect(state.toasts.map((t) => t.alertId)).toContain('extreme');
    expect(state.toasts[0]?.alertId).toBe(`m${MAX_TOASTS + 1}`);
  });

  it('rings only with the sound on, for a new severe or extreme toast', () => {
    const quiet = initialAlertToastsState;
    expect(shouldRing(quiet, alertReceived(quiet, alert('a')))).toBe(false);
    const on = soundToggled(quiet, true);
    expect(shouldRing(on, alertReceived(on, alert('a')))).toBe(true);
    expect(shouldRing(on, alertReceived(on, alert('b', { severity: 'moderate' })))).toBe(false);
    const shown = alertReceived(on, alert('a'));
    expect(shouldRing(shown, alertReceived(shown, alert('a', { title: 'updated' })))).toBe(false);
  });
});
