// The benchmark's latency chart: points in order of concurrency on a log axis, each percentile its own line,
// higher latency drawn higher, throughput under each level, and a title that cannot break the SVG.
import { expect, it } from "vitest";
import { latencyChartSvg } from "../../scripts/bench/chart.js";
import type { Row } from "../../scripts/bench/report.js";

const row = (concurrency: number, throughput: number, p50: number, p95: number, p99: number): Row => ({
  scenario: "sweep update-spread", protocol: "grpc", concurrency, requests: 100, errors: 0, seconds: 1, throughput, p50, p95, p99, peakRssMb: 100,
});

const polylines = (svg: string) =>
  [...svg.matchAll(/<polyline points="([^"]+)" fill="none" stroke="([^"]+)"/g)].map((m) => ({
    colour: m[2],
    points: m[1]!.split(" ").map((pair) => pair.split(",").map(Number) as [number, number]),
  }));

it("draws p50, p95 and p99 against concurrency, ordered and scaled", () => {
  const svg = latencyChartSvg("a <b> & c", [row(32, 600, 50, 80, 110), row(1, 220, 4, 9, 14), row(4, 400, 8, 17, 28)]);
  expect(svg).toContain("a &lt;b&gt; &amp; c");
  expect(svg).not.toContain("<b>");
  const lines = polylines(svg);
  expect(lines).toHaveLength(3);
  for (const { points } of lines) {
    const xs = points.map(([x]) => x);
    expect(xs).toEqual([...xs].sort((a, b) => a - b));
    // log2 axis: 1 → 4 is two steps, 4 → 32 three
    expect((xs[2]! - xs[1]!) / (xs[1]! - xs[0]!)).toBeCloseTo(1.5, 5);
  }
  const [p50, , p99] = lines;
  // SVG's y grows downwards: the slower percentile is drawn above the faster one at every level.
  p50!.points.forEach(([, y], i) => expect(p99!.points[i]![1]).toBeLessThan(y));
  for (const label of ["220/s", "400/s", "600/s"]) expect(svg).toContain(`>${label}<`);
});
