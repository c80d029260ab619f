// UpdateHumanUser throughput of one server against three behind HAProxy (deploy/haproxy/usersvc.cfg), all on
// one fresh PostgreSQL database, over gRPC (HTTP/2) from this process.
//
//   npm run bench:scale -- [--seconds 15] [--warmup 5] [--concurrency 16] [--users 300]
//
// Each row is measured after `warmup` seconds of the same load, untimed (the JIT of freshly started servers).
// Three rows: one server called directly; the same server three times behind HAProxy (what the balancer
// costs); three servers behind HAProxy. On a machine with few cores the servers, PostgreSQL, HAProxy and this
// load generator share them: the ratio shows what a second and third process bring when they cannot get cores
// of their own, not how the service scales on more machines. DATABASE_URL names the PostgreSQL server (default
// postgresql://postgres@127.0.0.1:5432/postgres); a database usersvc_bench_scale_<time> is created and dropped.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { createClient, type Client } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import pg from "pg";
import { UserService } from "../../src/gen/zitadel/user/v2/user_service_pb.js";
import { freePort, startBalancer, type Balancer } from "../lb/start-balancer.js";
import { summarize, type ScenarioStats } from "./stats.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const { values } = parseArgs({
  options: {
    seconds: { type: "string", default: "15" },
    warmup: { type: "string", default: "5" },
    concurrency: { type: "string", default: "16" },
    users: { type: "string", default: "300" },
  },
});
const seconds = Number(values.seconds);
const warmupSeconds = Number(values.warmup);
const concurrency = Number(values.concurrency);
const userCount = Number(values.users);

interface Server {
  port: number;
  child: ChildProcess;
}

const serverUrl = new URL(process.env.DATABASE_URL || "postgresql://postgres@127.0.0.1:5432/postgres");
const databaseName = `usersvc_bench_scale_${Date.now().toString(36)}`;
const admin = async (sql: string) => {
  const client = new pg.Client({ connectionString: new URL("/postgres", serverUrl).toString() });
  await client.connect();
  await client.query(sql).finally(() => client.end());
};
const databaseUrl = new URL(`/${databaseName}`, serverUrl).toString();
const dataDir = await mkdtemp(path.join(os.tmpdir(), "usersvc-bench-scale-"));
const env = {
  ...process.env,
  DATABASE_URL: databaseUrl,
  DATA_DIR: dataDir,
  MASTER_KEY: randomBytes(32).toString("hex"),
  HOST: "127.0.0.1",
  LOG_LEVEL: "warn",
  BCRYPT_COST: "4",
  RATE_LIMIT_PER_SECOND: "0",
};

/** The service as its own process (tsx runs src/main.ts; after start-up it runs as the build would). */
async function startServer(): Promise<Server> {
  const port = await freePort();
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], { cwd: root, env: { ...env, PORT: String(port), LOG_LEVEL: "info" }, stdio: ["ignore", "pipe", "inherit"] });
  await new Promise<void>((resolve, reject) => {
    let output = "";
    const onData = (chunk: Buffer) => {
      output += chunk;
      if (!output.includes('"msg":"listening"')) return;
      child.stdout!.off("data", onData);
      child.stdout!.resume();
      resolve();
    };
    child.stdout!.on("data", onData);
    child.once("exit", (code) => reject(new Error(`server exited with ${code}: ${output}`)));
  });
  return { port, child };
}

type Users = Client<typeof UserService>;
const clientFor = (url: string): Users => createClient(UserService, createGrpcTransport({ baseUrl: url }));

/** `concurrency` callers, each on its own HTTP/2 connection, updating random users for `seconds`. */
async function measure(url: string, token: string, userIds: string[]): Promise<ScenarioStats> {
  await run(url, token, userIds, warmupSeconds);
  return run(url, token, userIds, seconds);
}

