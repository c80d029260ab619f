// Prisma CLI settings (generate, and migrate deploy where a schema-engine binary exists). The service itself
// migrates with src/db/migrator.ts, which records into the same _prisma_migrations table.
import { defineConfig } from "prisma/config";
import { loadConfig } from "./src/config.js";

// Only migrate/introspection commands need a URL; generate must keep working without DATABASE_URL.
const { databaseUrl } = loadConfig();

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  ...(databaseUrl ? { datasource: { url: databaseUrl } } : {}),
});
