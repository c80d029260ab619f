// The service as its own process (`src/main.ts` through tsx, as `npm start` runs the build), for tests that
// kill it or run tools beside it; and `npm run check-consistency` the same way.
import { spawn, type ChildProcess } from "node:child_process";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));

export interface ServiceProcess {
  url: string;
  adminToken: string;
  kill(signal: NodeJS.Signals): Promise<void>;
  output(): string;
}

export interface MainProcess {
  child: ChildProcess;
  /** The URL from the "listening" log line; rejects when the process exits first. */
  listening: Promise<string>;
  exited: Promise<number | null>;
  output(): string;
}

/** Spawns `src/main.ts` on 127.0.0.1 with a free port and env on top of this process's environment. */
export function spawnMain(env: Record<string, string>): MainProcess {
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: root,
    env: { ...process.env, HOST: "127.0.0.1", PORT: "0", LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const listening = new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const line = output.split("\n").find((l) => l.includes('"msg":"listening"'));
      if (line) {
        clearInterval(timer);
        resolve(JSON.parse(line).url as string);
      }
    }, 50);
    void exited.then((code) => {
      clearInterval(timer);
      reject(new Error(`service exited with ${code} before listening: ${output}`));
    });
  });
  listening.catch(() => {}); // callers that expect an exit do not wait for "listening"
  return { child, listening, exited, output: () => output };
}

/** env: DATA_DIR and, for PostgreSQL, DATABASE_URL; the port is chosen freely. */
export async function startServiceProcess(env: Record<string, string>): Promise<ServiceProcess> {
  const { child, listening, exited, output } = spawnMain({ DATABASE_URL: "", BCRYPT_COST: "4", RATE_LIMIT_PER_SECOND: "0", ...env });
  const url = await listening;
  const adminToken = (await readFile(path.join(env.DATA_DIR!, "admin.pat"), "utf8")).trim();
  return {
    url,
    adminToken,
    async kill(signal) {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill(signal);
        await exited;
      }
    },
    output,
  };
}

/** Runs `npm run check-consistency`'s script with env; answers its exit code and output. */
export function runCheckConsistency(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", "src/tools/check-consistency.ts"], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  return new Promise((resolve) => child.once("exit", (code) => resolve({ code, output })));
}
