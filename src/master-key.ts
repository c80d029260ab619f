// The key that seals codes waiting in the outbox: MASTER_KEY when given (required for several servers on
// one database), else generated once into DATA_DIR/master.key (mode 0600) and reused on later starts.
import { randomBytes } from "node:crypto";
import { link, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Config } from "./config.js";
import { parseMasterKey } from "./domain/secret-box.js";

export async function loadMasterKey(config: Pick<Config, "masterKey" | "dataDir">): Promise<Buffer> {
  if (config.masterKey) return parseMasterKey(config.masterKey);
  const file = path.join(config.dataDir, "master.key");
  try {
    return parseMasterKey((await readFile(file, "utf8")).trim());
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  const key = randomBytes(32);
  await mkdir(config.dataDir, { recursive: true });
  // Written whole to a file of this process, then linked into place: processes starting at once neither
  // overwrite each other's key nor read a half-written one, and all of them use the key that was linked first.
  const own = `${file}.${process.pid}.new`;
  await writeFile(own, key.toString("hex"), { mode: 0o600 });
  try {
    await link(own, file).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== "EEXIST") throw error;
    });
  } finally {
    await rm(own, { force: true });
  }
  return parseMasterKey((await readFile(file, "utf8")).trim());
}
