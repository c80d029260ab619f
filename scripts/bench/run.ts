// `npm run bench`: measures the service against the bare stack's cost on this machine, in one run.
// With DATABASE_URL (PostgreSQL): seeds users in bulk into a fresh database, copies it for the floor server
// (floor-server.ts: connect-node + one `pg` statement), starts both, and drives each scenario against ours and then
// the floor from one cheap load generator process (generator.ts: pre-encoded gRPC frames over node:http2,
// keep-alive HTTP/1.1 for REST and Connect), reading each server's CPU time and RSS from /proc; then runs pgbench -N
// on a scratch database, and (unless --no-pglite) UpdateHumanUser against the service on PGlite. Without
// DATABASE_URL only the PGlite part runs. Prints a table with ratios, writes JSON and an SVG chart to .bench/.
import { fork, type ChildProcess } from "node:child_process";
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { openDatabase } from "../../src/db/client.js";
import { sweepChartSvg } from "./chart.js";
import type { LoadResult, LoadSpec } from "./generator.js";
import { pgbenchTps } from "./pgbench.js";
import { HISTORY, printReport, type Row } from "./report.js";
import type { Protocol, Scenario } from "./requests.js";
import { seededUserId, seedHistory, seedUsers } from "./seed.js";
import { startFloorProcess, startServerProcess, type ServerProcess } from "./server-process.js";

const { values: args } = parseArgs({
  options: {
    // About two minutes: 1 000 users, 2 s per scenario, no AddHumanUser, ListUsers with one caller only.
    quick: { type: "boolean", default: false },
    users: { type: "string" },
    concurrency: { type: "string", default: "32" },
    seconds: { type: "string" },
    protocols: { type: "string", default: "grpc,connect,rest" },
    scenarios: { type: "string" },
    "history-events": { type: "string", default: "10000" },
    // Concurrency levels of the UpdateHumanUser-over-gRPC sweep (ours and the floor), drawn as an SVG chart.
    sweep: { type: "string", default: "1,4,16,32,64" },
    "no-pglite": { type: "boolean", default: false },
    // Another build of the service (its main.js, e.g. a copy of dist/ made before a change): started beside ours on
    // its own copy of the data and measured right before ours in every scenario, as server "baseline".
    baseline: { type: "string" },
    // Leaves the seeded database (and data folder) in place for EXPLAIN and profiling; prints where.
    keep: { type: "boolean", default: false },
  },
});
const quick = args.quick!;
const users = Number(args.users ?? (quick ? 1000 : 10000));
const concurrency = Number(args.concurrency);
const seconds = Number(args.seconds ?? (quick ? 2 : 8));
const protocols = args.protocols!.split(",") as Protocol[];
const scenarios = new Set((args.scenarios ?? (quick ? "update-spread,get,list,history" : "update-spread,update-hot,get,list,list-broad,list-metadata,list-metadata-broad,add,add-password,history")).split(","));
const sweep = args.sweep!.split(",").filter(Boolean).map(Number);
const historyEvents = Number(args["history-events"]);
const root = path.resolve(import.meta.dirname, "../..");
/** What each server runs, unmeasured, before the first measurement. */
const WARM_UP = ["get", "update-spread"] as const;
/** Scenarios the floor server also answers (over every protocol). */
const FLOOR_SCENARIOS = new Set<Scenario>(["update-spread", "get"]);

class Generator {
  private readonly child: ChildProcess = fork(path.join(root, "scripts/bench/generator.ts"), { execArgv: ["--import", "tsx"], stdio: "inherit" });

  run(spec: LoadSpec): Promise<LoadResult> {
    return new Promise((resolve, reject) => {
      this.child.once("message", (reply: { result?: LoadResult; error?: string }) => (reply.result ? resolve(reply.result) : reject(new Error(reply.error))));
      this.child.send(spec);
    });
  }

  stop(): void {
    this.child.disconnect();
  }
}

interface Target {
  name: string;
  server: ServerProcess;
  token?: string;
}

async function measure(generator: Generator, target: Target, scenario: Scenario, protocol: Protocol, workers: number, options: { label?: string; hotUserId?: string; seconds?: number } = {}): Promise<Row> {
  const { server } = target;
  const spec: LoadSpec = {
    grpcUrl: server.grpcUrl,
    httpUrl: server.httpUrl,
    token: target.token,
    protocol,
    scenario,
    concurrency: workers,
    seconds: options.seconds ?? seconds,
    users: { first: 3, count: Math.max(users - 3, 1) },
    hotUserId: options.hotUserId ?? seededUserId(0),
    runId: String(Date.now()),
  };
  let peak = server.rssMb();
  const sampler = setInterval(() => (peak = Math.max(peak, server.rssMb())), 200);
  const cpuBefore = server.cpuMs();
  try {
    const stats = await generator.run(spec);
    const answered = Math.max(stats.requests, 1);
    const rssAfterMb = server.rssMb();
    const { generatorCpuMs, ...rest } = stats;
    return {
      server: target.name,
      scenario: options.label ?? scenario,
      protocol,
      concurrency: workers,
      ...rest,
      serverCpuMsPerCall: (server.cpuMs() - cpuBefore) / answered,
      generatorCpuMsPerCall: generatorCpuMs / answered,
      rssAfterMb,
      peakRssMb: Math.max(peak, rssAfterMb),
    };
  } finally {
    clearInterval(sampler);
  }
}

