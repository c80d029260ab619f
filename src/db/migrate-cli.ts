// `npm run migrate`: applies pending migrations to the configured database and says what it did.
import { loadConfig } from "../config.js";
import { openDatabase } from "./client.js";
import { migrate } from "./migrator.js";

async function main(): Promise<void> {
  const config = loadConfig();
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: config.databasePoolSize });
  try {
    const { applied } = await migrate(database.prisma);
    const where = database.kind === "postgres" ? "PostgreSQL" : `PGlite in ${config.dataDir}`;
    if (applied.length === 0) console.log(`${where}: database is up to date`);
    for (const name of applied) console.log(`${where}: applied ${name}`);
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
