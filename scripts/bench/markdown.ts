// Prints a results file of `npm run bench` as the Markdown table of the README's performance section:
//   npx tsx scripts/bench/markdown.ts .bench/results-<time>.json
import { readFileSync } from "node:fs";
import { ratiosOf } from "./ratios.js";
import type { Result } from "./report.js";

const file = process.argv[2];
if (!file) throw new Error("usage: markdown.ts <results.json>");
const result = JSON.parse(readFileSync(file, "utf8")) as Result & { loadAverage: number[] };
const fixed = (n: number | undefined, digits: number) => (n === undefined ? "" : n.toFixed(digits));
const ratio = (n: number | undefined) => (n === undefined ? "" : `${n.toFixed(2)} ×`);

console.log("| server | scenario | protocol | callers | req/s | p50 ms | p99 ms | errors | server CPU ms/call | generator CPU ms/call | RSS after MB | ours/floor req/s | ours/floor CPU | ours/pgbench |");
console.log("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
for (const r of result.rows) {
  const ratios = ratiosOf(result.rows, r, result.pgbenchTps);
  const cells = [r.server, r.scenario, r.protocol, r.concurrency, fixed(r.throughput, 0), fixed(r.p50, 1), fixed(r.p99, 1), r.errors, fixed(r.serverCpuMsPerCall, 2), fixed(r.generatorCpuMsPerCall, 2), fixed(r.rssAfterMb, 0), ratio(ratios.throughputVsFloor), ratio(ratios.cpuVsFloor), ratio(ratios.throughputVsPgbench)];
  console.log(`| ${cells.join(" | ")} |`);
}
if (result.pgbenchTps) console.log(`| pgbench -N | | | ${result.concurrency} | ${result.pgbenchTps.toFixed(0)} tps | | | | | | | | | |`);
