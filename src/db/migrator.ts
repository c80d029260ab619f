// Applies prisma/migrations at start-up, because Prisma's CLI (which needs a native schema engine) cannot run
// everywhere the service runs. Records into _prisma_migrations exactly as Prisma Migrate does, so either tool
// can take over from the other.
import { randomBytes, randomUUID } from "node:crypto";
import type { PrismaClient } from "../gen/prisma/client.js";
import { defaultMigrationsDir, matchesChecksum, readMigrationFiles, type MigrationFile } from "./migration-files.js";

/** Prisma Migrate's advisory lock key: holding it also keeps `prisma migrate deploy` out while we run. */
const PRISMA_MIGRATE_LOCK = 72707369;

// Prisma's own table definition (sql-schema-connector, PostgreSQL flavour), made idempotent.
const CREATE_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS _prisma_migrations (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             TIMESTAMPTZ,
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          TIMESTAMPTZ,
    started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_steps_count     INTEGER NOT NULL DEFAULT 0
)`;

// Waiting for another process's migration, then running ours, may take a while; Prisma's 5 s default
// transaction timeout is meant for requests, not schema changes.
const TRANSACTION_OPTIONS = { maxWait: 60_000, timeout: 10 * 60_000 };

type Transaction = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

interface MigrationRow {
  migration_name: string;
  checksum: string;
  finished: boolean;
  rolled_back: boolean;
}

export class MigrationError extends Error {
  override name = "MigrationError";
}

/**
 * Applies every migration not yet recorded as finished, in name order, each in its own transaction under
 * Prisma's advisory lock (so concurrent starts apply each migration once). Refuses to run when a recorded
 * migration failed or an applied script was edited afterwards.
 */
export async function migrate(prisma: PrismaClient, migrationsDir: string = defaultMigrationsDir): Promise<{ applied: string[] }> {
  const files = await readMigrationFiles(migrationsDir);
  const applied: string[] = [];
  for (;;) {
    // Each round re-reads the history under the lock: another process may have applied something meanwhile.
    const name = await prisma.$transaction(async (tx) => {
      await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${PRISMA_MIGRATE_LOCK})`);
      await tx.$executeRawUnsafe(CREATE_MIGRATIONS_TABLE);
      const rows = await tx.$queryRawUnsafe<MigrationRow[]>(
        `SELECT migration_name, checksum, finished_at IS NOT NULL AS finished, rolled_back_at IS NOT NULL AS rolled_back
         FROM _prisma_migrations`,
      );
      const next = nextPending(files, rows);
      if (next) await apply(tx, next);
      return next?.name;
    }, TRANSACTION_OPTIONS);
    if (name === undefined) return { applied };
    applied.push(name);
  }
}

function nextPending(files: readonly MigrationFile[], rows: readonly MigrationRow[]): MigrationFile | undefined {
  const live = rows.filter((row) => !row.rolled_back);
  const failed = live.find((row) => !row.finished);
  if (failed) {
    throw new MigrationError(
      `migration ${failed.migration_name} is recorded as failed in _prisma_migrations; fix the database, then mark it ` +
        `with \`prisma migrate resolve --rolled-back ${failed.migration_name}\` (or --applied) before starting again`,
    );
  }
  const finished = new Map(live.map((row) => [row.migration_name, row.checksum]));
  for (const file of files) {
    const checksum = finished.get(file.name);
    if (checksum !== undefined && !matchesChecksum(file.script, checksum)) {
      throw new MigrationError(
        `migration ${file.name} was changed after it was applied (checksum ${checksum} in the database, ${file.checksum} on disk); ` +
          "restore the applied file and put changes in a new migration",
      );
    }
  }
  return files.find((file) => !finished.has(file.name));
}

async function apply(tx: Transaction, file: MigrationFile): Promise<void> {
  const id = randomUUID();
  await tx.$executeRawUnsafe(
    `INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at) VALUES ($1, $2, $3, clock_timestamp())`,
    id,
    file.checksum,
    file.name,
  );
  try {
    await tx.$executeRawUnsafe(asSingleStatement(file.script));
  } catch (error) {
    throw new MigrationError(`migration ${file.name} failed and was rolled back: ${messageOf(error)}`, { cause: error });
  }
  await tx.$executeRawUnsafe(
    `UPDATE _prisma_migrations SET finished_at = clock_timestamp(), applied_steps_count = 1 WHERE id = $1`,
    id,
  );
}

/**
 * Raw queries go through the extended protocol, which allows one statement only (PGlite enforces it, pg does
 * whenever parameters are bound). PL/pgSQL's EXECUTE runs a whole script, so the migration is wrapped in a
 * DO block. The script therefore must not contain transaction control or CREATE INDEX CONCURRENTLY, which
 * cannot run inside the transaction the migrator puts around each migration anyway.
 */
function asSingleStatement(script: string): string {
  const block = dollarTagAbsentFrom(script);
  const body = dollarTagAbsentFrom(script);
  return `DO ${block} BEGIN EXECUTE ${body}${script}${body}; END ${block}`;
}

/** A dollar-quote tag the script cannot contain, so the script needs no escaping. */
function dollarTagAbsentFrom(script: string): string {
  for (;;) {
    const tag = `$m${randomBytes(8).toString("hex")}$`;
    if (!script.includes(tag)) return tag;
  }
}

function messageOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.trim().split("\n").at(-1) ?? message;
}
