// Three server processes on one fresh PostgreSQL database behind HAProxy (deploy/haproxy/usersvc.cfg), as
// README "Running several servers" deploys them: one data dir (the administrator's token file) and one
// MASTER_KEY for all. Each server keeps its port across a restart, so the balancer finds it again.
import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { freePort, startBalancer, type Balancer } from "../../scripts/lb/start-balancer.js";
import { createTestDatabase, type TestDatabase } from "./database.js";
import { spawnMain, type MainProcess } from "./service-process.js";

export interface ClusterServer {
  port: number;
  url: string;
  /** Ends the process with the signal and waits for its exit. */
  kill(signal: NodeJS.Signals): Promise<void>;
  /** Starts it again on the same port; resolves when it listens. */
  restart(): Promise<void>;
  output(): string;
}

export interface Cluster {
  servers: ClusterServer[];
  balancer: Balancer;
  database: TestDatabase;
  /** DATABASE_URL of the cluster's database. */
  databaseUrl: string;
  adminToken: string;
  stop(): Promise<void>;
}

/** env: on top of the test defaults (cheap bcrypt, no rate limit), for every server. */
export async function startCluster(env: Record<string, string> = {}): Promise<Cluster> {
  const database = await createTestDatabase();
  if (!database.databaseUrl) throw new Error("a cluster shares a PostgreSQL database");
  const common = {
    DATABASE_URL: database.databaseUrl,
    DATA_DIR: database.dataDir,
    MASTER_KEY: randomBytes(32).toString("hex"),
    BCRYPT_COST: "4",
    RATE_LIMIT_PER_SECOND: "0",
    ...env,
  };
  const servers: ClusterServer[] = [];
  let balancer: Balancer;
  try {
    // The first start migrates and bootstraps; the other two, started together, find it done.
    servers.push(await startClusterServer(common, await freePort()));
    const ports = [await freePort(), await freePort()];
    const others = await Promise.allSettled(ports.map((port) => startClusterServer(common, port)));
    for (const other of others) if (other.status === "fulfilled") servers.push(other.value);
    const failed = others.find((other) => other.status === "rejected");
    if (failed) throw failed.reason;
    const hostPort = (s: ClusterServer) => `127.0.0.1:${s.port}`;
    balancer = await startBalancer({ servers: [hostPort(servers[0]!), hostPort(servers[1]!), hostPort(servers[2]!)] });
  } catch (error) {
    for (const server of servers) await server.kill("SIGKILL");
    await database.drop();
    throw error;
  }
  const adminToken = (await readFile(path.join(database.dataDir, "admin.pat"), "utf8")).trim();
  return {
    servers,
    balancer,
    database,
    databaseUrl: database.databaseUrl,
    adminToken,
    async stop() {
      await balancer.stop();
      await Promise.all(servers.map((server) => server.kill("SIGTERM")));
      await database.drop();
    },
  };
}

async function startClusterServer(env: Record<string, string>, port: number): Promise<ClusterServer> {
  let main: MainProcess = spawnMain({ ...env, PORT: String(port) });
  let earlier = "";
  await main.listening;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    async kill(signal) {
      if (main.child.exitCode === null && main.child.signalCode === null) {
        main.child.kill(signal);
        await main.exited;
      }
    },
    async restart() {
      earlier += main.output();
      main = spawnMain({ ...env, PORT: String(port) });
      await main.listening;
    },
    output: () => earlier + main.output(),
  };
}
