/** `apikey create --source S --scopes events:position,read [--label L]` — prints the token once. */
import { API_KEY_SCOPES, createApiKey } from '@vigie/db/api-keys-repository';
import type { ApiKeyScope } from '@vigie/db/api-keys-repository';
import { recordAudit } from '@vigie/db/audit-repository';
import type { Db } from '@vigie/db/database';
import type { CliOutput } from './cli-errors';
import { CliUsageError, required } from './cli-errors';

const SOURCE_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9._:@/+#=~-]{0,63}$/;

export async function createApiKeyCommand(
  db: Db,
  values: Record<string, unknown>,
  out: CliOutput,
): Promise<void> {
  const source = required(values, 'source');
  if (!SOURCE_PATTERN.test(source)) {
    throw new CliUsageError('--source must be 1-64 letters, digits or . _ : @ / + # = ~ - (no spaces)');
  }
  const scopes = required(values, 'scopes')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const unknown = scopes.filter((s) => !(API_KEY_SCOPES as readonly string[]).includes(s));
  if (unknown.length > 0 || scopes.length === 0) {
    throw new CliUsageError(`--scopes must be a comma-separated list of ${API_KEY_SCOPES.join(', ')}`);
  }
  const label = typeof values.label === 'string' ? values.label.slice(0, 200) : undefined;
  const key = await createApiKey(db, {
    source,
    scopes: scopes as ApiKeyScope[],
    ...(label === undefined ? {} : { label }),
  });
  await recordAudit(db, {
    actor: 'system:cli',
    action: 'apikey.create',
    target: key.id,
    outcome: 'ok',
    detail: { source, scopes },
  });
  out.print(`Created API key ${key.id} for source ${source} (${scopes.join(', ')})`);
  out.print(`Token (shown once): ${key.token}`);
}
