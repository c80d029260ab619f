// Starts a server for the benchmark in its own process — the service as `npm start` does (the compiled build), or
// the floor server — and reads its resident memory and CPU time from Linux /proc.
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));

export interface ServerProcess {
  /** The h2c address for gRPC and the HTTP/1.1 address for Connect and REST (the same port for the service). */
  grpcUrl: string;
  httpUrl: string;
  child: ChildProcess;
  /** Resident memory of the server process now, in MB. */
  rssMb(): number;
  /** CPU time the server process has used so far (user + system), in ms. */
  cpuMs(): number;
  stop(): Promise<void>;
}

/**
 * The service: `dist/src/main.js`, or `entry` (another build of it, see run.ts's --baseline).
 * BENCH_SERVER_NODE_ARGS: node flags for it, e.g. "--cpu-prof --cpu-prof-dir=.bench/profile".
 */
export function startServerProcess(env: Record<string, string>, entry = "dist/src/main.js"): Promise<ServerProcess> {
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? "").split(" ").filter(Boolean);
  return startProcess([...nodeArgs, entry], { HOST: "127.0.0.1", PORT: "0", LOG_LEVEL: "info", ...env }, (line) => {
    const { url } = line as { url: string };
    return { grpcUrl: url, httpUrl: url };
  });
}

/** The floor server (scripts/bench/floor-server.ts) on `databaseUrl`; BENCH_FLOOR_NODE_ARGS: node flags for it. */
export function startFloorProcess(databaseUrl: string, poolSize: number): Promise<ServerProcess> {
  const nodeArgs = (process.env.BENCH_FLOOR_NODE_ARGS ?? "").split(" ").filter(Boolean);
  return startProcess([...nodeArgs, "--import", "tsx", "scripts/bench/floor-server.ts"], { DATABASE_URL: databaseUrl, DATABASE_POOL_SIZE: String(poolSize) }, (line) => line as { grpcUrl: string; httpUrl: string });
}

async function startProcess(
  args: string[],
  env: Record<string, string>,
  addresses: (listeningLine: unknown) => { grpcUrl: string; httpUrl: string },
): Promise<ServerProcess> {
  const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  const urls = await new Promise<{ grpcUrl: string; httpUrl: string }>((resolve, reject) => {
    const timer = setInterval(() => {
      const line = output.split("\n").find((l) => l.includes('"msg":"listening"'));
      if (line) {
        clearInterval(timer);
        // The log is only needed to find the address; drop it from then on so memory stays flat.
        output = "";
        child.stdout!.removeAllListeners("data");
        child.stdout!.resume();
        resolve(addresses(JSON.parse(line)));
      }
    }, 50);
    child.on("exit", (code) => {
      clearInterval(timer);
      reject(new Error(`server exited with ${code}: ${output}`));
    });
  });
  return {
    ...urls,
    child,
    rssMb() {
      const status = readFileSync(`/proc/${child.pid}/status`, "utf8");
      return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
    },
    cpuMs() {
      // /proc/<pid>/stat: the command name may hold spaces, so count fields after its closing parenthesis;
      // utime and stime (fields 14 and 15) are in clock ticks, 100 per second on Linux.
      const stat = readFileSync(`/proc/${child.pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      return (Number(fields[11]) + Number(fields[12])) * 10;
    },
    async stop() {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    },
  };
}
