// A PostgreSQL server of the test's own (initdb into a temporary folder, a free port, its socket in that folder),
// so fault tests can stop and start it without touching the shared server on 5432. PostgreSQL refuses to run
// as root, so under root every binary runs as the `postgres` OS user, who owns the folder.
import { execFile } from "node:child_process";
import { chown, mkdtemp, rm } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";

const run = promisify(execFile);
const BIN = "/usr/lib/postgresql/15/bin";

export interface PrivatePostgres {
  port: number;
  /** postgresql://postgres@127.0.0.1:<port>/<database> */
  urlOf(database: string): string;
  /** Creates an empty database and answers its URL. */
  createDatabase(name: string): Promise<string>;
  /** pg_ctl stop: "fast" ends sessions and shuts down cleanly; "immediate" is a crash without the crash. */
  stop(mode?: "smart" | "fast" | "immediate"): Promise<void>;
  /** Starts it again on the same data and port; resolves once it accepts connections. */
  start(): Promise<void>;
  /** Stops it (if running) and removes its folder. */
  cleanup(): Promise<void>;
}

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "private-pg-"));
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const { stdout } = await run("id", ["-u", "postgres"]);
    const { stdout: gid } = await run("id", ["-g", "postgres"]);
    await chown(dir, Number(stdout.trim()), Number(gid.trim()));
  }
  const pgRun = (tool: string, args: string[]) =>
    asRoot ? run("runuser", ["-u", "postgres", "--", path.join(BIN, tool), ...args]) : run(path.join(BIN, tool), args);
  const data = path.join(dir, "data");
  await pgRun("initdb", ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync", "--no-instructions"]);
  const port = await freePort();
  // fsync off: the tests stop PostgreSQL, never the machine; a shut-down or killed server loses nothing without it.
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=50`;
  let running = false;
  const start = async () => {
    await pgRun("pg_ctl", ["-D", data, "-l", path.join(dir, "server.log"), "-o", options, "-w", "-t", "60", "start"]);
    running = true;
  };
  const stop = async (mode: "smart" | "fast" | "immediate" = "fast") => {
    await pgRun("pg_ctl", ["-D", data, "-m", mode, "-w", "-t", "60", "stop"]);
    running = false;
  };
  await start();
  const urlOf = (database: string) => `postgresql://postgres@127.0.0.1:${port}/${database}`;
  return {
    port,
    urlOf,
    async createDatabase(name) {
      const client = new pg.Client({ connectionString: urlOf("postgres") });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE "${name}"`);
      } finally {
        await client.end();
      }
      return urlOf(name);
    },
    stop,
    start,
    async cleanup() {
      if (running) await stop("immediate").catch(() => {});
      await rm(dir, { recursive: true, force: true });
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
