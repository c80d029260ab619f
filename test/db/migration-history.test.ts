// The committed migrations produce exactly prisma/schema.prisma, as Prisma's schema engine judges it
// (what `prisma migrate diff --from-migrations prisma/migrations --to-schema prisma/schema.prisma` checks).
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { defaultMigrationsDir } from "../../src/db/migration-files.js";
import { schemaPath } from "./expected-schema.js";
import { migrationList, withSchemaEngine } from "./prisma-schema-engine.js";

const filters = { externalTables: [], externalEnums: [] };

describe("prisma/migrations", () => {
  it("leaves nothing for Prisma to add to reach schema.prisma", async () => {
    const schema = readFileSync(schemaPath, "utf8");
    const migrations = await migrationList(defaultMigrationsDir);
    const result = await withSchemaEngine(schema, (engine) =>
      engine.diff({
        from: { tag: "migrations", ...migrations },
        to: { tag: "schemaDatamodel", files: [{ path: "schema.prisma", content: schema }] },
        script: true,
        exitCode: true,
        filters,
      }),
    );
    expect(result.stdout).toBe("-- This is an empty migration.\n");
    expect(result.exitCode).toBe(0);
  }, 60_000);

  it("declares the postgresql provider in migration_lock.toml, as Prisma Migrate requires", () => {
    const lock = readFileSync(new URL("migration_lock.toml", `file://${defaultMigrationsDir}/`), "utf8");
    expect(lock).toMatch(/^provider = "postgresql"$/m);
  });
});
