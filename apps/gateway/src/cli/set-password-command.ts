/** `user password --email E [--password P]` — sets a new password (generated when omitted) and ends the user's sessions. */
import { recordAudit } from '@vigie/db/audit-repository';
import type { Db } from '@vigie/db/database';
import { deleteUserSessions } from '@vigie/db/sessions-repository';
import { findUserByEmail, updateUserPassword } from '@vigie/db/users-repository';
import { generatePassword, hashPassword, passwordProblem } from '../auth/password-hash';
import type { CliOutput } from './cli-errors';
import { CliFailure, CliUsageError, required } from './cli-errors';

export async function setPasswordCommand(
  db: Db,
  values: Record<string, unknown>,
  out: CliOutput,
): Promise<void> {
  const email = required(values, 'email');
  const given = typeof values.password === 'string' ? values.password : undefined;
  const problem = given === undefined ? null : passwordProblem(given);
  if (problem !== null) throw new CliUsageError(`--password ${problem}`);
  const user = await findUserByEmail(db, email);
  if (user === null) throw new CliFailure(`No user with e-mail ${email}`);
  const password = given ?? generatePassword();
  await updateUserPassword(db, user.id, await hashPassword(password));
  const ended = await deleteUserSessions(db, user.id);
  await recordAudit(db, { actor: 'system:cli', action: 'user.password', target: user.id, outcome: 'ok' });
  out.print(`New password set for ${user.email}; ${ended} session(s) ended`);
  if (given === undefined) out.print(`Password (shown once): ${password}`);
}
