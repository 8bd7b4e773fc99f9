/**
 * People who log in: creation, lookup by e-mail (case-insensitive, as the unique index), password
 * change, disabling, and the assets a user carries (a field team's phone or vehicle). Password hashes
 * are computed by the caller (memory-hard, in the gateway); only `findUserByEmail` returns one.
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from './database';
import { pgErrorOf, SQLSTATE } from './pg-error';
import { users } from './schema/access';
import { assets } from './schema/tracking';
import type { UserRole } from './schema/values';

export interface UserDto {
  id: string;
  email: string;
  name: string;
  role: UserRole;
  locale: string;
  disabled: boolean;
  createdAt: Date;
  updatedAt: Date;
  lastLoginAt: Date | null;
}

/** A user with the stored password hash (PHC string), for the login check only. */
export interface UserCredentials extends UserDto {
  passwordHash: string;
}

export interface NewUser {
  email: string;
  name: string;
  role: UserRole;
  /** Default `fr`. */
  locale?: string;
  /** Memory-hard hash in PHC string format. */
  passwordHash: string;
}

/** Thrown by `createUser` when another user has the same e-mail (ignoring case). */
export class UserExistsError extends Error {
  override readonly name = 'UserExistsError';
  constructor(readonly email: string) {
    super(`a user with e-mail ${email} already exists`);
  }
}

const userColumns = {
  id: users.id,
  email: users.email,
  name: users.name,
  role: users.role,
  locale: users.locale,
  disabled: users.disabled,
  createdAt: users.createdAt,
  updatedAt: users.updatedAt,
  lastLoginAt: users.lastLoginAt,
};

const byEmail = (email: string) => sql`lower(${users.email}) = lower(${email})`;

export async function createUser(db: Db, user: NewUser): Promise<UserDto> {
  try {
    const [row] = await db
      .insert(users)
      .values({
        email: user.email,
        name: user.name,
        role: user.role,
        locale: user.locale ?? 'fr',
        passwordHash: user.passwordHash,
      })
      .returning(userColumns);
    if (row === undefined) throw new Error(`createUser ${user.email}: no row returned`);
    return row;
  } catch (error) {
    if (pgErrorOf(error)?.code === SQLSTATE.uniqueViolation) throw new UserExistsError(user.email);
    throw error;
  }
}

export async function findUserByEmail(db: Db, email: string): Promise<UserCredentials | null> {
  const [row] = await db
    .select({ ...userColumns, passwordHash: users.passwordHash })
    .from(users)
    .where(byEmail(email))
    .limit(1);
  return row ?? null;
}

export async function getUser(db: Db, id: string): Promise<UserDto | null> {
  const [row] = await db.select(userColumns).from(users).where(eq(users.id, id)).limit(1);
  return row ?? null;
}

/** Every user, by e-mail. */
export async function listUsers(db: Db): Promise<UserDto[]> {
  return db
    .select(userColumns)
    .from(users)
    .orderBy(asc(sql`lower(${users.email})`));
}

/** Replaces the password hash. Returns false when there is no such user. */
export async function updateUserPassword(db: Db, userId: string, passwordHash: string): Promise<boolean> {
  const rows = await db
    .update(users)
    .set({ passwordHash, updatedAt: new Date() })
    .where(eq(users.id, userId))
    .returning({ id: users.id });
  return rows.length > 0;
}

/** Disables (or re-enables) a user. Returns false when there is no such user. */
export async function setUserDisabled(db: Db, userId: string, disabled: boolean): Promise<boolean> {
  const rows = await db
    .update(users)
    .set({ disabled, updatedAt: new Date() })
    .where(eq(users.id, userId))
    .returning({ id: users.id });
  return rows.length > 0;
}

export async function recordLogin(db: Db, userId: string, at: Date): Promise<void> {
  await db.update(users).set({ lastLoginAt: at }).where(eq(users.id, userId));
}

/** Whether at least one admin can log in (exists and is not disabled). */
export async function hasActiveAdmin(db: Db): Promise<boolean> {
  const [row] = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.role, 'admin'), eq(users.disabled, false)))
    .limit(1);
  return row !== undefined;
}

/**
 * Ids of the assets a user works with: first the asset the user is linked to (`users.asset_id`, the
 * team or vehicle of field staff), then assets whose `attrs.userId` is the user's id (set when a phone or
 * vehicle is handed to a person), by id.
 */
export async function assetIdsOfUser(db: Db, userId: string): Promise<string[]> {
  const [linked] = await db.select({ assetId: users.assetId }).from(users).where(eq(users.id, userId));
  const rows = await db
    .select({ id: assets.id })
    .from(assets)
    .where(sql`${assets.attrs} ->> 'userId' = ${userId}`)
    .orderBy(asc(assets.id))
    .limit(100);
  const own = linked?.assetId ?? null;
  return [...(own !== null ? [own] : []), ...rows.map((r) => r.id).filter((id) => id !== own)];
}
