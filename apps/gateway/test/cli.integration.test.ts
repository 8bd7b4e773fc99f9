/**
 * The admin CLI as an operator runs it: a child process (`tsx src/cli.ts …`) on a real database —
 * PostgreSQL for the full set of commands, PGlite for one run in embedded mode.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { verifyApiKey } from '@vigie/db/api-keys-repository';
import { listAudit } from '@vigie/db/audit-repository';
import { createDb } from '@vigie/db/create-db';
import type { Database } from '@vigie/db/database';
import { fieldProfile } from '@vigie/db/field-queries-repository';
import { findUserByEmail } from '@vigie/db/users-repository';
import { describeWithService, isServiceUp, services } from '@vigie/testing/services';
import { uniqueName } from '@vigie/testing/unique-name';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '../src/auth/password-hash';

const appDir = fileURLToPath(new URL('..', import.meta.url));
const tsx = fileURLToPath(new URL('../../../node_modules/.bin/tsx', import.meta.url));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function vigie(env: Record<string, string>, ...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      tsx,
      ['src/cli.ts', ...args],
      {
        cwd: appDir,
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NODE_ENV: 'test', ...env },
        timeout: 60_000,
        encoding: 'utf8',
      },
      (error, stdout: string, stderr: string) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

const shownOnce = (stdout: string, label: string) =>
  new RegExp(`${label} \\(shown once\\): (\\S+)`).exec(stdout)?.[1];

async function admin(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: services.databaseUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

describeWithService(
  await isServiceUp('postgres'),
  'PostgreSQL',
  `start PostgreSQL with PostGIS or set VIGIE_TEST_DATABASE_URL (now ${services.databaseUrl})`,
)('vigie CLI on PostgreSQL', () => {
  const name = uniqueName('vigie_test_cli');
  const url = new URL(services.databaseUrl);
  url.pathname = `/${name}`;
  const env = { DATABASE_URL: url.toString() };
  let database: Database;

  beforeAll(async () => {
    await admin(`CREATE DATABASE "${name}"`);
    expect(await vigie(env, 'migrate')).toMatchObject({ code: 0, stdout: 'Database migrated\n' });
    database = await createDb({ url: url.toString(), pool: { max: 2 } });
  });

  afterAll(async () => {
    await database?.close();
    await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  });

  it('creates a user with a generated password printed once, and refuses a duplicate', async () => {
    const created = await vigie(
      env,
      'user',
      'create',
      '--email',
      'ops@example.org',
      '--name',
      'Ops',
      '--role',
      'coordinator',
      '--locale',
      'en',
    );
    expect(created.code).toBe(0);
    const password = shownOnce(created.stdout, 'Password');
    expect(password).toMatch(/^[A-Za-z0-9]{24}$/);
    const user = await findUserByEmail(database.db, 'ops@example.org');
    expect(user).toMatchObject({ role: 'coordinator', locale: 'en', name: 'Ops' });
    expect(await verifyPassword(user!.passwordHash, password!)).toBe(true);
    expect(user!.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);

    const again = await vigie(
      env,
      'user',
      'create',
      '--email',
      'OPS@example.org',
      '--name',
      'Ops',
      '--role',
      'analyst',
    );
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already exists');
    const audit = await listAudit(database.db, { actor: 'system:cli', action: 'user.create' });
    expect(audit).toHaveLength(1);
  });

  it('refuses bad usage with exit code 2 and the usage text', async () => {
    const [badRole, missing, weak, unknownCommand] = await Promise.all([
      vigie(env, 'user', 'create', '--email', 'x@example.org', '--name', 'X', '--role', 'king'),
      vigie(env, 'user', 'create', '--name', 'X', '--mail', 'x'),
      vigie(env, 'user', 'password', '--email', 'x@example.org', '--password', 'short'),
      vigie(env, 'frobnicate'),
    ]);
    expect(badRole.code).toBe(2);
    expect(badRole.stderr).toContain('--role must be one of admin, coordinator, analyst, field');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("Unknown option '--mail'");
    expect(weak.code).toBe(2);
    expect(weak.stderr).toContain('--password must have at least 12 characters');
    expect(unknownCommand.code).toBe(2);
    expect(unknownCommand.stderr).toContain('Usage: npm run vigie');
  });

  it('changes a password and disables a user', async () => {
    await vigie(
      env,
      'user',
      'create',
      '--email',
      'field@example.org',
      '--name',
      'F',
      '--role',
      'field',
      '--password',
      'first-password-123',
    );
    const changed = await vigie(
      env,
      'user',
      'password',
      '--email',
      'field@example.org',
      '--password',
      'second-password-456',
    );
    expect(changed.code).toBe(0);
    const user = await findUserByEmail(database.db, 'field@example.org');
    expect(await verifyPassword(user!.passwordHash, 'second-password-456')).toBe(true);
    expect(await verifyPassword(user!.passwordHash, 'first-password-123')).toBe(false);
    const [disabled, ghost] = await Promise.all([
      vigie(env, 'user', 'disable', '--email', 'field@example.org'),
      vigie(env, 'user', 'disable', '--email', 'ghost@example.org'),
    ]);
    expect(disabled.code).toBe(0);
    expect(ghost.code).toBe(1);
    expect((await findUserByEmail(database.db, 'field@example.org'))?.disabled).toBe(true);
    expect((await vigie(env, 'user', 'list')).stdout).toMatch(/field@example\.org\tfield\tfr\tdisabled/);
  });

  it('links a field user to their asset and regions, and refuses bad ones', async () => {
    const created = await vigie(
      env,
      'user',
      'create',
      '--email',
      'medic@example.org',
      '--name',
      'Medic',
      '--role',
      'field',
      '--asset',
      'team-cayes-1',
      '--regions',
      'hti, dom',
    );
    expect(created.code).toBe(0);
    expect(created.stdout).toContain('Works with asset team-cayes-1');
    const user = await findUserByEmail(database.db, 'medic@example.org');
    expect(await fieldProfile(database.db, user!.id)).toEqual({
      userId: user!.id,
      assetId: 'team-cayes-1',
      regions: ['HTI', 'DOM'],
    });
    const bad = await vigie(
      env,
      'user',
      'create',
      '--email',
      'medic2@example.org',
      '--name',
      'Medic 2',
      '--role',
      'field',
      '--regions',
      'Haiti',
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--regions must be ISO 3166-1 alpha-3 codes');
    expect(await findUserByEmail(database.db, 'medic2@example.org')).toBeNull();
  });

  it('creates an API key printed once, and revokes it', async () => {
    const created = await vigie(
      env,
      'apikey',
      'create',
      '--source',
      'partner-x',
      '--scopes',
      'events:position,read',
      '--label',
      'Partner X',
    );
    expect(created.code).toBe(0);
    const token = shownOnce(created.stdout, 'Token');
    const key = await verifyApiKey(database.db, token!);
    expect(key).toMatchObject({ source: 'partner-x', scopes: ['events:position', 'read'] });
    const [badScope, list] = await Promise.all([
      vigie(env, 'apikey', 'create', '--source', 'p', '--scopes', 'everything'),
      vigie(env, 'apikey', 'list'),
    ]);
    expect(badScope.code).toBe(2);
    expect(list.stdout).toContain(`${key!.id}\tpartner-x`);
    expect((await vigie(env, 'apikey', 'revoke', '--id', key!.id)).code).toBe(0);
    expect(await verifyApiKey(database.db, token!)).toBeNull();
    expect((await vigie(env, 'apikey', 'revoke', '--id', key!.id)).code).toBe(1);
  });
});

describe('vigie CLI on PGlite', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'vigie-cli-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('works on the embedded database in VIGIE_DATA_DIR', async () => {
    const run = await vigie(
      { VIGIE_DATA_DIR: dataDir },
      'user',
      'create',
      '--email',
      'a@example.org',
      '--name',
      'A',
      '--role',
      'admin',
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Created user a@example.org (admin)');
  }, 120_000);
});
