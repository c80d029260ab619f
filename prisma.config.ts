// Prisma CLI settings (generate, and migrate deploy where a schema-engine binary exists). The service itself
// migrates with src/db/migrator.ts, which records into the same _prisma_migrations table.
import { defineConfig } from "prisma/config";
import { loadConfig } from "./src/config.js";

// Only DATABASE_URL matters to the CLI: validating the service's other keys here would let a bad PORT break
// `prisma generate` (and so `npm install`). Generate needs no URL; migrate/introspect commands do.
const { databaseUrl } = loadConfig({ DATABASE_URL: process.env.DATABASE_URL });

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  ...(databaseUrl ? { datasource: { url: databaseUrl } } : {}),
});
