// Reads the OpenTelemetry variables (called by config.ts, the one reader of the environment) with the
// specification's meanings: traces go to OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, or OTEL_EXPORTER_OTLP_ENDPOINT +
// "/v1/traces"; OTEL_TRACES_EXPORTER=otlp without an endpoint uses the default collector (localhost:4318),
// =none turns tracing off even with an endpoint. Nothing set: no tracing.

export interface TracingConfig {
  /** Full URL spans are POSTed to (…/v1/traces). */
  tracesUrl: string;
  /** OTEL_SERVICE_NAME: the `service.name` of the resource. */
  serviceName: string;
}

const DEFAULT_ENDPOINT = "http://localhost:4318";

export function readTracingConfig(env: Record<string, string | undefined>, problems: string[]): TracingConfig | undefined {
  const exporter = (env.OTEL_TRACES_EXPORTER ?? "").trim().toLowerCase();
  if (exporter !== "" && exporter !== "otlp" && exporter !== "none") {
    problems.push(`OTEL_TRACES_EXPORTER must be otlp or none, got "${env.OTEL_TRACES_EXPORTER}"`);
    return undefined;
  }
  const base = endpoint(env, "OTEL_EXPORTER_OTLP_ENDPOINT", problems);
  const traces = endpoint(env, "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", problems);
  if (exporter === "none" || (exporter === "" && base === undefined && traces === undefined)) return undefined;
  const serviceName = (env.OTEL_SERVICE_NAME ?? "").trim() || "user-service";
  return { tracesUrl: traces ?? `${base ?? DEFAULT_ENDPOINT}/v1/traces`, serviceName };
}

function endpoint(env: Record<string, string | undefined>, key: string, problems: string[]): string | undefined {
  const raw = (env[key] ?? "").trim();
  if (raw === "") return undefined;
  try {
    const url = new URL(raw);
    if (url.protocol === "http:" || url.protocol === "https:") return raw.replace(/\/+$/, "");
  } catch {
    // reported below
  }
  problems.push(`${key} must be an http:// or https:// URL, got "${raw}"`);
  return undefined;
}
