// Prints the benchmark's table and checks each target of the performance issue against the measured figures.
import type { ScenarioStats } from "./stats.js";

export interface Row extends ScenarioStats {
  scenario: string;
  protocol: string;
  concurrency: number;
  peakRssMb: number;
  /** Server CPU time per answered call, ms. */
  serverCpuMsPerCall?: number;
}

export interface Result {
  database: string;
  concurrency: number;
  pgbenchTps: number | undefined;
  rows: Row[];
}

const fmt = (n: number, digits = 1) => n.toFixed(digits).padStart(9);

export function printReport(result: Result): void {
  console.log(`\n${"scenario".padEnd(34)}${"protocol".padEnd(9)}${"conc".padStart(5)}${"req/s".padStart(9)}${"p50 ms".padStart(9)}${"p95 ms".padStart(9)}${"p99 ms".padStart(9)}${"errors".padStart(8)}${"RSS MB".padStart(9)}${"CPU ms/call".padStart(13)}`);
  for (const r of result.rows) {
    console.log(`${r.scenario.padEnd(34)}${r.protocol.padEnd(9)}${String(r.concurrency).padStart(5)}${fmt(r.throughput, 0)}${fmt(r.p50)}${fmt(r.p95)}${fmt(r.p99)}${String(r.errors).padStart(8)}${fmt(r.peakRssMb, 0)}${(r.serverCpuMsPerCall === undefined ? "" : r.serverCpuMsPerCall.toFixed(2)).padStart(13)}`);
    if (r.firstError) console.log(`    first error: ${r.firstError}`);
  }
  const find = (scenario: string, protocol: string) => result.rows.find((r) => r.scenario === scenario && r.protocol === protocol);
  const checks: [string, boolean | undefined, string][] = [];
  const grpcUpdate = find("update-spread", "grpc");
  if (grpcUpdate && result.pgbenchTps) {
    const ratio = grpcUpdate.throughput / result.pgbenchTps;
    checks.push([`UpdateHumanUser gRPC ≥ 0.3 × pgbench -N (${result.pgbenchTps.toFixed(0)} tps)`, ratio >= 0.3, `ratio ${ratio.toFixed(2)}`]);
  } else {
    checks.push(["UpdateHumanUser gRPC ≥ 0.3 × pgbench -N", undefined, grpcUpdate ? "pgbench not available" : "update-spread over gRPC not run"]);
  }
  for (const protocol of ["connect", "rest"]) {
    const other = find("update-spread", protocol);
    if (grpcUpdate && other) {
      const ratio = other.throughput / grpcUpdate.throughput;
      checks.push([`UpdateHumanUser ${protocol} ≥ 0.8 × gRPC`, ratio >= 0.8, `ratio ${ratio.toFixed(2)}`]);
    }
  }
  for (const r of result.rows.filter((r) => r.scenario.startsWith("update") && r.concurrency === result.concurrency)) {
    checks.push([`${r.scenario} ${r.protocol}: p99 ≤ 50 ms, no errors`, r.p99 <= 50 && r.errors === 0, `p99 ${r.p99.toFixed(1)} ms, ${r.errors} errors`]);
  }
  const fresh = result.rows.find((r) => r.scenario.startsWith("update-serial (fresh"));
  const history = result.rows.find((r) => r.scenario.startsWith("update-serial (") && r !== fresh);
  if (fresh && history) {
    const ratio = history.p50 / fresh.p50;
    checks.push(["update with long history ≤ 1.2 × new user (p50)", ratio <= 1.2, `ratio ${ratio.toFixed(2)}`]);
  }
  const list = result.rows.filter((r) => r.scenario === "list");
  for (const r of list) {
    const name = `ListUsers ${r.protocol}, 4-digit search, ${r.concurrency} caller(s)`;
    if (r.concurrency === 1) checks.push([`${name}: p95 ≤ 50 ms`, r.p95 <= 50 && r.errors === 0, `p95 ${r.p95.toFixed(1)} ms, ${r.errors} errors`]);
    else checks.push([`${name} (no target)`, undefined, `p95 ${r.p95.toFixed(1)} ms at ${r.throughput.toFixed(0)}/s, ${r.errors} errors`]);
  }
  for (const r of result.rows.filter((r) => r.scenario === "list-broad")) {
    const name = `ListUsers ${r.protocol}, 2-character search, ${r.concurrency} caller(s) (no target; counts every match)`;
    checks.push([name, undefined, `p95 ${r.p95.toFixed(1)} ms, ${r.errors} errors`]);
  }
  for (const r of result.rows.filter((r) => r.scenario === "list-metadata")) {
    const name = `ListUsers ${r.protocol}, metadata key + value (one match), ${r.concurrency} caller(s)`;
    if (r.concurrency === 1) checks.push([`${name}: p95 ≤ 50 ms`, r.p95 <= 50 && r.errors === 0, `p95 ${r.p95.toFixed(1)} ms, ${r.errors} errors`]);
    else checks.push([`${name} (no target)`, undefined, `p95 ${r.p95.toFixed(1)} ms at ${r.throughput.toFixed(0)}/s, ${r.errors} errors`]);
  }
  for (const r of result.rows.filter((r) => r.scenario === "list-metadata-broad")) {
    const name = `ListUsers ${r.protocol}, metadata value shared by 1 in 20 users, ${r.concurrency} caller(s) (no target; counts every match)`;
    checks.push([name, undefined, `p95 ${r.p95.toFixed(1)} ms, ${r.errors} errors`]);
  }
  const peak = Math.max(...result.rows.map((r) => r.peakRssMb));
  checks.push(["server RSS ≤ 250 MB", peak <= 250, `peak ${peak.toFixed(0)} MB`]);
  if (result.database === "pglite" && grpcUpdate) {
    checks.push(["PGlite ≥ 500 profile updates/s", grpcUpdate.throughput >= 500, `${grpcUpdate.throughput.toFixed(0)}/s`]);
  }
  console.log("\ntargets:");
  for (const [name, ok, detail] of checks) console.log(`  ${ok === undefined ? "n/a " : ok ? "met " : "MISS"}  ${name}: ${detail}`);
}
