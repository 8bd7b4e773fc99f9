/**
 * Vigie's admin command line (`npm run vigie -- <command>` at the repository root). It works on the
 * database the environment names: DATABASE_URL (PostgreSQL), else the PGlite directory under
 * VIGIE_DATA_DIR — which only one process may open at a time, so stop Vigie first in embedded mode.
 * Exit codes: 0 done, 1 failed, 2 usage error.
 */
import { parseArgs } from 'node:util';
import type { Db } from '@vigie/db/database';
import { CliFailure, CliUsageError } from './cli/cli-errors';
import type { CliOutput } from './cli/cli-errors';
import { createApiKeyCommand } from './cli/create-api-key-command';
import { createUserCommand } from './cli/create-user-command';
import { disableUserCommand } from './cli/disable-user-command';
import { listApiKeysCommand } from './cli/list-api-keys-command';
import { listUsersCommand } from './cli/list-users-command';
import { revokeApiKeyCommand } from './cli/revoke-api-key-command';
import { setPasswordCommand } from './cli/set-password-command';
import { readGatewayConfig } from './env';

const USAGE = `Usage: npm run vigie -- <command> [options]

  user create   --email E --name N --role admin|coordinator|analyst|field [--locale fr|en] [--password P]
                [--asset ASSET_ID] [--regions HTI,DOM]
                (without --password, a password is generated and printed once; --asset and --regions
                 give field staff the vehicle or team they work with and the countries they cover)
  user password --email E [--password P]     new password (generated when omitted); ends the user's sessions
  user disable  --email E                    the user can no longer log in; ends their sessions
  user list
  apikey create --source S --scopes events:position,events:reading,events:report,read,devices:register [--label L]
                (prints the token once)
  apikey revoke --id ID
  apikey list   [--source S]
  migrate                                    apply database migrations

Database: DATABASE_URL (PostgreSQL), else PGlite in $VIGIE_DATA_DIR/pglite (default ./.data/pglite).`;

type Command = (db: Db, values: Record<string, unknown>, out: CliOutput) => Promise<void>;

const commands: Record<string, Command> = {
  'user create': createUserCommand,
  'user password': setPasswordCommand,
  'user disable': disableUserCommand,
  'user list': listUsersCommand,
  'apikey create': createApiKeyCommand,
  'apikey revoke': revokeApiKeyCommand,
  'apikey list': listApiKeysCommand,
  migrate: async (_db, _values, out) => out.print('Database migrated'),
};

const out: CliOutput = { print: (line) => process.stdout.write(`${line}\n`) };

async function main(argv: readonly string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        email: { type: 'string' },
        name: { type: 'string' },
        role: { type: 'string' },
        locale: { type: 'string' },
        password: { type: 'string' },
        source: { type: 'string' },
        scopes: { type: 'string' },
        label: { type: 'string' },
        id: { type: 'string' },
        asset: { type: 'string' },
        regions: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}\n`);
    return 2;
  }
  const { positionals, values } = parsed;
  if (values.help === true || positionals.length === 0) {
    (values.help === true ? process.stdout : process.stderr).write(`${USAGE}\n`);
    return values.help === true ? 0 : 2;
  }
  const name = positionals[0] === 'migrate' ? 'migrate' : positionals.slice(0, 2).join(' ');
  const command = commands[name];
  if (command === undefined || positionals.length > (name === 'migrate' ? 1 : 2)) {
    process.stderr.write(`Unknown command: ${positionals.join(' ')}\n\n${USAGE}\n`);
    return 2;
  }

  const config = readGatewayConfig();
  // Loaded only now: usage errors answer without starting a database driver.
  const { createDb } = await import('@vigie/db/create-db');
  const database = await createDb(
    config.databaseUrl !== undefined
      ? { url: config.databaseUrl, pool: { max: 2 }, applicationName: 'vigie-cli' }
      : { dataDir: config.pgliteDir },
  );
  try {
    await database.migrate();
    await command(database.db, values, out);
    return 0;
  } catch (error) {
    if (error instanceof CliUsageError) {
      process.stderr.write(`${error.message}\n\n${USAGE}\n`);
      return 2;
    }
    if (error instanceof CliFailure) {
      process.stderr.write(`${error.message}\n`);
      return 1;
    }
    throw error;
  } finally {
    await database.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`Failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
