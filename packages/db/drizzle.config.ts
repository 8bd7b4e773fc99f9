import { defineConfig } from 'drizzle-kit';

// `npm run db:generate` diffs the tables in src/schema/*.ts against drizzle/meta and writes a new
// migration into drizzle/. Generation needs no database connection.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/schema/*.ts',
  out: './drizzle',
  strict: true,
  verbose: true,
});
