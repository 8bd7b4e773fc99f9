import { describe, expect, it } from 'vitest';
import { DEFAULT_ESCALATION, shouldEscalate } from './escalation-policy';
import { formatAlertNotification, formatDigest } from './format-notification';
import type { NotifiableAlert } from './format-notification';
import { admitNotification, closeWindowIfEnded, emptyWindow } from './notification-rate-limit';
import type { ChannelWindow } from './notification-rate-limit';
import { routeNotification } from './route-notification';

const channels = [
  { channelId: 'haiti-ops', enabled: true, minSeverity: 'severe' as const, regions: ['HTI'] },
  { channelId: 'hq', enabled: true, minSeverity: 'extreme' as const, regions: [] },
  { channelId: 'off', enabled: false, minSeverity: 'info' as const, regions: [] },
  { channelId: 'everything', enabled: true, minSeverity: 'info' as const, regions: [] },
];

describe('routing notifications by severity and region', () => {
  it('sends a severe flood in Haiti to the Haiti channel and the catch-all, not to HQ or disabled ones', () => {
    expect(
      routeNotification(channels, { severity: 'severe', region: 'HTI' }).map((c) => c.channelId),
    ).toEqual(['haiti-ops', 'everything']);
  });
  it('sends an extreme quake in Mozambique to HQ but not to the Haiti channel', () => {
    expect(
      routeNotification(channels, { severity: 'extreme', region: 'MOZ' }).map((c) => c.channelId),
    ).toEqual(['hq', 'everything']);
  });
  it('keeps an alert without a region away from regional channels', () => {
    expect(routeNotification(channels, { severity: 'extreme' }).map((c) => c.channelId)).toEqual([
      'hq',
      'everything',
    ]);
  });
});

describe('rate limiting with a digest', () => {
  const policy = { maxPerWindow: 5, windowMs: 60_000 };

  it('turns a storm of 100 alerts into 5 messages and one digest of the other 95', () => {
    let state: ChannelWindow<number> = emptyWindow();
    let sent = 0;
    const digests: number[][] = [];
    for (let i = 0; i < 100; i++) {
      const admission = admitNotification(state, i, 1_000 + i * 100, policy);
      state = admission.state;
      if (admission.decision === 'send') sent++;
      if (admission.digest) digests.push(admission.digest.items);
    }
    expect(sent).toBe(5);
    expect(digests).toEqual([]);
    const closed = closeWindowIfEnded(state, 61_000, policy);
    expect(closed.digest?.items).toHaveLength(95);
    expect(closed.digest?.items[0]).toBe(5);
    expect(closed.state).toEqual(emptyWindow());
  });

  it('does not close a window early, and a new window sends again', () => {
    let state: ChannelWindow<string> = emptyWindow();
    for (const id of ['a', 'b', 'c', 'd', 'e', 'f']) state = admitNotification(state, id, 0, policy).state;
    expect(closeWindowIfEnded(state, 59_999, policy).digest).toBeNull();
    const next = admitNotification(state, 'g', 60_000, policy);
    expect(next.decision).toBe('send');
    expect(next.digest?.items).toEqual(['f']);
  });

  it('has no digest when nothing was held', () => {
    const state = admitNotification(emptyWindow<string>(), 'a', 0, policy).state;
    expect(closeWindowIfEnded(state, 120_000, policy).digest).toBeNull();
  });
});

describe('escalation of unacknowledged alerts', () => {
  const raisedAt = '2026-01-12T10:00:00.000Z';
  const base = { severity: 'severe' as const, status: 'active', raisedAt };
  const t = (minutes: number) => Date.parse(raisedAt) + minutes * 60_000;

  it('escalates a severe alert nobody acknowledged after five minutes, not before', () => {
    expect(shouldEscalate(base, t(4.99), DEFAULT_ESCALATION)).toBe(false);
    expect(shouldEscalate(base, t(5), DEFAULT_ESCALATION)).toBe(true);
  });
  it('does not escalate an acknowledged, already escalated, cleared or moderate alert', () => {
    expect(shouldEscalate({ ...base, acknowledgedAt: raisedAt }, t(10), DEFAULT_ESCALATION)).toBe(false);
    expect(shouldEscalate({ ...base, escalatedAt: raisedAt }, t(10), DEFAULT_ESCALATION)).toBe(false);
    expect(shouldEscalate({ ...base, status: 'cleared' }, t(10), DEFAULT_ESCALATION)).toBe(false);
    expect(shouldEscalate({ ...base, severity: 'moderate' }, t(10), DEFAULT_ESCALATION)).toBe(false);
  });
});

describe('notification text', () => {
  const alert: NotifiableAlert = {
    alertId: 'al-1',
    title: 'River above 4 m',
    severity: 'extreme',
    kind: 'threshold',
    region: 'HTI',
    raisedAt: '2026-01-12T10:00:00.000Z',
    position: { lon: -73.75, lat: 18.19 },
  };
  it('says what, where and how severe', () => {
    const message = formatAlertNotification(alert, 'escalation');
    expect(message.subject).toBe('[Vigie EXTREME] Not acknowledged / Non acquittée: River above 4 m (HTI)');
    expect(message.text).toContain('18.19000, -73.75000');
  });
  it('summarises a digest by severity, most severe first', () => {
    const digest = formatDigest(
      [
        alert,
        { ...alert, alertId: 'al-2', severity: 'severe' },
        { ...alert, alertId: 'al-3', severity: 'severe' },
      ],
      Date.parse('2026-01-12T10:05:00Z'),
    );
    expect(digest.subject).toBe('[Vigie digest] 3 more alerts / alertes de plus (1 extreme, 2 severe)');
    expect(digest.severity).toBe('extreme');
  });
});
