// An SVG chart of latency against concurrency for the `--sweep` runs: p50, p95 and p99 per concurrency level on a
// logarithmic x axis, with the throughput of each level written under its point. Plain SVG text, no library:
// the file opens in any browser.
import type { Row } from "./report.js";

const WIDTH = 720;
const HEIGHT = 420;
const MARGIN = { left: 70, right: 30, top: 50, bottom: 70 };
const SERIES = [
  { key: "p50", colour: "#2b6cb0" },
  { key: "p95", colour: "#dd6b20" },
  { key: "p99", colour: "#c53030" },
] as const;

const escape = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** rows: one per concurrency level of one scenario and protocol, any order. */
export function latencyChartSvg(title: string, rows: readonly Row[]): string {
  const points = [...rows].sort((a, b) => a.concurrency - b.concurrency);
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const minLog = Math.log2(points[0]!.concurrency);
  const maxLog = Math.max(Math.log2(points[points.length - 1]!.concurrency), minLog + 1);
  const x = (concurrency: number) => MARGIN.left + ((Math.log2(concurrency) - minLog) / (maxLog - minLog)) * plotWidth;
  const top = niceCeiling(Math.max(...points.map((p) => p.p99), 1));
  const y = (ms: number) => MARGIN.top + plotHeight - (ms / top) * plotHeight;

  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="${WIDTH / 2}" y="24" text-anchor="middle" font-size="15">${escape(title)}</text>`,
  ];
  for (let i = 0; i <= 5; i++) {
    const ms = (top / 5) * i;
    parts.push(
      `<line x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${y(ms)}" y2="${y(ms)}" stroke="#e2e8f0"/>`,
      `<text x="${MARGIN.left - 8}" y="${y(ms) + 4}" text-anchor="end">${ms.toFixed(0)}</text>`,
    );
  }
  for (const p of points) {
    parts.push(
      `<text x="${x(p.concurrency)}" y="${HEIGHT - MARGIN.bottom + 18}" text-anchor="middle">${p.concurrency}</text>`,
      `<text x="${x(p.concurrency)}" y="${HEIGHT - MARGIN.bottom + 34}" text-anchor="middle" fill="#4a5568">${p.throughput.toFixed(0)}/s</text>`,
    );
  }
  parts.push(
    `<text x="${MARGIN.left + plotWidth / 2}" y="${HEIGHT - 12}" text-anchor="middle">concurrent callers (throughput below)</text>`,
    `<text transform="translate(18 ${MARGIN.top + plotHeight / 2}) rotate(-90)" text-anchor="middle">latency, ms</text>`,
  );
  SERIES.forEach(({ key, colour }, i) => {
    const path = points.map((p) => `${x(p.concurrency).toFixed(1)},${y(p[key]).toFixed(1)}`).join(" ");
    parts.push(`<polyline points="${path}" fill="none" stroke="${colour}" stroke-width="2"/>`);
    for (const p of points) parts.push(`<circle cx="${x(p.concurrency)}" cy="${y(p[key])}" r="3" fill="${colour}"/>`);
    parts.push(
      `<rect x="${MARGIN.left + 10 + i * 70}" y="${MARGIN.top - 16}" width="12" height="3" fill="${colour}"/>`,
      `<text x="${MARGIN.left + 26 + i * 70}" y="${MARGIN.top - 11}">${key}</text>`,
    );
  });
  parts.push("</svg>");
  return parts.join("\n");
}

/** The smallest of 1, 2 or 5 times a power of ten at or above value. */
function niceCeiling(value: number): number {
  const power = 10 ** Math.floor(Math.log10(value));
  return [1, 2, 5, 10].map((m) => m * power).find((v) => v >= value)!;
}
