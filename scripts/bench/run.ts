// `npm run bench`: measures the service against the database's own ceiling on this machine.
// Starts the server (PGlite, or PostgreSQL when DATABASE_URL is set), seeds users in bulk, drives each
// scenario from a separate load process over gRPC (h2c), Connect JSON and REST, samples the server's RSS,
// runs pgbench -N at the same concurrency, and prints a table plus a JSON file under .bench/.
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs, promisify } from "node:util";
import pg from "pg";
import { openDatabase } from "../../src/db/client.js";
import type { Protocol } from "./clients.js";
import type { LoadSpec, Scenario } from "./load.js";
import { pgbenchTps } from "./pgbench.js";
import { latencyChartSvg } from "./chart.js";
import { printReport, type Row } from "./report.js";
import { seededUserId, seedHistory, seedUsers } from "./seed.js";
import { startServerProcess } from "./server-process.js";
import type { ScenarioStats } from "./stats.js";

const { values: args } = parseArgs({
  options: {
    users: { type: "string", default: "10000" },
    concurrency: { type: "string", default: "32" },
    seconds: { type: "string", default: "8" },
    protocols: { type: "string", default: "grpc,connect,rest" },
    scenarios: { type: "string", default: "update-spread,update-hot,get,list,list-broad,list-metadata,list-metadata-broad,add,add-password,history" },
    "history-events": { type: "string", default: "10000" },
    // Concurrency levels for a latency-against-concurrency sweep of UpdateHumanUser over gRPC, e.g. "1,4,16,32,64";
    // drawn as an SVG chart next to the JSON results.
    sweep: { type: "string", default: "" },
    // Leaves the seeded database (and data folder) in place for EXPLAIN and profiling; prints where.
    keep: { type: "boolean", default: false },
  },
});
const users = Number(args.users);
const concurrency = Number(args.concurrency);
const seconds = Number(args.seconds);
const protocols = args.protocols!.split(",") as Protocol[];
const scenarios = new Set(args.scenarios!.split(","));
const root = path.resolve(import.meta.dirname, "../..");
const exec = promisify(execFile);

