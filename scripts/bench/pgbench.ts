// PostgreSQL's own ceiling on this machine: pgbench's simple-update transaction (-N) at the same concurrency.
import { execFileSync } from "node:child_process";

/** `scale`: pgbench's -s (100 000 accounts per unit). */
export function pgbenchTps(serverUrl: string, clients: number, seconds: number, scale = 10): number | undefined {
  const url = new URL(serverUrl);
  const database = `usersvc_pgbench_${process.pid}`;
  const base = ["-h", url.hostname, "-p", url.port || "5432", "-U", decodeURIComponent(url.username || "postgres")];
  try {
    execFileSync("psql", [...base, "-d", "postgres", "-qc", `CREATE DATABASE ${database}`], { stdio: "ignore" });
    execFileSync("pgbench", [...base, "-i", "-q", "-s", String(scale), database], { stdio: "ignore" });
    const out = execFileSync("pgbench", [...base, "-N", "-c", String(clients), "-j", "2", "-T", String(seconds), database], { encoding: "utf8" });
    const tps = /tps = ([\d.]+)/.exec(out)?.[1];
    return tps ? Number(tps) : undefined;
  } catch {
    return undefined;
  } finally {
    try {
      execFileSync("psql", [...base, "-d", "postgres", "-qc", `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`], { stdio: "ignore" });
    } catch {
      /* nothing to drop */
    }
  }
}
