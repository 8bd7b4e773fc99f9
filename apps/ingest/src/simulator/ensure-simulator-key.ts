/**
 * The simulator's API key. Tokens are stored hashed and cannot be read back, so each start revokes the
 * keys this function created before and creates a fresh one (source `simulator`, scopes for positions,
 * readings, reports and the scenario's CAP alerts). No token is written anywhere.
 */
import { createApiKey, listApiKeys, revokeApiKey } from '@vigie/db/api-keys-repository';
import type { Db } from '@vigie/db/database';

export const SIMULATOR_SOURCE = 'simulator';
const LABEL = 'Scenario simulator (created at start)';

export async function ensureSimulatorApiKey(db: Db, source: string = SIMULATOR_SOURCE): Promise<string> {
  for (const key of await listApiKeys(db, { source })) {
    if (key.label === LABEL) await revokeApiKey(db, key.id);
  }
  const { token } = await createApiKey(db, {
    source,
    scopes: ['events:position', 'events:reading', 'events:report', 'events:alert'],
    label: LABEL,
  });
  return token;
}
