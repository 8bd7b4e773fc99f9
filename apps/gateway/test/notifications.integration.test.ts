/**
 * Escalation and notifications end to end, on the embedded log and PGlite: a real local SMTP server
 * (smtp-server) receives the e-mails, a real local HTTP server receives the webhooks, and a connected
 * coordinator receives the in-app toasts.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { newEventId } from '@vigie/contracts/envelope';
import type { TInAppNotificationV1 } from '@vigie/contracts/notification-api';
import type { TLiveAlertV1 } from '@vigie/contracts/live-alerts';
import { getAlertSummary } from '@vigie/db/alert-queries-repository';
import { upsertAlerts } from '@vigie/db/alerts-repository';
import { countDeliveries, createNotificationChannel } from '@vigie/db/notification-channels-repository';
import { uniqueName } from '@vigie/testing/unique-name';
import { waitFor } from '@vigie/testing/wait-for';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Harness } from './gateway-harness';
import { startHarness } from './gateway-harness';

interface Mail {
  to: string[];
  raw: string;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function alert(alertId: string, extra: Partial<TLiveAlertV1> = {}): TLiveAlertV1 {
  return {
    alertId,
    kind: 'threshold',
    severity: 'severe',
    status: 'active',
    title: `Water level above 4 m (${alertId})`,
    place: { type: 'Point', coordinates: [-73.75, 18.19] },
    region: { country: 'HTI' },
    evidence: [],
    raisedAt: new Date().toISOString(),
    ...extra,
  };
}

describe('escalation and notifications (embedded log + PGlite, real SMTP and HTTP servers)', () => {
  let harness: Harness;
  let smtp: SMTPServer;
  let web: Server;
  const mails: Mail[] = [];
  const hooks = new Map<string, Record<string, unknown>[]>();
  const toasts: TInAppNotificationV1[] = [];
  const ops = uniqueName('ch-ops');
  const storm = uniqueName('ch-storm');
  const mail = uniqueName('ch-mail');

  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          mails.push({
            to: session.envelope.rcptTo.map((r) => r.address),
            raw: Buffer.concat(chunks).toString('utf8'),
          });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    const smtpPort = (smtp.server.address() as AddressInfo).port;

    web = createServer((req, res) => {
      void readBody(req).then((body) => {
        const path = req.url ?? '/';
        hooks.set(path, [...(hooks.get(path) ?? []), JSON.parse(body) as Record<string, unknown>]);
        res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      });
    });
    await new Promise<void>((resolve) => web.listen(0, '127.0.0.1', resolve));
    const webUrl = `http://127.0.0.1:${(web.address() as AddressInfo).port}`;

    harness = await startHarness('embedded', {
      escalation: { delayMs: 5 * 60_000, checkMs: 100 },
      notifications: { smtpUrl: `smtp://127.0.0.1:${smtpPort}`, from: 'Vigie <vigie@example.org>' },
      beforeStart: async ({ database }) => {
        const base = { enabled: true, minSeverity: 'severe' as const };
        await createNotificationChannel(database.db, ops, {
          ...base,
          kind: 'webhook',
          name: 'Haiti ops chat',
          target: `${webUrl}/ops`,
          regions: ['HTI'],
          maxPerWindow: 10,
          windowS: 60,
        });
        await createNotificationChannel(database.db, storm, {
          ...base,
          kind: 'webhook',
          name: 'Mozambique ops chat',
          target: `${webUrl}/storm`,
          regions: ['MOZ'],
          maxPerWindow: 5,
          windowS: 2,
        });
        await createNotificationChannel(database.db, mail, {
          ...base,
          kind: 'email',
          name: 'Duty officers',
          target: 'duty@example.org, deputy@example.org',
          minSeverity: 'extreme',
          regions: ['HTI'],
          maxPerWindow: 10,
          windowS: 60,
        });
      },
    });
    const { cookie } = await harness.session('coordinator');
    const socket = harness.socket(cookie);
    socket.on('notification', (p) => toasts.push((p as { notification: TInAppNotificationV1 }).notification));
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
      socket.connect();
    });
    await waitFor(() => harness.gateway.overlayRunning(), { what: 'the notifier feed' });
  }, 60_000);

  afterAll(async () => {
    await harness?.close();
    await new Promise<void>((resolve) => smtp?.close(() => resolve()));
    await new Promise<void>((resolve) => web?.close(() => resolve()));
  });

  it('escalates an unacknowledged extreme alert once after the delay, by e-mail, webhook and toast', async () => {
    const db = harness.database.db;
    const old = alert(uniqueName('al-old'), {
      severity: 'extreme',
      raisedAt: new Date(Date.now() - 10 * 60_000).toISOString(),
    });
    const fresh = alert(uniqueName('al-fresh'), { severity: 'extreme' });
    const acknowledged = alert(uniqueName('al-ack'), {
      severity: 'extreme',
      status: 'acknowledged',
      raisedAt: new Date(Date.now() - 10 * 60_000).toISOString(),
    });
    await upsertAlerts(db, [old, fresh, acknowledged]);

    await waitFor(() => mails.some((m) => m.raw.includes(old.alertId)), { what: 'the escalation e-mail' });
    const message = mails.find((m) => m.raw.includes(old.alertId))!;
    expect(message.to.sort()).toEqual(['deputy@example.org', 'duty@example.org']);
    // The subject is MIME-encoded (it holds non-ASCII French); the body starts with the same line.
    expect(message.raw).toMatch(/^Subject: /m);
    expect(message.raw).toContain('[Vigie EXTREME] Not acknowledged');
    await waitFor(
      () => (hooks.get('/ops') ?? []).some((h) => (h.alert as { alertId?: string })?.alertId === old.alertId),
      {
        what: 'the escalation webhook',
      },
    );
    const hook = hooks.get('/ops')!.find((h) => (h.alert as { alertId?: string }).alertId === old.alertId)!;
    expect(hook).toMatchObject({ reason: 'escalation', severity: 'extreme' });
    expect(typeof hook.text).toBe('string');
    await waitFor(() => toasts.some((t) => t.alertId === old.alertId && t.reason === 'escalation'), {
      what: 'the toast',
    });

    const escalatedAt = (await getAlertSummary(db, old.alertId))?.escalatedAt;
    expect(escalatedAt).toBeDefined();
    // Set once: another pass escalates nothing, and neither the fresh nor the acknowledged alert.
    expect(await harness.gateway.notifier.escalateDue(Date.now())).toBe(0);
    expect((await getAlertSummary(db, old.alertId))?.escalatedAt).toBe(escalatedAt);
    expect((await getAlertSummary(db, fresh.alertId))?.escalatedAt).toBeUndefined();
    expect((await getAlertSummary(db, acknowledged.alertId))?.escalatedAt).toBeUndefined();
    expect(mails.filter((m) => m.raw.includes(old.alertId))).toHaveLength(1);
    // The fresh one escalates when its delay has passed.
    expect(await harness.gateway.notifier.escalateDue(Date.now() + 5 * 60_000)).toBe(1);
    expect((await getAlertSummary(db, fresh.alertId))?.escalatedAt).toBeDefined();
  });

  it('turns a storm of 100 alerts into at most 5 messages and one digest, all logged', async () => {
    const records = Array.from({ length: 100 }, (_, i) => {
      const a = alert(uniqueName(`al-storm-${i}`), { region: { country: 'MOZ' } });
      return {
        key: a.alertId,
        value: JSON.stringify({
          id: newEventId(),
          type: 'alert',
          v: 1,
          source: 'processor',
          occurredAt: a.raisedAt,
          receivedAt: a.raisedAt,
          payload: a,
        }),
      };
    });
    await harness.log.produce(harness.config.topics.liveAlerts, records);
    await waitFor(() => (hooks.get('/storm') ?? []).some((h) => h.reason === 'digest'), {
      what: 'the digest',
      timeoutMs: 20_000,
    });
    const received = hooks.get('/storm')!;
    const single = received.filter((h) => h.reason === 'alert');
    const digests = received.filter((h) => h.reason === 'digest');
    expect(single).toHaveLength(5);
    expect(digests).toHaveLength(1);
    expect(digests[0]).toMatchObject({ count: 95 });
    expect(String(digests[0]!.text)).toContain('95 more alerts');
    // The Haiti channel and the e-mail channel got none of the Mozambique storm.
    expect((hooks.get('/ops') ?? []).filter((h) => String(h.text).includes('al-storm'))).toEqual([]);
    expect(await countDeliveries(harness.database.db, storm)).toEqual({ sent: 5, suppressed: 95, digest: 1 });
  });
});
