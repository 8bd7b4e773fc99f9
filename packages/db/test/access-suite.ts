/**
 * Tests of the repositories behind people's access and the gateway's queries: users, sessions, the
 * audit log and report density. Each backend's test file opens its own database and registers this
 * suite against it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertAsset } from '../src/assets-repository';
import { listAudit, recordAudit } from '../src/audit-repository';
import type { Database } from '../src/database';
import { reportDensity } from '../src/report-density-repository';
import { recordReports } from '../src/reports-repository';
import {
  activeSessionHashes,
  createSession,
  deleteExpiredSessions,
  deleteSession,
  deleteUserSessions,
  extendSession,
  findActiveSession,
} from '../src/sessions-repository';
import {
  assetIdsOfUser,
  createUser,
  findUserByEmail,
  getUser,
  hasActiveAdmin,
  listUsers,
  recordLogin,
  setUserDisabled,
  updateUserPassword,
  UserExistsError,
} from '../src/users-repository';

const HASH = '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaA';

export function runAccessSuite(
  name: string,
  open: () => Promise<Database>,
  dispose?: () => Promise<void>,
): void {
  describe(name, () => {
    let database: Database;

    beforeAll(async () => {
      database = await open();
      await database.migrate();
    });

    afterAll(async () => {
      await database?.close();
      await dispose?.();
    });

    describe('users', () => {
      it('creates, finds by e-mail ignoring case, refuses a duplicate e-mail', async () => {
        const { db } = database;
        const user = await createUser(db, {
          email: 'Ana.Coord@Example.org',
          name: 'Ana',
          role: 'coordinator',
          passwordHash: HASH,
        });
        expect(user).toMatchObject({ email: 'Ana.Coord@Example.org', role: 'coordinator', locale: 'fr' });
        expect(user.disabled).toBe(false);
        const found = await findUserByEmail(db, 'ana.coord@example.ORG');
        expect(found?.id).toBe(user.id);
        expect(found?.passwordHash).toBe(HASH);
        expect(await getUser(db, user.id)).not.toHaveProperty('passwordHash');
        await expect(
          createUser(db, { email: 'ana.coord@example.org', name: 'Twin', role: 'field', passwordHash: HASH }),
        ).rejects.toBeInstanceOf(UserExistsError);
        expect(await findUserByEmail(db, 'nobody@example.org')).toBeNull();
        expect((await listUsers(db)).map((u) => u.id)).toContain(user.id);
      });

      it('changes the password, disables, records the login, knows whether an admin can log in', async () => {
        const { db } = database;
        expect(await hasActiveAdmin(db)).toBe(false);
        const admin = await createUser(db, {
          email: 'root@example.org',
          name: 'Root',
          role: 'admin',
          locale: 'en',
          passwordHash: HASH,
        });
        expect(await hasActiveAdmin(db)).toBe(true);
        expect(await updateUserPassword(db, admin.id, 'new-hash')).toBe(true);
        expect((await findUserByEmail(db, 'root@example.org'))?.passwordHash).toBe('new-hash');
        expect(await updateUserPassword(db, 'no-such-user', 'x')).toBe(false);
        const at = new Date('2025-05-01T10:00:00Z');
        await recordLogin(db, admin.id, at);
        expect((await getUser(db, admin.id))?.lastLoginAt?.toISOString()).toBe(at.toISOString());
        expect(await setUserDisabled(db, admin.id, true)).toBe(true);
        expect((await getUser(db, admin.id))?.disabled).toBe(true);
        expect(await hasActiveAdmin(db)).toBe(false);
        expect(await setUserDisabled(db, 'no-such-user', true)).toBe(false);
      });

      it('lists the assets a user carries', async () => {
        const { db } = database;
        const user = await createUser(db, {
          email: 'field.team@example.org',
          name: 'Team',
          role: 'field',
          passwordHash: HASH,
        });
        await upsertAsset(db, {
          id: 'carried-phone',
          kind: 'team',
          name: 'Team phone',
          attrs: { userId: user.id },
        });
        await upsertAsset(db, { id: 'someone-else', kind: 'team', name: 'Other', attrs: { userId: 'x' } });
        expect(await assetIdsOfUser(db, user.id)).toEqual(['carried-phone']);
      });
    });

    describe('sessions', () => {
      it('finds an active session with its user, extends it, and forgets it once deleted', async () => {
        const { db } = database;
        const user = await createUser(db, {
          email: 'session.user@example.org',
          name: 'S',
          role: 'analyst',
          passwordHash: HASH,
        });
        const now = new Date('2025-05-01T10:00:00Z');
        const expiresAt = new Date(now.getTime() + 3_600_000);
        await createSession(db, { tokenHash: 'sess-a', userId: user.id, expiresAt, userAgent: 'test' });
        const found = await findActiveSession(db, 'sess-a', now);
        expect(found?.user).toMatchObject({ id: user.id, role: 'analyst' });
        expect(found?.session.expiresAt.toISOString()).toBe(expiresAt.toISOString());
        expect(await findActiveSession(db, 'sess-a', expiresAt)).toBeNull();

        const later = new Date(expiresAt.getTime() + 3_600_000);
        await extendSession(db, 'sess-a', later, now);
        expect(await findActiveSession(db, 'sess-a', expiresAt)).not.toBeNull();
        expect(await activeSessionHashes(db, ['sess-a', 'sess-missing'], now)).toEqual(new Set(['sess-a']));

        expect(await deleteSession(db, 'sess-a')).toBe(true);
        expect(await deleteSession(db, 'sess-a')).toBe(false);
        expect(await findActiveSession(db, 'sess-a', now)).toBeNull();
      });

      it('ends sessions of a disabled user, all sessions of a user, and expired ones', async () => {
        const { db } = database;
        const user = await createUser(db, {
          email: 'session.two@example.org',
          name: 'S2',
          role: 'field',
          passwordHash: HASH,
        });
        const now = new Date('2025-05-01T10:00:00Z');
        const soon = new Date(now.getTime() + 60_000);
        await createSession(db, { tokenHash: 'sess-b1', userId: user.id, expiresAt: soon });
        await createSession(db, { tokenHash: 'sess-b2', userId: user.id, expiresAt: soon });
        await createSession(db, { tokenHash: 'sess-b3', userId: user.id, expiresAt: now });
        await setUserDisabled(db, user.id, true);
        expect(await findActiveSession(db, 'sess-b1', now)).toBeNull();
        expect(await activeSessionHashes(db, ['sess-b1'], now)).toEqual(new Set());
        await setUserDisabled(db, user.id, false);
        expect(await findActiveSession(db, 'sess-b1', now)).not.toBeNull();
        expect(await deleteExpiredSessions(db, now)).toBeGreaterThanOrEqual(1);
        expect(await deleteUserSessions(db, user.id)).toBe(2);
        expect(await findActiveSession(db, 'sess-b2', now)).toBeNull();
      });
    });

    describe('audit log', () => {
      it('records entries and lists them newest first, filtered', async () => {
        const { db } = database;
        await recordAudit(db, {
          actor: 'anonymous',
          action: 'auth.login',
          outcome: 'denied',
          ip: '10.0.0.1',
        });
        await recordAudit(db, {
          actor: 'user-audit',
          action: 'auth.login',
          outcome: 'ok',
          detail: { email: 'a@example.org' },
        });
        await recordAudit(db, {
          actor: 'user-audit',
          action: 'access.denied',
          target: 'x',
          outcome: 'denied',
        });
        const mine = await listAudit(db, { actor: 'user-audit' });
        expect(mine.map((e) => e.action)).toEqual(['access.denied', 'auth.login']);
        expect(mine[1]?.detail).toEqual({ email: 'a@example.org' });
        const logins = await listAudit(db, { action: 'auth.login' });
        expect(logins.map((e) => e.outcome)).toEqual(['ok', 'denied']);
        expect(logins[1]?.ip).toBe('10.0.0.1');
        await expect(
          recordAudit(db, { actor: 'x', action: 'y', outcome: 'maybe' as 'ok' }),
        ).rejects.toThrow();
      });
    });

    describe('report density', () => {
      it('counts reports per cell and category inside the box since a time', async () => {
        const { db } = database;
        const at = (minutes: number) => new Date(Date.parse('2025-06-01T12:00:00Z') + minutes * 60_000);
        const report = (
          id: string,
          lon: number,
          lat: number,
          cell: string | null,
          category: string | null,
          minutes: number,
        ) => ({
          envelopeId: id,
          source: 'density-test',
          sourceRef: id,
          text: 'water rising',
          category,
          position: { lon, lat },
          h3Cell: cell,
          occurredAt: at(minutes),
        });
        await recordReports(db, [
          report('dn-1', 34.8, -19.8, '877a6c001ffffff', 'flood', 0),
          report('dn-2', 34.81, -19.81, '877a6c001ffffff', 'flood', 5),
          report('dn-3', 34.81, -19.81, '877a6c001ffffff', null, 5),
          report('dn-4', 34.9, -19.9, '877a6c002ffffff', 'fire', 10),
          report('dn-5', 34.9, -19.9, '877a6c002ffffff', 'fire', -120),
          report('dn-6', 10.0, 10.0, '87580001bffffff', 'flood', 10),
          report('dn-7', 34.85, -19.85, null, 'flood', 10),
        ]);
        const rows = await reportDensity(db, {
          bbox: { west: 34, south: -20, east: 35, north: -19 },
          since: at(-60),
        });
        expect(rows).toEqual([
          { cell: '877a6c001ffffff', category: 'flood', count: 2 },
          { cell: '877a6c001ffffff', category: null, count: 1 },
          { cell: '877a6c002ffffff', category: 'fire', count: 1 },
        ]);
        const across = await reportDensity(db, {
          bbox: { west: 170, south: -20, east: 35, north: -19 },
          since: at(-60),
        });
        expect(across.reduce((n, r) => n + r.count, 0)).toBe(4);
      });
    });
  });
}
