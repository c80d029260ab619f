// Starts the service as `npm start` does (the compiled build), in its own process, and reads its resident memory.
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** Resident memory of the server process now, in MB (Linux /proc). */
  rssMb(): number;
  /** CPU time the server process has used so far (user + system), in ms (Linux /proc). */
  cpuMs(): number;
  stop(): Promise<void>;
}

export async function startServerProcess(env: Record<string, string>): Promise<ServerProcess> {
  // BENCH_SERVER_NODE_ARGS: node flags for the server only, e.g. "--cpu-prof --cpu-prof-dir=.bench/profile".
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? "").split(" ").filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, "dist/src/main.js"], {
    cwd: root,
    env: { ...process.env, HOST: "127.0.0.1", PORT: "0", LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const line = output.split("\n").find((l) => l.includes('"msg":"listening"'));
      if (line) {
        clearInterval(timer);
        // The log is only needed to find the address; drop it from then on so memory stays flat.
        output = "";
        child.stdout!.removeAllListeners("data");
        child.stdout!.resume();
        resolve(JSON.parse(line).url as string);
      }
    }, 50);
    child.on("exit", (code) => {
      clearInterval(timer);
      reject(new Error(`server exited with ${code}: ${output}`));
    });
  });
  return {
    url,
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