async function createDatabase(serverUrl: string, name: string, template?: string): Promise<string> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ""}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function dropDatabase(serverUrl: string, databaseUrl: string): Promise<void> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${new URL(databaseUrl).pathname.slice(1)} WITH (FORCE)`);
  await admin.end();
}

/** Bootstraps the service on a fresh database (first start), stops it, seeds users beside it; returns the admin token. */
async function prepareService(env: Record<string, string>, databaseUrl: string | undefined, dataDir: string): Promise<string> {
  const server = await startServerProcess(env);
  await server.stop();
  const token = (await readFile(path.join(dataDir, "admin.pat"), "utf8")).trim();
  const db = await openDatabase({ databaseUrl, dataDir });
  const instance = await db.prisma.instance.findUniqueOrThrow({ where: { id: "instance" } });
  await seedUsers(db.prisma, instance.defaultOrgId, Math.max(users, 3), { metadata: scenarios.has("list-metadata") || scenarios.has("list-metadata-broad") });
  if (databaseUrl && scenarios.has("history")) await seedHistory(db.prisma, seededUserId(1), historyEvents);
  await db.close();
  return token;
}

const serviceEnv = (dataDir: string, databaseUrl: string | undefined) => ({
  DATA_DIR: dataDir,
  DATABASE_URL: databaseUrl ?? "",
  DATABASE_POOL_SIZE: String(Math.min(concurrency, 20)),
  // All callers share the admin token: a limit far above any rate reachable here keeps the limiter's cost in
  // the measurement without letting the per-caller policy (default 1000/s) cap the figures.
  RATE_LIMIT_PER_SECOND: process.env.RATE_LIMIT_PER_SECOND ?? "1000000",
});

async function postgresPart(generator: Generator, serverUrl: string, rows: Row[]): Promise<() => Promise<void>> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "usersvc-bench-"));
  const stamp = Date.now();
  const databaseUrl = await createDatabase(serverUrl, `usersvc_bench_${stamp}`);
  const env = serviceEnv(dataDir, databaseUrl);
  const token = await prepareService(env, databaseUrl, dataDir);
  // The floor works on its own copy of the seeded data, so neither server sees the other's writes.
  const floorUrl = await createDatabase(serverUrl, `usersvc_floor_${stamp}`, new URL(databaseUrl).pathname.slice(1));
  const baselineUrl = args.baseline ? await createDatabase(serverUrl, `usersvc_baseline_${stamp}`, new URL(databaseUrl).pathname.slice(1)) : undefined;
  const ours: Target = { name: "ours", server: await startServerProcess(env), token };
  const floor: Target = { name: "floor", server: await startFloorProcess(floorUrl, Math.min(concurrency, 20)) };
  const baseline: Target | undefined = baselineUrl ? { name: "baseline", server: await startServerProcess({ ...env, DATABASE_URL: baselineUrl }, args.baseline), token } : undefined;
  const services = baseline ? [baseline, ours] : [ours];
  try {
    // Warm-up of the paths measured first (V8 compiles hot code as it runs): reads and updates, every protocol.
    for (const target of [...services, floor]) {
      for (const protocol of protocols) for (const scenario of WARM_UP) await measure(generator, target, scenario, protocol, 8, { seconds: quick ? 1 : 2 });
    }
    // Ours, then the floor at once: both see the same moment of a machine whose load others may change.
    const both = async (scenario: Scenario, protocol: Protocol, workers: number) => {
      for (const target of services) rows.push(await measure(generator, target, scenario, protocol, workers));
      if (FLOOR_SCENARIOS.has(scenario)) rows.push(await measure(generator, floor, scenario, protocol, workers));
    };
    for (const scenario of ["update-spread", "update-hot", "get", "list", "list-broad", "list-metadata", "list-metadata-broad", "add"] as const) {
      if (!scenarios.has(scenario)) continue;
      // A search's latency is what one caller waits for its page; under `concurrency` callers it is also shown.
      const levels = scenario.startsWith("list") ? (quick ? [1] : [...new Set([1, concurrency])]) : [concurrency];
      for (const workers of levels) for (const protocol of protocols) await both(scenario, protocol, workers);
    }
    if (scenarios.has("add-password")) rows.push(await measure(generator, ours, "add-password", "grpc", concurrency));
    if (scenarios.has("history")) {
      rows.push(await measure(generator, ours, "update-hot", "grpc", 1, { label: "update-hot, new user", hotUserId: seededUserId(2) }));
      rows.push(await measure(generator, ours, "update-hot", "grpc", 1, { label: HISTORY, hotUserId: seededUserId(1) }));
    }
    for (const workers of sweep) {
      const measured = (name: string) => rows.some((r) => r.server === name && r.scenario === "update-spread" && r.protocol === "grpc" && r.concurrency === workers);
      for (const target of [...services, floor]) if (!measured(target.name)) rows.push(await measure(generator, target, "update-spread", "grpc", workers));
    }
  } finally {
    await Promise.all([...services, floor].map((target) => target.server.stop()));
  }
  return async () => {
    if (args.keep) return console.log(`kept: ${databaseUrl} (floor: ${floorUrl})`);
    await dropDatabase(serverUrl, databaseUrl);
    await dropDatabase(serverUrl, floorUrl);
    if (baselineUrl) await dropDatabase(serverUrl, baselineUrl);
    await rm(dataDir, { recursive: true, force: true });
  };
}

async function pglitePart(generator: Generator, rows: Row[]): Promise<() => Promise<void>> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "usersvc-bench-pglite-"));
  const env = serviceEnv(dataDir, undefined);
  const token = await prepareService(env, undefined, dataDir);
  // --baseline: the other build on its own copy of the seeded data folder (one PGlite per folder).
  const baselineDir = args.baseline ? await mkdtemp(path.join(os.tmpdir(), "usersvc-bench-pglite-baseline-")) : undefined;
  if (baselineDir) await cp(dataDir, baselineDir, { recursive: true });
  const ours: Target = { name: "ours-pglite", server: await startServerProcess(env), token };
  const baseline: Target | undefined = baselineDir ? { name: "baseline-pglite", server: await startServerProcess(serviceEnv(baselineDir, undefined), args.baseline), token } : undefined;
  const services = baseline ? [baseline, ours] : [ours];
  try {
    for (const target of services) for (const scenario of WARM_UP) await measure(generator, target, scenario, "grpc", 8, { seconds: quick ? 2 : 4 });
    for (const scenario of ["update-spread", "get"] as const) {
      if (!scenarios.has(scenario)) continue;
      for (const target of services) rows.push(await measure(generator, target, scenario, "grpc", concurrency));
    }
  } finally {
    await Promise.all(services.map((target) => target.server.stop()));
  }
  return async () => {
    if (args.keep) return console.log(`kept: ${path.join(dataDir, "pglite")}`);
    await rm(dataDir, { recursive: true, force: true });
    if (baselineDir) await rm(baselineDir, { recursive: true, force: true });
  };
}

async function main() {
  const serverUrl = process.env.DATABASE_URL;
  console.log(`${serverUrl ? "PostgreSQL" : "PGlite only (set DATABASE_URL for PostgreSQL, the floor and pgbench)"}; users: ${users}; ${concurrency} callers; ${seconds}s per scenario; load average ${os.loadavg().map((l) => l.toFixed(1)).join(" ")}`);
  const generator = new Generator();
  const rows: Row[] = [];
  const cleanups: (() => Promise<void>)[] = [];
  let pgbench: number | undefined;
  try {
    if (serverUrl) {
      cleanups.push(await postgresPart(generator, serverUrl, rows));
      pgbench = pgbenchTps(serverUrl, concurrency, seconds, quick ? 1 : 10);
    }
    if (!serverUrl || !args["no-pglite"]) cleanups.push(await pglitePart(generator, rows));
  } finally {
    generator.stop();
  }
  const result = { date: new Date().toISOString(), loadAverage: os.loadavg(), cpus: os.cpus().length, quick, users, concurrency, seconds, pgbenchTps: pgbench, rows };
  await mkdir(path.join(root, ".bench"), { recursive: true });
  const file = path.join(root, ".bench", `results-${Date.now()}.json`);
  await writeFile(file, JSON.stringify(result, null, 2));
  printReport(result);
  console.log(`\nresults: ${path.relative(root, file)}; load average at the end ${os.loadavg().map((l) => l.toFixed(1)).join(" ")}`);
  const sweepOf = (server: string) => rows.filter((r) => r.server === server && r.scenario === "update-spread" && r.protocol === "grpc" && sweep.includes(r.concurrency));
  if (sweep.length > 1 && sweepOf("ours").length > 0) {
    const chart = file.replace(/\.json$/, "-sweep.svg");
    const title = `UpdateHumanUser over gRPC, PostgreSQL, ${users} users: ours against the floor`;
    await writeFile(chart, sweepChartSvg(title, [{ name: "ours", rows: sweepOf("ours") }, { name: "floor", rows: sweepOf("floor") }]));
    console.log(`chart: ${path.relative(root, chart)}`);
  }
  for (const cleanup of cleanups) await cleanup();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
