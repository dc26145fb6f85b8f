import { defineConfig } from 'drizzle-kit';

// `pnpm db:generate` at the repository root writes the SQL and its journal into the top-level
// migrations/ folder; the build copies it into packages/events/migrations for the published package.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/schema.ts',
  out: '../../migrations',
});