async function run(url: string, token: string, userIds: string[], seconds: number): Promise<ScenarioStats> {
  const headers = { authorization: `Bearer ${token}` };
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const started = performance.now();
  const end = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, caller) => {
      const client = clientFor(url);
      for (let n = 0; performance.now() < end; n++) {
        const userId = userIds[Math.floor(Math.random() * userIds.length)]!;
        const t = performance.now();
        try {
          await client.updateHumanUser({ userId, profile: { givenName: `G${caller}-${n}`, familyName: "Bench" } }, { headers });
          latencies.push(performance.now() - t);
        } catch (error) {
          errors++;
          firstError ??= String(error);
        }
      }
    }),
  );
  return summarize(latencies, errors, (performance.now() - started) / 1000, firstError);
}

const servers: Server[] = [];
let balancer: Balancer | undefined;
try {
  await admin(`CREATE DATABASE "${databaseName}"`);
  servers.push(await startServer());
  const token = (await readFile(path.join(dataDir, "admin.pat"), "utf8")).trim();
  const direct = `http://127.0.0.1:${servers[0]!.port}`;
  const seeder = clientFor(direct);
  const userIds: string[] = [];
  for (let i = 0; i < userCount; i += 20) {
    const batch = Array.from({ length: Math.min(20, userCount - i) }, (_, j) =>
      seeder.addHumanUser(
        { username: `bench-scale-${i + j}`, profile: { givenName: "Bench", familyName: "Scale" }, email: { email: `bench-scale-${i + j}@example.com`, verification: { case: "isVerified", value: true } } },
        { headers: { authorization: `Bearer ${token}` } },
      ),
    );
    for (const created of await Promise.all(batch)) userIds.push(created.userId);
  }
  const rows: [string, ScenarioStats][] = [];
  console.error(`one server, direct (${seconds} s)…`);
  rows.push(["one server, direct", await measure(direct, token, userIds)]);
  const one = `127.0.0.1:${servers[0]!.port}`;
  balancer = await startBalancer({ servers: [one, one, one] });
  console.error(`one server behind HAProxy (${seconds} s)…`);
  rows.push(["one server behind HAProxy", await measure(balancer.url, token, userIds)]);
  await balancer.stop();
  servers.push(await startServer(), await startServer());
  balancer = await startBalancer({ servers: servers.map((s) => `127.0.0.1:${s.port}`) as [string, string, string] });
  await new Promise((resolve) => setTimeout(resolve, 1500)); // the balancer's first probes mark all three up
  console.error(`three servers behind HAProxy (${seconds} s)…`);
  rows.push(["three servers behind HAProxy", await measure(balancer.url, token, userIds)]);

  console.log(`UpdateHumanUser over gRPC, ${concurrency} callers, ${seconds} s each, ${userIds.length} users, ${os.cpus().length} cores shared by everything`);
  console.log("setup                            updates/s   p50 ms   p99 ms   errors");
  for (const [name, s] of rows) {
    console.log(`${name.padEnd(32)} ${s.throughput.toFixed(0).padStart(9)} ${s.p50.toFixed(1).padStart(8)} ${s.p99.toFixed(1).padStart(8)} ${String(s.errors).padStart(8)}${s.firstError ? `  (${s.firstError})` : ""}`);
  }
  const ratio = rows[2]![1].throughput / rows[0]![1].throughput;
  console.log(`three behind HAProxy / one direct: ${ratio.toFixed(2)}× (cores shared: servers, PostgreSQL, HAProxy and this load generator run on the same ${os.cpus().length} cores)`);
} finally {
  await balancer?.stop();
  for (const server of servers) {
    server.child.kill("SIGTERM");
    await new Promise((resolve) => (server.child.exitCode !== null ? resolve(null) : server.child.once("exit", resolve)));
  }
  await admin(`DROP DATABASE IF EXISTS "${databaseName}" WITH (FORCE)`).catch(() => {});
  await rm(dataDir, { recursive: true, force: true });
}
