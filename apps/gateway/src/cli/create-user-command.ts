/** `user create --email E --name N --role R [--locale fr|en] [--password P] [--asset ID] [--regions HTI,DOM]` */
import { ZEmail, ZLocale } from '@vigie/contracts/auth-api';
import { ZCountryCode, ZId } from '@vigie/contracts/primitives';
import { ZRole } from '@vigie/contracts/roles';
import { recordAudit } from '@vigie/db/audit-repository';
import type { Db } from '@vigie/db/database';
import { setFieldProfile } from '@vigie/db/field-queries-repository';
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
  const asset = values.asset === undefined ? undefined : ZId.safeParse(values.asset);
  if (asset !== undefined && !asset.success) throw new CliUsageError('--asset is not a valid asset id');
  const regionList =
    typeof values.regions === 'string'
      ? values.regions
          .split(',')
          .map((r) => r.trim().toUpperCase())
          .filter((r) => r !== '')
      : undefined;
  if (regionList !== undefined && !regionList.every((r) => ZCountryCode.safeParse(r).success))
    throw new CliUsageError('--regions must be ISO 3166-1 alpha-3 codes separated by commas, e.g. HTI,DOM');
  try {
    const user = await createUser(db, {
      email: email.data,
      name: name.slice(0, 200),
      role: role.data,
      locale: locale.data,
      passwordHash: await hashPassword(password),
    });
    if (asset !== undefined || regionList !== undefined)
      await setFieldProfile(db, user.id, {
        ...(asset !== undefined ? { assetId: asset.data } : {}),
        ...(regionList !== undefined ? { regions: regionList } : {}),
      });
    await recordAudit(db, {
      actor: 'system:cli',
      action: 'user.create',
      target: user.id,
      outcome: 'ok',
      detail: { email: user.email, role: user.role, asset: asset?.data, regions: regionList },
    });
    out.print(`Created user ${user.email} (${user.role}), id ${user.id}`);
    if (asset !== undefined) out.print(`Works with asset ${asset.data}`);
    if (regionList !== undefined) out.print(`Covers ${regionList.join(', ') || 'no region'}`);
    if (given === undefined) out.print(`Password (shown once): ${password}`);
  } catch (error) {
    if (error instanceof UserExistsError)
      throw new CliFailure(`A user with e-mail ${email.data} already exists`);
    throw error;
  }
}
