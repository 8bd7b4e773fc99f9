/** `apikey list [--source S]` — active keys, one line each (never the tokens). */
import { listApiKeys } from '@vigie/db/api-keys-repository';
import type { Db } from '@vigie/db/database';
import type { CliOutput } from './cli-errors';

export async function listApiKeysCommand(
  db: Db,
  values: Record<string, unknown>,
  out: CliOutput,
): Promise<void> {
  const source = typeof values.source === 'string' ? values.source : undefined;
  for (const key of await listApiKeys(db, source === undefined ? {} : { source })) {
    out.print(`${key.id}\t${key.source}\t${key.scopes.join(',')}\t${key.label ?? ''}`);
  }
}
