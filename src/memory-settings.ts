// How the server process keeps its resident memory small, set before the database is opened.
//
// - Heap growth: V8 lets the old generation grow to several times what survived the last full collection before
//   collecting again; under steady load that is ~220 MB of heap for a live set of ~50 MB. Growing by half the
//   live set keeps the heap near 120 MB at no measurable cost in throughput, and unlike --max-old-space-size it
//   is no limit: a larger live set (a big import, many change streams) still gets the heap it needs.
// - WebAssembly tiers: Prisma 7 plans queries in a WebAssembly module. V8 compiles it with its baseline compiler
//   (Liftoff) and then recompiles hot functions with its optimising one, whose work leaves ~45 MB resident;
//   planning is no slower on baseline code (2 000 findMany calls: 1.15 s baseline only, 1.43 s tiered). Only
//   with PostgreSQL: PGlite is PostgreSQL compiled to WebAssembly and needs the optimised code.
// Both are V8 flags read when they apply (at the next heap sizing, at the next compilation), so they work set
// from here; measured with `npx tsx scripts/bench/run.ts` (README, Performance).
import v8 from "node:v8";

export function applyMemorySettings(databaseUrl: string | undefined): void {
  v8.setFlagsFromString("--heap-growing-percent=50");
  if (databaseUrl) v8.setFlagsFromString("--liftoff-only");
}