async function freshPostgres(serverUrl: string): Promise<string> {
  const name = `usersvc_bench_${Date.now()}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function main() {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "usersvc-bench-"));
  const databaseUrl = process.env.DATABASE_URL ? await freshPostgres(process.env.DATABASE_URL) : undefined;
  // All callers share the admin token: a limit far above any rate reachable here keeps the limiter's cost in
  // the measurement without letting the per-caller policy (default 1000/s) cap the figures.
  const env = {
    DATA_DIR: dataDir,
    DATABASE_URL: databaseUrl ?? "",
    DATABASE_POOL_SIZE: String(Math.min(concurrency, 20)),
    RATE_LIMIT_PER_SECOND: process.env.RATE_LIMIT_PER_SECOND ?? "1000000",
  };
  console.log(`database: ${databaseUrl ? "PostgreSQL" : "PGlite"}; users: ${users}; concurrency: ${concurrency}; ${seconds}s per scenario`);

  // First start bootstraps the instance; the seed then writes beside it while no server holds the database.
  let server = await startServerProcess(env);
  await server.stop();
  const token = (await readFile(path.join(dataDir, "admin.pat"), "utf8")).trim();
  const db = await openDatabase({ databaseUrl, dataDir });
  const instance = await db.prisma.instance.findUniqueOrThrow({ where: { id: "instance" } });
  const metadata = scenarios.has("list-metadata") || scenarios.has("list-metadata-broad");
  await seedUsers(db.prisma, instance.defaultOrgId, Math.max(users, 3), { metadata });
  const historyUser = seededUserId(1);
  const freshUser = seededUserId(2);
  if (scenarios.has("history")) await seedHistory(db.prisma, historyUser, Number(args["history-events"]));
  await db.close();

  server = await startServerProcess(env);
  const rows: Row[] = [];
  const spread = { first: 3, count: Math.max(users - 3, 1) };
  const runId = String(Date.now());

  const load = async (protocol: Protocol, scenario: Scenario, workers: number, hotUserId = seededUserId(0), secs = seconds) => {
    const spec: LoadSpec = { url: server.url, token, protocol, scenario, concurrency: workers, seconds: secs, users: spread, hotUserId, runId };
    let peak = server.rssMb();
    const cpuBefore = server.cpuMs();
    const sampler = setInterval(() => (peak = Math.max(peak, server.rssMb())), 200);
    try {
      const { stdout } = await exec(process.execPath, ["--import", "tsx", "scripts/bench/load.ts", "--spec", JSON.stringify(spec)], {
        cwd: root,
        maxBuffer: 1 << 24,
      });
      const stats = JSON.parse(stdout) as ScenarioStats;
      // Server CPU per answered call: steadier than throughput on a machine whose cores the load generator and
      // the database share with the server.
      const serverCpuMsPerCall = (server.cpuMs() - cpuBefore) / Math.max(stats.requests, 1);
      return { stats: { ...stats, serverCpuMsPerCall }, peakRssMb: peak };
    } finally {
      clearInterval(sampler);
    }
  };

  for (const protocol of protocols) await load(protocol, "get", 8, undefined, 2); // warm-up: JIT, pools, caches
  for (const scenario of ["update-spread", "update-hot", "get", "list", "list-broad", "list-metadata", "list-metadata-broad", "add"] as const) {
    if (!scenarios.has(scenario)) continue;
    // A search's latency is what one caller waits for its page; under `concurrency` callers it is also shown.
    const levels = scenario.startsWith("list") && concurrency !== 1 ? [1, concurrency] : [concurrency];
    for (const workers of levels) {
      for (const protocol of protocols) {
        const { stats, peakRssMb } = await load(protocol, scenario, workers);
        rows.push({ scenario, protocol, concurrency: workers, ...stats, peakRssMb });
      }
    }
  }
  if (scenarios.has("add-password")) {
    const { stats, peakRssMb } = await load("grpc", "add-password", concurrency);
    rows.push({ scenario: "add-password", protocol: "grpc", concurrency, ...stats, peakRssMb });
  }
  if (scenarios.has("history")) {
    for (const [scenario, userId] of [["update-serial (fresh user)", freshUser], [`update-serial (${args["history-events"]} events)`, historyUser]] as const) {
      const { stats, peakRssMb } = await load("grpc", "update-serial", 1, userId);
      rows.push({ scenario, protocol: "grpc", concurrency: 1, ...stats, peakRssMb });
    }
  }
  const sweep = args.sweep!.split(",").filter(Boolean).map(Number);
  const sweepRows: Row[] = [];
  for (const workers of sweep) {
    const { stats, peakRssMb } = await load("grpc", "update-spread", workers);
    sweepRows.push({ scenario: "sweep update-spread", protocol: "grpc", concurrency: workers, ...stats, peakRssMb });
  }
  rows.push(...sweepRows);
  await server.stop();

  const pgbench = pgbenchTps(process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres", concurrency, seconds);
  const result = { date: new Date().toISOString(), database: databaseUrl ? "postgres" : "pglite", users, concurrency, seconds, pgbenchTps: pgbench, rows };
  await mkdir(path.join(root, ".bench"), { recursive: true });
  const file = path.join(root, ".bench", `results-${result.database}-${Date.now()}.json`);
  await writeFile(file, JSON.stringify(result, null, 2));
  printReport(result);
  console.log(`\nresults: ${path.relative(root, file)}`);
  if (sweepRows.length > 0) {
    const chart = file.replace(/\.json$/, "-latency.svg");
    const title = `UpdateHumanUser over gRPC, ${result.database}, ${users} users: latency against concurrency`;
    await writeFile(chart, latencyChartSvg(title, sweepRows));
    console.log(`chart: ${path.relative(root, chart)}`);
  }

  if (args.keep) {
    console.log(`kept: ${databaseUrl ?? path.join(dataDir, "pglite")}`);
    return;
  }
  if (databaseUrl) {
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${new URL(databaseUrl).pathname.slice(1)} WITH (FORCE)`);
    await admin.end();
  }
  await rm(dataDir, { recursive: true, force: true });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
