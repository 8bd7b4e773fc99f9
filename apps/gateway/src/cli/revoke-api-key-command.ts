/** `apikey revoke --id ID` */
import { revokeApiKey } from '@vigie/db/api-keys-repository';
import { recordAudit } from '@vigie/db/audit-repository';
import type { Db } from '@vigie/db/database';
import type { CliOutput } from './cli-errors';
import { CliFailure, required } from './cli-errors';

export async function revokeApiKeyCommand(
  db: Db,
  values: Record<string, unknown>,
  out: CliOutput,
): Promise<void> {
  const id = required(values, 'id');
  if (!(await revokeApiKey(db, id))) throw new CliFailure(`No active API key ${id}`);
  await recordAudit(db, { actor: 'system:cli', action: 'apikey.revoke', target: id, outcome: 'ok' });
  out.print(`Revoked API key ${id}`);
}
