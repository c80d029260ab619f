// Reads prisma/migrations the way Prisma Migrate does: one folder per migration holding migration.sql,
// applied in folder-name order, identified by the SHA-256 of the script.
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

export interface MigrationFile {
  name: string;
  script: string;
  checksum: string;
}

/**
 * prisma/migrations of this project, found from this file rather than from the working directory: the
 * nearest ancestor folder that has one (src/db when run from source, dist/src/db when run compiled).
 */
export const defaultMigrationsDir = findUp(path.dirname(fileURLToPath(import.meta.url)), path.join("prisma", "migrations"));

function findUp(from: string, relative: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, relative);
    if (existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) return path.join(from, "..", "..", relative);
  }
}

export async function readMigrationFiles(migrationsDir: string): Promise<MigrationFile[]> {
  const entries = await readdir(migrationsDir, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") throw new Error(`migrations folder ${migrationsDir} does not exist`);
    throw error;
  });
  const names = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  return Promise.all(
    names.map(async (name) => {
      const file = path.join(migrationsDir, name, "migration.sql");
      const script = await readFile(file, "utf8").catch((error: NodeJS.ErrnoException) => {
        if (error.code === "ENOENT") throw new Error(`migration ${name} has no migration.sql (${file})`);
        throw error;
      });
      return { name, script, checksum: sha256Hex(script) };
    }),
  );
}

export function sha256Hex(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/**
 * Prisma accepts a recorded checksum for the script as written, with CRLF turned into LF, or with LF turned
 * into CRLF, because git may rewrite line endings on checkout. Same rule here, so both tools agree.
 */
export function matchesChecksum(script: string, recorded: string): boolean {
  return [script, script.replaceAll("\r\n", "\n"), script.replaceAll("\n", "\r\n")].some((variant) => sha256Hex(variant) === recorded);
}
