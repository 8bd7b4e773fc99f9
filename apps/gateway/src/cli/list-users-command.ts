/** `user list` — every user, one line each. */
import type { Db } from '@vigie/db/database';
import { listUsers } from '@vigie/db/users-repository';
import type { CliOutput } from './cli-errors';

export async function listUsersCommand(
  db: Db,
  _values: Record<string, unknown>,
  out: CliOutput,
): Promise<void> {
  for (const user of await listUsers(db)) {
    out.print(
      `${user.email}\t${user.role}\t${user.locale}\t${user.disabled ? 'disabled' : 'active'}\t${user.id}`,
    );
  }
}
