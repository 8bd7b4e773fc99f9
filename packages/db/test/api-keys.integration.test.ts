/**
 * API key storage on both backends: the same suite runs on PGlite (in memory) and on PostgreSQL (a
 * database of its own, dropped afterwards).
 */
import { describeWithService, isServiceUp, services } from '@vigie/testing/services';
import { createThrowawayDatabase } from '@vigie/testing/throwaway-database';
import type { ThrowawayDatabase } from '@vigie/testing/throwaway-database';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createApiKey,
  listApiKeys,
  parseApiKeyToken,
  revokeApiKey,
  verifyApiKey,
} from '../src/api-keys-repository';
import { createDb } from '../src/create-db';
import type { Database } from '../src/database';
import { apiKeys } from '../src/schema/access';

function runApiKeysSuite(name: string, open: () => Promise<Database>, dispose?: () => Promise<void>): void {
  describe(name, () => {
    let database: Database;

    beforeAll(async () => {
      database = await open();
      await database.migrate();
    });

    afterAll(async () => {
      await database?.close();
      await dispose?.();
    });

    it('creates a key whose token verifies to its source and scopes', async () => {
      const { id, token } = await createApiKey(database.db, {
        source: 'gauges-sud',
        scopes: ['events:reading', 'events:position'],
        label: 'River gauges, Sud',
      });
      expect(token).toMatch(/^vk_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
      expect(parseApiKeyToken(token)?.id).toBe(id);
      const verified = await verifyApiKey(database.db, token);
      expect(verified).toEqual({
        id,
        source: 'gauges-sud',
        scopes: ['events:position', 'events:reading'],
      });
      const [listed] = await listApiKeys(database.db, { source: 'gauges-sud' });
      expect(listed?.label).toBe('River gauges, Sud');
      expect(listed?.lastUsedAt).toBeInstanceOf(Date);
    });

    it('stores a SHA-256 digest of the secret, never the token', async () => {
      const { id, token } = await createApiKey(database.db, { source: 'digest-check', scopes: ['read'] });
      const [row] = await database.db.select().from(apiKeys).where(eq(apiKeys.id, id));
      expect(row?.keyHash).toMatch(/^sha256:[0-9a-f]{64}$/);
      expect(JSON.stringify(row)).not.toContain(parseApiKeyToken(token)!.secret);
    });

    it('refuses wrong secrets, unknown ids, malformed tokens and revoked keys', async () => {
      const { id, token } = await createApiKey(database.db, {
        source: 'revoke-me',
        scopes: ['events:report'],
      });
      const secret = parseApiKeyToken(token)!.secret;
      const flipped = `${secret.slice(0, -1)}${secret.endsWith('A') ? 'B' : 'A'}`;
      expect(await verifyApiKey(database.db, `vk_${id}_${flipped}`)).toBeNull();
      expect(await verifyApiKey(database.db, `vk_0000000000000000_${secret}`)).toBeNull();
      expect(await verifyApiKey(database.db, 'Bearer nonsense')).toBeNull();
      expect(await verifyApiKey(database.db, '')).toBeNull();
      expect(await revokeApiKey(database.db, id)).toBe(true);
      expect(await revokeApiKey(database.db, id)).toBe(false);
      expect(await verifyApiKey(database.db, token)).toBeNull();
      expect(await listApiKeys(database.db, { source: 'revoke-me' })).toEqual([]);
      const [revoked] = await listApiKeys(database.db, { source: 'revoke-me', includeRevoked: true });
      expect(revoked?.revokedAt).toBeInstanceOf(Date);
    });

    it('adds the devices:register scope for auto-registration and checks its input', async () => {
      const { token } = await createApiKey(database.db, {
        source: 'traccar-phones',
        scopes: ['events:position'],
        autoRegisterDevices: true,
      });
      expect((await verifyApiKey(database.db, token))?.scopes).toEqual([
        'devices:register',
        'events:position',
      ]);
      await expect(createApiKey(database.db, { source: 'bad source', scopes: ['read'] })).rejects.toThrow(
        RangeError,
      );
      await expect(createApiKey(database.db, { source: 'x', scopes: [] })).rejects.toThrow(/scope/);
      await expect(createApiKey(database.db, { source: 'x', scopes: ['admin' as never] })).rejects.toThrow(
        /unknown scope/,
      );
    });
  });
}

runApiKeysSuite('API keys on PGlite + PostGIS (embedded)', () => createDb({}));

const adminUrl = services.databaseUrl;
// A database of its own per run, created on the admin URL and dropped afterwards.
let throwaway: ThrowawayDatabase | undefined;

describeWithService(
  await isServiceUp('postgres'),
  'PostgreSQL',
  `start PostgreSQL with PostGIS or set VIGIE_TEST_DATABASE_URL (now ${adminUrl})`,
)('API keys on PostgreSQL', () => {
  runApiKeysSuite(
    'API keys on PostgreSQL + PostGIS',
    async () => {
      throwaway = await createThrowawayDatabase('vigie_test_keys');
      return createDb({ url: throwaway.url, pool: { max: 2 }, applicationName: 'vigie-api-keys-tests' });
    },
    async () => throwaway?.drop(),
  );
});
