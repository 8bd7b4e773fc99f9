/** `user create --email E --name N --role R [--locale fr|en] [--password P]` */
import { ZEmail, ZLocale } from '@vigie/contracts/auth-api';
import { ZRole } from '@vigie/contracts/roles';
import { recordAudit } from '@vigie/db/audit-repository';
import type { Db } from '@vigie/db/database';
import { createUser, UserExistsError } from '@vigie/db/users-repository';
import { generatePassword, hashPassword, passwordProblem } from '../auth/password-hash';
import type { CliOutput } from './cli-errors';
import { CliFailure, CliUsageError, required } from './cli-errors';

export async function createUserCommand(
  db: Db,
  values: Record<string, unknown>,
  out: CliOutput,
): Promise<void> {
  const email = ZEmail.safeParse(required(values, 'email'));
  if (!email.success) throw new CliUsageError('--email is not a valid e-mail address');
  const name = required(values, 'name');
  const role = ZRole.safeParse(required(values, 'role'));
  if (!role.success) throw new CliUsageError(`--role must be one of ${ZRole.options.join(', ')}`);
  const locale = ZLocale.safeParse(values.locale ?? 'fr');
  if (!locale.success) throw new CliUsageError(`--locale must be one of ${ZLocale.options.join(', ')}`);
  const given = typeof values.password === 'string' ? values.password : undefined;
  const problem = given === undefined ? null : passwordProblem(given);
  if (problem !== null) throw new CliUsageError(`--password ${problem}`);
  const password = given ?? generatePassword();
  try {
    const user = await createUser(db, {
      email: email.data,
      name: name.slice(0, 200),
      role: role.data,
      locale: locale.data,
      passwordHash: await hashPassword(password),
    });
    await recordAudit(db, {
      actor: 'system:cli',
      action: 'user.create',
      target: user.id,
      outcome: 'ok',
      detail: { email: user.email, role: user.role },
    });
    out.print(`Created user ${user.email} (${user.role}), id ${user.id}`);
    if (given === undefined) out.print(`Password (shown once): ${password}`);
  } catch (error) {
    if (error instanceof UserExistsError)
      throw new CliFailure(`A user with e-mail ${email.data} already exists`);
    throw error;
  }
}
