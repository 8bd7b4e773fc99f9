/**
 * First start: when no enabled admin exists, creates one with a generated password and returns the
 * credentials once, for the operator to read on the terminal. There is no default password.
 */
import type { Db } from '@vigie/db/database';
import { createUser, hasActiveAdmin, UserExistsError } from '@vigie/db/users-repository';
import { generatePassword, hashPassword } from './password-hash';

export interface CreatedAdmin {
  email: string;
  password: string;
}

export async function ensureAdmin(
  db: Db,
  options: { email?: string; name?: string } = {},
): Promise<CreatedAdmin | null> {
  if (await hasActiveAdmin(db)) return null;
  const email = options.email ?? 'admin@vigie.local';
  const password = generatePassword();
  try {
    await createUser(db, {
      email,
      name: options.name ?? 'Administrator',
      role: 'admin',
      locale: 'fr',
      passwordHash: await hashPassword(password),
    });
  } catch (error) {
    // Another process created it meanwhile, or the address belongs to a disabled account: leave it.
    if (error instanceof UserExistsError) return null;
    throw error;
  }
  return { email, password };
}
