// Prisma's own schema engine (the WebAssembly build that ships with @prisma/internals), driven through the
// PGlite adapter, so tests can ask Prisma itself what a migration should contain; the native engine that
// `prisma migrate diff` uses cannot be downloaded here.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import type { PrismaPg } from "@prisma/adapter-pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import type { MigrationDirectory, SchemaEngine } from "@prisma/schema-engine-wasm";
import { readMigrationFiles } from "../../src/db/migration-files.js";

const require = createRequire(import.meta.url);

/** The PGlite extensions src/db/client.ts loads, for every PGlite the schema engine works on. */
export const pgliteExtensions = { pg_trgm };

/**
 * PrismaPGlite for `pglite`, whose shadow database (where the engine replays migrations to diff them) loads
 * the extensions too: the adapter's own shadow is a bare PGlite, on which CREATE EXTENSION fails.
 */
export function pgliteAdapter(pglite: PGlite): PrismaPGlite {
  const factory = new PrismaPGlite(pglite);
  factory.connectToShadowDb = async () => new PrismaPGlite(await PGlite.create("memory://", { extensions: pgliteExtensions })).connect();
  return factory;
}

type EngineClass = typeof SchemaEngine;
let engineClass: Promise<EngineClass> | undefined;

/** Instantiates the engine's wasm module by hand: its package entry imports a .wasm file, which Node cannot. */
async function loadEngineClass(): Promise<EngineClass> {
  const glue = (await import("@prisma/schema-engine-wasm/schema_engine_bg")) as unknown as {
    __wbg_set_wasm(exports: WebAssembly.Exports): void;
    SchemaEngine: EngineClass;
  };
  const wasmFile = require.resolve("@prisma/schema-engine-wasm/schema_engine_bg").replace(/\.js$/, ".wasm");
  const instance = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(wasmFile)), { "./schema_engine_bg.js": glue });
  glue.__wbg_set_wasm(instance.exports);
  (instance.exports.__wbindgen_start as () => void)();
  return glue.SchemaEngine;
}

/**
 * Runs `run` with Prisma's schema engine connected through `adapter` (a driver adapter factory such as
 * PrismaPg or PrismaPGlite), or through a throw-away in-memory PGlite when none is given.
 */
export async function withSchemaEngine<T>(
  schema: string,
  run: (engine: SchemaEngine) => Promise<T>,
  adapter?: PrismaPGlite | PrismaPg,
): Promise<T> {
  const { bindMigrationAwareSqlAdapterFactory } = require("@prisma/driver-adapter-utils") as {
    bindMigrationAwareSqlAdapterFactory(factory: PrismaPGlite | PrismaPg): object;
  };
  engineClass ??= loadEngineClass();
  const EngineClass = await engineClass;
  const scratch = adapter ? undefined : await PGlite.create("memory://", { extensions: pgliteExtensions });
  const factory = bindMigrationAwareSqlAdapterFactory(adapter ?? pgliteAdapter(scratch!));
  const engine = await EngineClass.new({ datamodels: [["schema.prisma", schema]] }, () => {}, factory);
  try {
    return await run(engine);
  } finally {
    engine.free();
    await scratch?.close();
  }
}

/** The migrations folder in the shape the engine reads it (what the CLI passes for --from-migrations). */
export async function migrationList(migrationsDir: string) {
  const files = await readMigrationFiles(migrationsDir);
  const lockfile = path.join(migrationsDir, "migration_lock.toml");
  const migrationDirectories: MigrationDirectory[] = files.map((file) => ({
    path: file.name,
    migrationFile: { path: "migration.sql", content: { tag: "ok", value: file.script } },
  }));
  return {
    baseDir: migrationsDir,
    lockfile: { path: "migration_lock.toml", content: readFileSync(lockfile, "utf8") },
    shadowDbInitScript: "",
    migrationDirectories,
  };
}
