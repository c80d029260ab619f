// The key that seals codes waiting in the outbox: MASTER_KEY when given (required for several servers on
// one database), else generated once into DATA_DIR/master.key (mode 0600) and reused on later starts.
import { randomBytes } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
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
  // "wx": two processes starting at once must not overwrite each other's key.
  await writeFile(file, key.toString("hex"), { mode: 0o600, flag: "wx" }).catch(async (error: NodeJS.ErrnoException) => {
    if (error.code !== "EEXIST") throw error;
  });
  return parseMasterKey((await readFile(file, "utf8")).trim());
}
