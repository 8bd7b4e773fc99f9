/**
 * Starts the whole product for the browser tests — ingest, processor, gateway, the built web app and the
 * scenario simulator, on the embedded log and PGlite in a temporary directory — and hands its URL and a
 * coordinator's login to the tests through VIGIE_E2E_URL / VIGIE_E2E_EMAIL / VIGIE_E2E_PASSWORD.
 * When VIGIE_E2E_URL is already set, the tests run against that instance instead.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApiKey } from '@vigie/db/api-keys-repository';
import { setFieldProfile } from '@vigie/db/field-queries-repository';
import { createUser } from '@vigie/db/users-repository';
import { hashPassword } from '@vigie/gateway/auth/password-hash';
import { readGatewayConfig } from '@vigie/gateway/env';
import { createLogger } from '@vigie/gateway/logging/create-logger';
import { startVigie } from '@vigie/gateway/start-vigie';
import { loadEnv as loadIngestEnv } from '@vigie/ingest/env';
import { defaultSimulatorFlags } from '@vigie/ingest/parse-simulator-flags';

export default async function setup(): Promise<(() => Promise<void>) | undefined> {
  if (process.env.VIGIE_E2E_URL) return undefined;
  const webDir = fileURLToPath(new URL('../../apps/web', import.meta.url));
  if (!existsSync(join(webDir, '.next/BUILD_ID'))) {
    throw new Error('The web app is not built: run `npm run build -w @vigie/web` (npm test does it).');
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'vigie-e2e-'));
  const base = readGatewayConfig({
    LOG_LEVEL: 'warn',
    VIGIE_DATA_DIR: dataDir,
    HOST: '127.0.0.1',
    PORT: '0',
    COOKIE_SECURE: 'false',
  });
  const vigie = await startVigie({
    gateway: base,
    ingest: loadIngestEnv({ LOG_LEVEL: 'warn', VIGIE_DATA_DIR: dataDir }).ingest,
    parts: { web: true, ingest: true, processor: true },
    simulator: { ...defaultSimulatorFlags, enabled: true, rate: 200 },
    logger: createLogger({ level: 'warn' }),
    webDir,
  });
  const email = 'coordinator@vigie.test';
  const password = `e2e-${Math.random().toString(36).slice(2)}-${Date.now()}`;
  await createUser(vigie.database.db, {
    email,
    name: 'Coordinatrice E2E',
    role: 'coordinator',
    locale: 'fr',
    passwordHash: await hashPassword(password),
  });
  // A field user bound to a vehicle of the test's own (it reports its position through the ingest API with
  // the key below), for the incident dispatch test.
  const fieldEmail = 'field@vigie.test';
  const fieldPassword = `e2e-${Math.random().toString(36).slice(2)}-${Date.now()}`;
  const fieldAsset = 'e2e-field-truck';
  const fieldUser = await createUser(vigie.database.db, {
    email: fieldEmail,
    name: 'Équipe terrain E2E',
    role: 'field',
    locale: 'fr',
    passwordHash: await hashPassword(fieldPassword),
  });
  await setFieldProfile(vigie.database.db, fieldUser.id, { assetId: fieldAsset });
  const ingestKey = await createApiKey(vigie.database.db, {
    source: 'e2e',
    scopes: ['events:position'],
    label: 'browser tests',
    autoRegisterDevices: true,
  });
  process.env.VIGIE_E2E_FIELD_EMAIL = fieldEmail;
  process.env.VIGIE_E2E_FIELD_PASSWORD = fieldPassword;
  process.env.VIGIE_E2E_FIELD_ASSET = fieldAsset;
  process.env.VIGIE_E2E_INGEST_KEY = ingestKey.token;
  process.env.VIGIE_E2E_URL = vigie.url;
  process.env.VIGIE_E2E_EMAIL = email;
  process.env.VIGIE_E2E_PASSWORD = password;
  return async () => {
    await vigie.close();
    rmSync(dataDir, { recursive: true, force: true });
  };
}
