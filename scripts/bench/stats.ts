// Latency percentiles and throughput from one scenario's samples.

export interface ScenarioStats {
  requests: number;
  errors: number;
  seconds: number;
  throughput: number;
  p50: number;
  p95: number;
  p99: number;
  firstError?: string;
}

export function summarize(latenciesMs: number[], errors: number, seconds: number, firstError?: string): ScenarioStats {
  const sorted = [...latenciesMs].sort((a, b) => a - b);
  const at = (q: number) => (sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!);
  return {
    requests: sorted.length,
    errors,
    seconds,
    throughput: sorted.length / seconds,
    p50: at(0.5),
    p95: at(0.95),
    p99: at(0.99),
    ...(firstError ? { firstError } : {}),
  };
}
