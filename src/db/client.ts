// Opens the one Prisma client the service uses: embedded PGlite by default, PostgreSQL when a URL is given.
// Both go through Prisma's driver adapters, so the rest of the code sees the same client and error shapes.
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { PrismaClient } from "../gen/prisma/client.js";
import { pgliteStatements } from "./pglite-statements.js";

export type { PrismaClient } from "../gen/prisma/client.js";

export interface Database {
  prisma: PrismaClient;
  kind: "pglite" | "postgres";
  /**
   * The hot path's raw SQL, beside Prisma on the same connections: one statement with parameters, rows back.
   * `name` makes PostgreSQL keep the statement prepared per connection, so a push is planned once, not per call.
   */
  query<T>(text: string, params: readonly unknown[], name?: string): Promise<T[]>;
  /**
   * Runs `work` in one transaction on one connection, its statements through the `query` it is given: committed
   * when `work` resolves, rolled back when it throws (the error passes on). For writes that must land together
   * but take more than one statement (the event store's pushes of several aggregates).
   */
  transaction<T>(work: (query: QueryFunction) => Promise<T>): Promise<T>;
  /** Connections now, for the metrics: PostgreSQL's pool; PGlite is one in-process connection. */
  connections(): ConnectionStats;
  close(): Promise<void>;
}

export type QueryFunction = <T>(text: string, params: readonly unknown[], name?: string) => Promise<T[]>;

export interface ConnectionStats {
  /** Connections the pool may open. */
  max: number;
  /** Open connections (busy and idle). */
  total: number;
  /** Open connections not in use; unknown for PGlite. */
  idle?: number;
  /** Queries waiting for a connection; unknown for PGlite. */
  waiting?: number;
}

export interface OpenDatabaseOptions {
  /** postgresql://… selects PostgreSQL; absent selects embedded PGlite. */
  databaseUrl?: string;
  /** PGlite keeps its files in `<dataDir>/pglite`; ":memory:" keeps nothing on disk. */
  dataDir: string;
  /** PostgreSQL connection pool size. Default 10. */
  poolSize?: number;
  /** Told of PostgreSQL connection errors (the service's pino logger): they are survived, but never silent. */
  logger?: DatabaseLogger;
}

export interface DatabaseLogger {
  warn(details: object, message: string): void;
}

// Both adapters read TIMESTAMPTZ text by replacing its offset with +00:00 and send Date parameters without
// one, so every session must run in UTC or timestamps shift by the server's zone.
const UTC = "SET TimeZone TO 'UTC'";

/** A request waiting this long for a PostgreSQL connection fails (and is answered Unavailable) instead of hanging. */
const CONNECT_TIMEOUT_MS = 10_000;

export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl, options.poolSize ?? 10, options.logger);
  return openPglite(options.dataDir);
}

async function openPostgres(connectionString: string, poolSize: number, logger: DatabaseLogger | undefined): Promise<Database> {
  const pool = new pg.Pool({
    connectionString,
    max: poolSize,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    // Runs on every new connection before its first query; a URL's own `options` cannot override it.
    verify: (client, done) => {
      client.query(UTC).then(() => done(), done);
    },
  });
  // An idle pooled connection that drops (server restart, pg_terminate_backend) must not crash the process:
  // the pool discards it, and the next query reconnects or fails with a connection error that callers map to
  // Unavailable. Logged, so an operator sees connections dying. The listener is the pool's own from the start
  // (the adapter adds one only when Prisma first connects, and then calls its onPoolError, left out to log once).
  pool.on("error", (error) =>
    logger?.warn({ err: error }, "database: an idle pooled connection failed and was discarded; the next query opens a new one"),
  );
  const adapter = new PrismaPg(pool, {
    disposeExternalPool: true,
    onConnectionError: (error) => logger?.warn({ err: error }, "database: a connection failed during a transaction"),
  });
  const prisma = new PrismaClient({ adapter });
  return {
    prisma,
    kind: "postgres",
    query: async <T>(text: string, params: readonly unknown[], name?: string) =>
      (await pool.query({ text, values: params as unknown[], ...(name ? { name } : {}) })).rows as T[],
    transaction: async <T>(work: (query: QueryFunction) => Promise<T>) => {
      const client = await pool.connect();
      // A connection whose ROLLBACK failed is broken (e.g. the server went away): released with the error, the
      // pool discards it instead of lending it out again mid-transaction.
      let broken: Error | undefined;
      try {
        await client.query("BEGIN");
        const result = await work(async <R>(text: string, params: readonly unknown[], name?: string) =>
          (await client.query({ text, values: params as unknown[], ...(name ? { name } : {}) })).rows as R[]);
        await client.query("COMMIT");
        return result;
      } catch (error) {
        await client.query("ROLLBACK").catch((rollbackError: unknown) => {
          broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
        });
        throw error;
      } finally {
        client.release(broken);
      }
    },
    connections: () => ({ max: poolSize, total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    close: once(async () => {
      await prisma.$disconnect();
      // $disconnect ends the pool only if a query ever connected the adapter.
      if (!pool.ended) await pool.end();
    }),
  };
}

async function openPglite(dataDir: string): Promise<Database> {
  let location = "memory://";
  if (dataDir !== ":memory:") {
    location = path.join(path.resolve(dataDir), "pglite");
    await mkdir(location, { recursive: true });
  }
  // Extensions the schema declares (schema.prisma `extensions`) must be loaded before a migration creates them.
  // PGlite's PostgreSQL defaults to 128 MB of shared buffers, resident once used; 32 MB hold this service's hot
  // pages (measured: 424 -> 300 MB RSS after 6 000 statements, same speed; other pages come from the OS's file cache).
  const startParams = [...PGlite.defaultStartParams, "-c", "shared_buffers=32MB"];
  const pglite = await PGlite.create(location, { extensions: { pg_trgm }, startParams });
  await pglite.exec(UTC);
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
  const named = pgliteStatements(pglite);
  return {
    prisma,
    kind: "pglite",
    // A named statement stays prepared in PGlite's one session (pglite-statements.ts); others go as they are.
    query: async <T>(text: string, params: readonly unknown[], name?: string) =>
      name ? named.query<T>(name, text, params) : (await pglite.query<T>(text, params as unknown[])).rows,
    // PGlite holds every other statement back while a transaction runs, so nothing else slips into it.
    transaction: <T>(work: (query: QueryFunction) => Promise<T>) =>
      pglite.transaction((tx) =>
        work(async <R>(text: string, params: readonly unknown[], name?: string) =>
          name ? named.queryInTransaction<R>(name, text, params) : (await tx.query<R>(text, params as unknown[])).rows),
      ),
    // PGlite queues statements inside itself and tells nobody how many; what is known is whether it is open.
    connections: () => ({ max: 1, total: pglite.closed ? 0 : 1 }),
    close: once(async () => {
      await prisma.$disconnect();
      await pglite.close();
    }),
  };
}

/** Shutdown paths may close twice (signal handler and test teardown); the second call waits for the first. */
function once(close: () => Promise<void>): () => Promise<void> {
  let closing: Promise<void> | undefined;
  return () => (closing ??= close());
}
