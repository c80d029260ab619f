// Starts HAProxy with the repository's configuration (deploy/haproxy/usersvc.cfg) in front of three servers,
// on a free loopback port, in the foreground as a child of this process (no root, no pid file, no daemon):
// for the scale-out tests and `npm run bench:scale`.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import net from "node:net";
import { fileURLToPath } from "node:url";

export const BALANCER_CONFIG = fileURLToPath(new URL("../../deploy/haproxy/usersvc.cfg", import.meta.url));
/** Debian installs it in /usr/sbin, which a non-root PATH may lack. */
const HAPROXY = existsSync("/usr/sbin/haproxy") ? "/usr/sbin/haproxy" : "haproxy";

export interface Balancer {
  /** http://127.0.0.1:<port> */
  url: string;
  port: number;
  output(): string;
  stop(): Promise<void>;
}

export interface BalancerOptions {
  /** host:port of each of the three servers. */
  servers: readonly [string, string, string];
  /** The readiness probe path (README "Running several servers"). Default /readyz. */
  healthPath?: string;
}

export async function startBalancer(options: BalancerOptions): Promise<Balancer> {
  const port = await freePort();
  const child = spawn(HAPROXY, ["-db", "-f", BALANCER_CONFIG], {
    env: {
      ...process.env,
      USERSVC_LB_BIND: `127.0.0.1:${port}`,
      USERSVC_SERVER_1: options.servers[0],
      USERSVC_SERVER_2: options.servers[1],
      USERSVC_SERVER_3: options.servers[2],
      USERSVC_HEALTH_PATH: options.healthPath ?? "/readyz",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  child.once("error", (error) => (output += `\n${error.message}`));
  await Promise.race([listening(port), exited.then((code) => Promise.reject(new Error(`haproxy exited with ${code}: ${output}`)))]);
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    output: () => output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGTERM");
        await exited;
      }
    },
  };
}

/** A port nothing listens on now (the kernel's choice for port 0, released again for HAProxy to bind). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Resolves once something accepts connections on the port. */
async function listening(port: number): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, "127.0.0.1", () => (socket.destroy(), resolve(true)));
      socket.once("error", () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`nothing listens on ${port}`);
}
