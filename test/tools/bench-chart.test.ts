// The benchmark's sweep chart: points in order of concurrency on a log axis, throughput and p99 in their own
// panels, one line per server, the slower server's p99 drawn higher, and a title that cannot break the SVG.
import { expect, it } from "vitest";
import { sweepChartSvg } from "../../scripts/bench/chart.js";
import type { Row } from "../../scripts/bench/ratios.js";

const row = (server: string, concurrency: number, throughput: number, p99: number): Row => ({
  server, scenario: "update-spread", protocol: "grpc", concurrency, requests: 100, errors: 0, seconds: 1, throughput, p50: p99 / 2, p95: p99, p99,
  serverCpuMsPerCall: 1, generatorCpuMsPerCall: 0.1, rssAfterMb: 100, peakRssMb: 100,
});

const polylines = (svg: string) =>
  [...svg.matchAll(/<polyline data-series="([^"]+)" data-panel="([^"]+)" points="([^"]+)"/g)].map((m) => ({
    series: m[1],
    panel: m[2],
    points: m[3]!.split(" ").map((pair) => pair.split(",").map(Number) as [number, number]),
  }));

it("draws throughput and p99 against concurrency for ours and the floor, ordered and scaled", () => {
  const ours = [row("ours", 32, 600, 110), row("ours", 1, 220, 14), row("ours", 4, 400, 28)];
  const floor = [row("floor", 4, 800, 12), row("floor", 1, 300, 5), row("floor", 32, 1200, 40)];
  const svg = sweepChartSvg("a <b> & c", [{ name: "ours", rows: ours }, { name: "floor", rows: floor }]);
  expect(svg).toContain("a &lt;b&gt; &amp; c");
  expect(svg).not.toContain("<b>");
  const lines = polylines(svg);
  expect(lines.map((l) => `${l.series}/${l.panel}`)).toEqual(["ours/throughput, calls/s", "floor/throughput, calls/s", "ours/p99 latency, ms", "floor/p99 latency, ms"]);
  for (const { points } of lines) {
    const xs = points.map(([x]) => x);
    expect(xs).toEqual([...xs].sort((a, b) => a - b));
    // log2 axis: 1 → 4 is two steps, 4 → 32 three
    expect((xs[2]! - xs[1]!) / (xs[1]! - xs[0]!)).toBeCloseTo(1.5, 5);
  }
  const [oursRate, floorRate, oursP99, floorP99] = lines;
  // SVG's y grows downwards: the larger value is drawn above, in each panel, and the p99 panel lies below.
  oursRate!.points.forEach(([, y], i) => expect(floorRate!.points[i]![1]).toBeLessThan(y));
  oursP99!.points.forEach(([, y], i) => expect(y).toBeLessThan(floorP99!.points[i]![1]));
  expect(Math.min(...oursP99!.points.map(([, y]) => y))).toBeGreaterThan(Math.max(...oursRate!.points.map(([, y]) => y)));
});
