// The cost of one rate-limit count in each store (RATE_LIMIT_STORE): the limiter alone, N counts one after the
// other (latency per call) and N counts from 32 callers at once (throughput), on keys that never run over.
//
//   npm run bench:rate-limit -- [--calls 20000]
//
// Uses DATABASE_URL (default postgresql://postgres@127.0.0.1:5432/postgres: the table rate_limits is created
// there) and RATE_LIMIT_REDIS_URL (default redis://127.0.0.1:6379).
import { parseArgs } from "node:util";
import pino from "pino";
import { Registry } from "prom-client";
import { openDatabase } from "../../src/db/client.js";
import { openRateLimitStore, type RateLimitStoreKind } from "../../src/gateway/rate-limit-store.js";
import { summarize } from "./stats.js";

const { values } = parseArgs({ options: { calls: { type: "string", default: "20000" } } });
const calls = Number(values.calls);
const databaseUrl = process.env.DATABASE_URL || "postgresql://postgres@127.0.0.1:5432/postgres";
const redisUrl = process.env.RATE_LIMIT_REDIS_URL || "redis://127.0.0.1:6379";
const CONCURRENCY = 32;

const database = await openDatabase({ databaseUrl, dataDir: ":memory:", poolSize: 10 });
const logger = pino({ level: "warn" });
const run = `bench-${Date.now().toString(36)}`;
console.log(`rate-limit store cost, ${calls} counts each (node ${process.version})`);
console.log("store     sequential µs/call (p50/p99)   32 at once: counts/s");
for (const kind of ["memory", "redis", "postgres"] as RateLimitStoreKind[]) {
  // Far more points than calls: every count is a real store round trip, none is refused.
  const store = await openRateLimitStore({ kind, redisUrl, points: 10 * calls, durationSeconds: 600, database, databaseUrl, logger, registry: new Registry() });
  for (let i = 0; i < 500; i++) await store.consume(`${run}:warm:${i % 50}`);
  const latencies: number[] = [];
  for (let i = 0; i < calls; i++) {
    const started = performance.now();
    await store.consume(`${run}:${kind}:seq:${i % 100}`);
    latencies.push(performance.now() - started);
  }
  const sequential = summarize(latencies, 0, 1);
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async (_, caller) => {
      while (next++ < calls) await store.consume(`${run}:${kind}:par:${caller}`);
    }),
  );
  const perSecond = calls / ((performance.now() - started) / 1000);
  const us = (ms: number) => (ms * 1000).toFixed(0).padStart(6);
  console.log(`${kind.padEnd(9)} ${us(sequential.p50)} / ${us(sequential.p99)}                  ${perSecond.toFixed(0).padStart(8)}`);
  await store.close();
}
await database.query(`DELETE FROM "rate_limits" WHERE "key" LIKE $1`, [`usersvc:${run}:%`]);
await database.close();
