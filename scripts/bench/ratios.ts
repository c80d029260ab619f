// Each of our rows against the floor's row of the same scenario, protocol and concurrency measured in the same
// run, and our updates against pgbench -N: the ratios that the performance targets are stated in.
import type { ScenarioStats } from "./stats.js";

export interface Row extends ScenarioStats {
  /** "ours" (PostgreSQL), "ours-pglite" or "floor". */
  server: string;
  scenario: string;
  protocol: string;
  concurrency: number;
  /** Server CPU time per answered call, ms. */
  serverCpuMsPerCall: number;
  /** The load generator's CPU time per answered call, ms. */
  generatorCpuMsPerCall: number;
  /** The server's resident memory right after the load, and the highest sampled during it, MB. */
  rssAfterMb: number;
  peakRssMb: number;
}

export interface Ratios {
  /** ours / floor: above 1 is faster than the floor. */
  throughputVsFloor?: number;
  /** ours / floor: above 1 spends more CPU per call than the floor. */
  cpuVsFloor?: number;
  /** ours / pgbench -N tps, for updates. */
  throughputVsPgbench?: number;
}

export const floorOf = (rows: readonly Row[], row: Row): Row | undefined =>
  rows.find((r) => r.server === "floor" && r.scenario === row.scenario && r.protocol === row.protocol && r.concurrency === row.concurrency);

export function ratiosOf(rows: readonly Row[], row: Row, pgbenchTps: number | undefined): Ratios {
  if (row.server === "floor") return {};
  // The floor runs on PostgreSQL: a PGlite row has no floor to compare with.
  const floor = row.server.endsWith("pglite") ? undefined : floorOf(rows, row);
  const ratios: Ratios = {};
  if (floor && floor.throughput > 0) ratios.throughputVsFloor = row.throughput / floor.throughput;
  if (floor && floor.serverCpuMsPerCall > 0) ratios.cpuVsFloor = row.serverCpuMsPerCall / floor.serverCpuMsPerCall;
  if (pgbenchTps && row.scenario.startsWith("update")) ratios.throughputVsPgbench = row.throughput / pgbenchTps;
  return ratios;
}
