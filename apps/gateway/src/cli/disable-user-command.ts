/** `user disable --email E` — the user can no longer log in; their sessions end. */
import { recordAudit } from '@vigie/db/audit-repository';
import type { Db } from '@vigie/db/database';
import { deleteUserSessions } from '@vigie/db/sessions-repository';
import { findUserByEmail, setUserDisabled } from '@vigie/db/users-repository';
import type { CliOutput } from './cli-errors';
import { CliFailure, required } from './cli-errors';

export async function disableUserCommand(
  db: Db,
  values: Record<string, unknown>,
  out: CliOutput,
): Promise<void> {
  const email = required(values, 'email');
  const user = await findUserByEmail(db, email);
  if (user === null) throw new CliFailure(`No user with e-mail ${email}`);
  await setUserDisabled(db, user.id, true);
  const ended = await deleteUserSessions(db, user.id);
  await recordAudit(db, { actor: 'system:cli', action: 'user.disable', target: user.id, outcome: 'ok' });
  out.print(`Disabled ${user.email}; ${ended} session(s) ended`);
}
