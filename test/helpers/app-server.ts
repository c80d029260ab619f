// Starts the real service (buildApp + the one-port server) on a free port against a fresh database, as
// `npm start` would, for tests that talk to it over the network.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pino from "pino";
import { buildApp, type App } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import { startServer } from "../../src/gateway/listener/server.js";
import { createTestDatabase } from "./database.js";

export interface TestServer {
  url: string;
  port: number;
  adminToken: string;
  adminPatPath: string;
  /** The PostgreSQL database of this server, when tests run on PostgreSQL. */
  databaseUrl?: string;
  app: App;
  /** Stops the server; the database stays for a restart unless `drop` is called. */
  stop(): Promise<void>;
  /**
   * Starts a new server process-equivalent on the same database and data dir; `samePort` keeps the address, so
   * a client that reconnects (the browser console's live list) finds it again.
   */
  restart(options?: { samePort?: boolean }): Promise<TestServer>;
  drop(): Promise<void>;
}

export interface StartOptions {
  env?: Record<string, string>;
  tls?: { cert: Buffer; key: Buffer };
  /** Receives the server's log lines (a pino logger on a test destination); default silent. */
  logger?: pino.Logger;
}

export async function startTestServer(options: StartOptions = {}): Promise<TestServer> {
  const database = await createTestDatabase();
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "usersvc-data-"));
  const drop = async () => {
    await database.drop();
    await rm(dataDir, { recursive: true, force: true });
  };
  return start(database.databaseUrl, database.dataDir, dataDir, drop, options);
}

/**
 * A second server on `first`'s PostgreSQL database and data dir (its master key and the administrator's token
 * file), as two processes of one deployment; stopping it leaves the database to `first`.
 */
export async function startAnotherServer(first: TestServer, options: StartOptions = {}): Promise<TestServer> {
  if (!first.databaseUrl) throw new Error("two servers share a PostgreSQL database, never a PGlite one");
  return start(first.databaseUrl, "", path.dirname(first.adminPatPath), async () => {}, options);
}

/** A server on an existing PostgreSQL database (e.g. a private server's), with a fresh data dir. */
export async function startTestServerOn(databaseUrl: string, options: StartOptions = {}): Promise<TestServer> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "usersvc-data-"));
  return start(databaseUrl, "", dataDir, () => rm(dataDir, { recursive: true, force: true }), options);
}

async function start(
  databaseUrl: string | undefined,
  pgliteDir: string,
  dataDir: string,
  drop: () => Promise<void>,
  options: StartOptions,
  port = 0,
): Promise<TestServer> {
  const config = loadConfig({
    PORT: "0",
    HOST: "127.0.0.1",
    DATA_DIR: dataDir,
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    BCRYPT_COST: "4",
    LOG_LEVEL: "silent",
    ...options.env,
  });
  // PGlite's files live in the test database's own folder so restarts find them.
  const app = await buildApp({ ...config, dataDir: databaseUrl ? dataDir : pgliteDir, adminPatFile: path.join(dataDir, "admin.pat") }, options.logger ?? pino({ level: "silent" }));
  const server = await startServer({ port, host: "127.0.0.1", tls: options.tls, handler: app.handler });
  const adminPatPath = path.join(dataDir, "admin.pat");
  const adminToken = (await readFile(adminPatPath, "utf8")).trim();
  const stop = async () => {
    app.drain();
    await server.close(1000);
    await app.close();
  };
  return {
    url: server.url,
    port: server.port,
    adminToken,
    adminPatPath,
    databaseUrl,
    app,
    stop,
    restart: async (restartOptions = {}) => {
      await stop();
      return start(databaseUrl, pgliteDir, dataDir, drop, options, restartOptions.samePort ? server.port : 0);
    },
    drop,
  };
}
