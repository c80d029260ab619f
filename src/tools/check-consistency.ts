// `npm run check-consistency`: rebuilds the projections from the event log and compares them with the stored
// rows on the configured database (DATABASE_URL or PGlite in DATA_DIR, as the server). Exit 0: consistent;
// 1: mismatches (listed); 2: the check could not run. Read-only: it neither migrates nor writes.
import { loadConfig } from "../config.js";
import { openDatabase } from "../db/client.js";
import { checkConsistency, formatReport } from "./consistency/check-consistency.js";

async function main(): Promise<number> {
  const config = loadConfig();
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: 2 });
  try {
    const report = await checkConsistency(database);
    console.log(formatReport(report));
    return report.mismatches.length === 0 ? 0 : 1;
  } finally {
    await database.close();
  }
}

main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    console.error(`check-consistency: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 2;
  },
);
