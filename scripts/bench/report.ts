// Prints the benchmark's table, with every row's ratios to the floor and to pgbench, and checks each target of
// the performance issue (#15) against the measured figures.
import { ratiosOf, type Row } from "./ratios.js";

export type { Row } from "./ratios.js";

export interface Result {
  concurrency: number;
  pgbenchTps: number | undefined;
  rows: Row[];
}

const num = (n: number | undefined, digits = 1, width = 8) => (n === undefined ? "" : n.toFixed(digits)).padStart(width);
const HISTORY = "update-hot, 10 000 events";

export function printReport(result: Result): void {
  const header = ["server".padEnd(16), "scenario".padEnd(30), "proto".padEnd(8), "conc".padStart(5), "req/s".padStart(8), "p50 ms".padStart(8), "p95 ms".padStart(8), "p99 ms".padStart(8), "err".padStart(5), "srv ms/call".padStart(12), "gen ms/call".padStart(12), "RSS MB".padStart(7), "×floor".padStart(7), "CPU×fl".padStart(7), "×pgb".padStart(6)];
  console.log(`\n${header.join("")}`);
  for (const r of result.rows) {
    const ratios = ratiosOf(result.rows, r, result.pgbenchTps);
    console.log(
      r.server.padEnd(16) + r.scenario.padEnd(30) + r.protocol.padEnd(8) + String(r.concurrency).padStart(5) + num(r.throughput, 0) + num(r.p50) + num(r.p95) + num(r.p99) +
        String(r.errors).padStart(5) + num(r.serverCpuMsPerCall, 3, 12) + num(r.generatorCpuMsPerCall, 3, 12) + num(r.rssAfterMb, 0, 7) +
        num(ratios.throughputVsFloor, 2, 7) + num(ratios.cpuVsFloor, 2, 7) + num(ratios.throughputVsPgbench, 2, 6),
    );
    if (r.firstError) console.log(`    first error: ${r.firstError}`);
  }
  if (result.pgbenchTps) console.log(`pgbench -N, ${result.concurrency} clients: ${result.pgbenchTps.toFixed(0)} tps`);
  console.log("\ntargets (issue 15):");
  for (const [name, ok, detail] of targets(result)) console.log(`  ${ok === undefined ? "n/a " : ok ? "met " : "MISS"}  ${name}: ${detail}`);
}

export function targets(result: Result): [string, boolean | undefined, string][] {
  const { rows, concurrency } = result;
  const find = (server: string, scenario: string, protocol: string, conc = concurrency) =>
    rows.find((r) => r.server === server && r.scenario === scenario && r.protocol === protocol && r.concurrency === conc);
  const checks: [string, boolean | undefined, string][] = [];
  const check = (name: string, value: number | undefined, ok: (v: number) => boolean, show: (v: number) => string) =>
    checks.push([name, value === undefined ? undefined : ok(value), value === undefined ? "not measured" : show(value)]);

  const update = find("ours", "update-spread", "grpc");
  const updateRatios = update ? ratiosOf(rows, update, result.pgbenchTps) : {};
  check(`UpdateHumanUser gRPC, ${concurrency} callers ≥ 0.85 × floor`, updateRatios.throughputVsFloor, (v) => v >= 0.85, (v) => `${v.toFixed(2)} × (${update!.throughput.toFixed(0)}/s)`);
  check("  its CPU per call ≤ 1.15 × floor", updateRatios.cpuVsFloor, (v) => v <= 1.15, (v) => `${v.toFixed(2)} × (${update!.serverCpuMsPerCall.toFixed(3)} ms)`);
  check("  ≥ 0.3 × pgbench -N", updateRatios.throughputVsPgbench, (v) => v >= 0.3, (v) => `${v.toFixed(2)} × (pgbench ${result.pgbenchTps?.toFixed(0)} tps)`);
  check("  p99 ≤ 50 ms", update?.p99, (v) => v <= 50, (v) => `${v.toFixed(1)} ms`);
  const get = find("ours", "get", "grpc");
  check(`GetUserByID gRPC, ${concurrency} callers ≥ 0.85 × floor read`, get && ratiosOf(rows, get, undefined).throughputVsFloor, (v) => v >= 0.85, (v) => `${v.toFixed(2)} ×`);
  for (const [scenario, grpc] of [["update-spread", update], ["get", get]] as const) {
    for (const protocol of ["connect", "rest"]) {
      const other = find("ours", scenario, protocol);
      check(`${scenario} ${protocol} ≥ 0.8 × gRPC`, other && grpc && other.throughput / grpc.throughput, (v) => v >= 0.8, (v) => `${v.toFixed(2)} ×`);
    }
  }
  const rss = (server: string) => {
    const own = rows.filter((r) => r.server === server);
    return own.length === 0 ? undefined : Math.max(...own.map((r) => r.peakRssMb));
  };
  check("server RSS under load ≤ 250 MB (PostgreSQL)", rss("ours"), (v) => v <= 250, (v) => `peak ${v.toFixed(0)} MB`);
  check("server RSS under load ≤ 400 MB (PGlite)", rss("ours-pglite"), (v) => v <= 400, (v) => `peak ${v.toFixed(0)} MB`);
  const pglite = find("ours-pglite", "update-spread", "grpc");
  check("PGlite ≥ 1 000 updates/s", pglite?.throughput, (v) => v >= 1000, (v) => `${v.toFixed(0)}/s`);
  const fresh = find("ours", "update-hot, new user", "grpc", 1);
  const history = find("ours", HISTORY, "grpc", 1);
  check("update of a user with 10 000 events ≤ 1.1 × a new one (p50)", fresh && history && history.p50 / fresh.p50, (v) => v <= 1.1, (v) => `${v.toFixed(2)} × (${history!.p50.toFixed(2)} vs ${fresh!.p50.toFixed(2)} ms)`);
  check("  and in server CPU per call", fresh && history && history.serverCpuMsPerCall / fresh.serverCpuMsPerCall, (v) => v <= 1.1, (v) => `${v.toFixed(2)} ×`);
  for (const r of rows.filter((r) => r.server === "ours" && r.scenario === "list" && r.concurrency === 1)) {
    check(`ListUsers first page, ${r.protocol}, 1 caller, p95 ≤ 50 ms`, r.p95, (v) => v <= 50, (v) => `${v.toFixed(1)} ms (${r.errors} errors)`);
  }
  return checks;
}

export { HISTORY };
