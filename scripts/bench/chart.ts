// An SVG chart of the concurrency sweep: throughput (upper panel) and p99 latency (lower panel) against the number
// of callers on a logarithmic axis, one line per server (ours, the floor). Plain SVG text, no library: the file
// opens in any browser.
import type { Row } from "./ratios.js";

const WIDTH = 720;
const PANEL = 260;
const MARGIN = { left: 80, right: 30, top: 60, gap: 70, bottom: 50 };
const HEIGHT = MARGIN.top + PANEL * 2 + MARGIN.gap + MARGIN.bottom;
const COLOURS = ["#c53030", "#2b6cb0", "#2f855a", "#dd6b20"];

export interface Series {
  name: string;
  rows: readonly Row[];
}

const escape = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

export function sweepChartSvg(title: string, series: readonly Series[]): string {
  const levels = [...new Set(series.flatMap((s) => s.rows.map((r) => r.concurrency)))].sort((a, b) => a - b);
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const minLog = Math.log2(levels[0]!);
  const maxLog = Math.max(Math.log2(levels[levels.length - 1]!), minLog + 1);
  const x = (concurrency: number) => MARGIN.left + ((Math.log2(concurrency) - minLog) / (maxLog - minLog)) * plotWidth;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="${WIDTH / 2}" y="22" text-anchor="middle" font-size="15">${escape(title)}</text>`,
  ];
  series.forEach((s, i) =>
    parts.push(
      `<rect x="${MARGIN.left + i * 120}" y="36" width="14" height="3" fill="${COLOURS[i % COLOURS.length]}"/>`,
      `<text x="${MARGIN.left + 20 + i * 120}" y="41">${escape(s.name)}</text>`,
    ),
  );
  const panel = (top: number, label: string, value: (r: Row) => number) => {
    const ceiling = niceCeiling(Math.max(1, ...series.flatMap((s) => s.rows.map(value))));
    const y = (v: number) => top + PANEL - (v / ceiling) * PANEL;
    for (let i = 0; i <= 5; i++) {
      const v = (ceiling / 5) * i;
      parts.push(
        `<line x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${y(v)}" y2="${y(v)}" stroke="#e2e8f0"/>`,
        `<text x="${MARGIN.left - 8}" y="${y(v) + 4}" text-anchor="end">${v.toFixed(0)}</text>`,
      );
    }
    for (const level of levels) parts.push(`<text x="${x(level)}" y="${top + PANEL + 16}" text-anchor="middle">${level}</text>`);
    parts.push(`<text transform="translate(20 ${top + PANEL / 2}) rotate(-90)" text-anchor="middle">${escape(label)}</text>`);
    series.forEach((s, i) => {
      const colour = COLOURS[i % COLOURS.length];
      const points = [...s.rows].sort((a, b) => a.concurrency - b.concurrency);
      parts.push(`<polyline data-series="${escape(s.name)}" data-panel="${escape(label)}" points="${points.map((r) => `${x(r.concurrency).toFixed(1)},${y(value(r)).toFixed(1)}`).join(" ")}" fill="none" stroke="${colour}" stroke-width="2"/>`);
      for (const r of points) parts.push(`<circle cx="${x(r.concurrency).toFixed(1)}" cy="${y(value(r)).toFixed(1)}" r="3" fill="${colour}"/>`);
    });
  };
  panel(MARGIN.top, "throughput, calls/s", (r) => r.throughput);
  panel(MARGIN.top + PANEL + MARGIN.gap, "p99 latency, ms", (r) => r.p99);
  parts.push(`<text x="${MARGIN.left + plotWidth / 2}" y="${HEIGHT - 12}" text-anchor="middle">concurrent callers</text>`, "</svg>");
  return parts.join("\n");
}

/** The smallest of 1, 2 or 5 times a power of ten at or above value. */
function niceCeiling(value: number): number {
  const power = 10 ** Math.floor(Math.log10(value));
  return [1, 2, 5, 10].map((m) => m * power).find((v) => v >= value)!;
}
