/**
 * Login sessions. The cookie carries a random token; only its hash is stored (`token_hash`), so a
 * copy of the table does not let anyone in. A session is valid until `expires_at` and only while its
 * user is not disabled.
 */
import { and, eq, gt, inArray, lte } from 'drizzle-orm';
import type { Db } from './database';
import { sessions, users } from './schema/access';
import type { UserDto } from './users-repository';

export interface SessionDto {
  tokenHash: string;
  userId: string;
  createdAt: Date;
  expiresAt: Date;
  lastSeenAt: Date | null;
  userAgent: string | null;
}

export interface NewSession {
  tokenHash: string;
  userId: string;
  expiresAt: Date;
  userAgent?: string | null;
}

export async function createSession(db: Db, session: NewSession): Promise<SessionDto> {
  const [row] = await db
    .insert(sessions)
    .values({
      tokenHash: session.tokenHash,
      userId: session.userId,
      expiresAt: session.expiresAt,
      lastSeenAt: new Date(),
      userAgent: session.userAgent?.slice(0, 512) ?? null,
    })
    .returning();
  if (row === undefined) throw new Error('createSession: no row returned');
  return row;
}

/** The session and its user, when the session exists, has not expired at `now` and the user is enabled. */
export async function findActiveSession(
  db: Db,
  tokenHash: string,
  now: Date,
): Promise<{ session: SessionDto; user: UserDto } | null> {
  const [row] = await db
    .select({
      session: sessions,
      user: {
        id: users.id,
        email: users.email,
        name: users.name,
        role: users.role,
        locale: users.locale,
        disabled: users.disabled,
        createdAt: users.createdAt,
        updatedAt: users.updatedAt,
        lastLoginAt: users.lastLoginAt,
      },
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.tokenHash, tokenHash), gt(sessions.expiresAt, now), eq(users.disabled, false)))
    .limit(1);
  return row ?? null;
}

/** Moves a session's expiry (sliding renewal) and records when it was last used. */
export async function extendSession(db: Db, tokenHash: string, expiresAt: Date, seenAt: Date): Promise<void> {
  await db.update(sessions).set({ expiresAt, lastSeenAt: seenAt }).where(eq(sessions.tokenHash, tokenHash));
}

/** Of these token hashes, the ones still valid at `now` (existing, unexpired, user enabled). */
export async function activeSessionHashes(
  db: Db,
  tokenHashes: readonly string[],
  now: Date,
): Promise<Set<string>> {
  if (tokenHashes.length === 0) return new Set();
  const rows = await db
    .select({ tokenHash: sessions.tokenHash })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(
      and(
        inArray(sessions.tokenHash, [...tokenHashes]),
        gt(sessions.expiresAt, now),
        eq(users.disabled, false),
      ),
    );
  return new Set(rows.map((r) => r.tokenHash));
}

export async function deleteSession(db: Db, tokenHash: string): Promise<boolean> {
  const rows = await db
    .delete(sessions)
    .where(eq(sessions.tokenHash, tokenHash))
    .returning({ tokenHash: sessions.tokenHash });
  return rows.length > 0;
}

/** Ends every session of a user (password changed, account disabled). Returns how many. */
export async function deleteUserSessions(db: Db, userId: string): Promise<number> {
  const rows = await db
    .delete(sessions)
    .where(eq(sessions.userId, userId))
    .returning({ tokenHash: sessions.tokenHash });
  return rows.length;
}

/** Removes sessions expired at `now`. Returns how many. */
export async function deleteExpiredSessions(db: Db, now: Date): Promise<number> {
  const rows = await db
    .delete(sessions)
    .where(lte(sessions.expiresAt, now))
    .returning({ tokenHash: sessions.tokenHash });
  return rows.length;
}
