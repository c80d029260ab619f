// Where the rate limiter keeps its counts (RATE_LIMIT_STORE): in this process's memory (one server), or in
// Redis or PostgreSQL so that every server of a deployment draws on one budget per caller.
//
// A shared store that cannot be reached fails open to this server's own memory counts: the call goes on,
// limited per server (N servers then allow up to N times the rate) until the store answers again, with a
// warning in the log (at most one per 10 s) and `rate_limit_store_errors_total` counting each such call. Why
// open: the limit protects capacity, it grants no access; refusing every call while Redis is away would turn
// a cache outage into a full outage, and the memory counts still stop a single runaway caller.
import { Redis } from "ioredis";
import type { Logger } from "pino";
import { Counter, type Registry } from "prom-client";
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import type { Database } from "../db/client.js";

export type RateLimitStoreKind = "memory" | "redis" | "postgres";

export interface RateLimitStoreOptions {
  kind: RateLimitStoreKind;
  /** redis://… for the redis store. */
  redisUrl: string;
  /** Calls per window and the window's length. */
  points: number;
  durationSeconds: number;
  /** The postgres store's connections; the redis store's keys are scoped to it (see `deploymentScope`). */
  database: Database;
  databaseUrl: string | undefined;
  logger: Logger;
  registry: Registry;
}

/** The counts: `consume` resolves when the call is within the limit and throws a RateLimiterRes when over. */
export interface RateLimitStore {
  consume(key: string): Promise<RateLimiterRes>;
  get(key: string): Promise<RateLimiterRes | null>;
  close(): Promise<void>;
}

/** A store answering within this long or not at all: a slow store must not hold every call up. */
const STORE_TIMEOUT_MS = 1000;
const WARN_EVERY_MS = 10_000;

export async function openRateLimitStore(options: RateLimitStoreOptions): Promise<RateLimitStore> {
  const window = { points: options.points, duration: options.durationSeconds };
  const memory = new RateLimiterMemory(window);
  if (options.kind === "memory") return { consume: (key) => memory.consume(key), get: (key) => memory.get(key), close: async () => {} };

  const shared = options.kind === "redis" ? await redisLimiter(options, window) : await postgresLimiter(options, window);
  const errors = new Counter({
    name: "rate_limit_store_errors_total",
    help: "Calls whose rate-limit count the shared store (RATE_LIMIT_STORE) could not take; they were counted in this server's memory instead.",
    registers: [options.registry],
  });
  let lastWarning = 0;
  const failedOpen = (error: unknown) => {
    errors.inc();
    if (Date.now() - lastWarning < WARN_EVERY_MS) return;
    lastWarning = Date.now();
    options.logger.warn({ err: error, store: options.kind }, "rate limit store unreachable: counting in this server's memory until it answers");
  };
  return {
    async consume(key) {
      try {
        return await shared.limiter.consume(key);
      } catch (outcome) {
        if (outcome instanceof RateLimiterRes) throw outcome;
        failedOpen(outcome);
        return memory.consume(key);
      }
    },
    async get(key) {
      try {
        return await shared.limiter.get(key);
      } catch (error) {
        failedOpen(error);
        return memory.get(key);
      }
    },
    close: shared.close,
  };
}

interface SharedLimiter {
  limiter: RateLimiterAbstract;
  close(): Promise<void>;
}

async function redisLimiter(options: RateLimitStoreOptions, window: { points: number; duration: number }): Promise<SharedLimiter> {
  const client = new Redis(options.redisUrl, {
    // Commands fail at once while the connection is down (no queue that would hold calls), and never wait long.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: STORE_TIMEOUT_MS,
    lazyConnect: true,
  });
  client.on("error", () => {}); // reported per call by failedOpen; ioredis reconnects by itself
  // Not being able to connect at start is not fatal either: the server starts and fails open until Redis is back.
  await client.connect().catch((error: unknown) => options.logger.warn({ err: error }, "rate limit store: Redis not reachable at start"));
  const limiter = new RateLimiterRedis({
    storeClient: client,
    rejectIfRedisNotReady: true,
    keyPrefix: `usersvc:rl:${deploymentScope(options.databaseUrl)}`,
    points: window.points,
    // Redis expires keys in whole seconds (the library floors, and a window under 1 s would never expire):
    // the window is rounded up, so with a fractional BURST/RATE the average allowed is a little below RATE.
    duration: Math.max(1, Math.ceil(window.duration)),
  });
  return { limiter, close: async () => void (await client.quit().catch(() => client.disconnect())) };
}

async function postgresLimiter(options: RateLimitStoreOptions, window: { points: number; duration: number }): Promise<SharedLimiter> {
  if (options.database.kind !== "postgres") throw new Error("RATE_LIMIT_STORE=postgres needs DATABASE_URL (PostgreSQL)");
  const { database } = options;
  // The library wants a node-postgres pool; the app's pool is behind `database.query`, and the library reads
  // `rows` and, for SELECT, `rowCount` (as many as rows). Its named statements stay prepared per connection.
  const storeClient = {
    query: async (q: { text: string; values?: unknown[]; name?: string }) => {
      const rows = await database.query<Record<string, unknown>>(q.text, q.values ?? [], q.name);
      return { rows, rowCount: rows.length };
    },
  };
  // UNLOGGED: counts that live for seconds need no write-ahead log, and skipping it (no fsync per count)
  // makes a count several times cheaper; a crash of PostgreSQL empties the table, i.e. forgives the window.
  // Servers starting at once may race on the creation (23505 on the type's name): the table then exists.
  await database
    .query(`CREATE UNLOGGED TABLE IF NOT EXISTS "rate_limits" ("key" varchar(255) PRIMARY KEY, "points" integer NOT NULL DEFAULT 0, "expire" bigint)`, [])
    .catch((error: { code?: string }) => {
      if (error.code !== "23505") throw error;
    });
  const limiter = new RateLimiterPostgres({ storeClient, storeType: "pool", tableName: "rate_limits", tableCreated: true, keyPrefix: "usersvc", ...window });
  return { limiter, close: async () => {} };
}

/** Deployments sharing one Redis stay apart: the servers of one database share counts, another database's do not. */
function deploymentScope(databaseUrl: string | undefined): string {
  if (!databaseUrl) return "pglite:";
  const url = new URL(databaseUrl);
  return `${url.hostname}:${url.port || "5432"}${url.pathname}:`;
}
