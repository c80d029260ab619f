// The optional JSON config file: same keys as the environment, the environment wins, and everything wrong with
// it is reported together with config.ts's own problems, one message each.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config.js";
import { loadConfigFromSources, parseCommandLine } from "../../src/configuration/config-sources.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "observe-config-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function file(name: string, content: unknown): Promise<string> {
  const where = path.join(dir, name);
  await writeFile(where, typeof content === "string" ? content : JSON.stringify(content));
  return where;
}

function problemsOf(load: () => unknown): string[] {
  try {
    load();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error("expected a ConfigError");
}

describe("config file", () => {
  it("sets variables by their names, from CONFIG_FILE or --config", async () => {
    const where = await file("good.json", { PORT: 9090, HOST: "127.0.0.1", VMS_API: false, CORS_ORIGINS: "https://a.example, https://b.example" });
    for (const [argv, env] of [[[], { CONFIG_FILE: where }], [["--config", where], {}], [[`--config=${where}`], {}]] as const) {
      const config = loadConfigFromSources(argv, env);
      expect(config.port).toBe(9090);
      expect(config.host).toBe("127.0.0.1");
      expect(config.accountApis.vms.enabled).toBe(false);
      expect(config.corsOrigins).toEqual(["https://a.example", "https://b.example"]);
    }
  });

  it("yields to the environment, even to an empty variable", async () => {
    const where = await file("precedence.json", { PORT: "9090", CORS_ORIGINS: "https://a.example", BCRYPT_COST: 5 });
    const config = loadConfigFromSources(["--config", where], { PORT: "7070", CORS_ORIGINS: "" });
    expect(config.port).toBe(7070); // environment wins
    expect(config.corsOrigins).toEqual([]); // as without a file: an empty CORS_ORIGINS allows no origin
    expect(config.bcryptCost).toBe(5); // only in the file
  });

  it("--config wins over CONFIG_FILE", async () => {
    const one = await file("one.json", { PORT: 1111 });
    const two = await file("two.json", { PORT: 2222 });
    expect(loadConfigFromSources(["--config", two], { CONFIG_FILE: one }).port).toBe(2222);
  });

  it("reports unknown keys, non-scalar values and config.ts's own problems together", async () => {
    const where = await file("bad.json", { PORT: "not-a-port", PROT: 8080, CORS_ORIGINS: ["a"], DATABASE_URL: "mysql://x", CONFIG_FILE: "other.json" });
    const problems = problemsOf(() => loadConfigFromSources(["--config", where], {}));
    expect(problems).toEqual([
      `config file ${where}: unknown key "PROT" (see --help for the variables)`,
      `config file ${where}: CORS_ORIGINS must be a string, number or boolean`,
      `config file ${where}: CONFIG_FILE cannot be set from a config file`,
      'DATABASE_URL must start with postgresql://, got "mysql:…"',
      'PORT must be a whole number from 0 to 65535, got "not-a-port"',
    ]);
  });

  it("reports a missing file, broken JSON and a file that is no object", async () => {
    expect(problemsOf(() => loadConfigFromSources(["--config", path.join(dir, "absent.json")], {}))).toEqual([
      `config file ${path.join(dir, "absent.json")} cannot be read: ENOENT`,
    ]);
    const broken = await file("broken.json", '{"PORT": 80,');
    expect(problemsOf(() => loadConfigFromSources([], { CONFIG_FILE: broken }))[0]).toMatch(new RegExp(`^config file ${broken} is not valid JSON: `));
    const list = await file("list.json", [["PORT", 80]]);
    expect(problemsOf(() => loadConfigFromSources([], { CONFIG_FILE: list }))).toEqual([`config file ${list} must hold one JSON object of variable names and values`]);
  });

  it("reads the command line: --help, --config, and nothing else", () => {
    expect(parseCommandLine(["--help"])).toEqual({ help: true, configFile: undefined, problems: [] });
    expect(parseCommandLine(["-h", "--config", "x.json"])).toEqual({ help: true, configFile: "x.json", problems: [] });
    expect(parseCommandLine(["--config"]).problems).toEqual(["--config needs a file name"]);
    expect(parseCommandLine(["--verbose"]).problems).toEqual(['unknown argument "--verbose" (see --help)']);
    expect(problemsOf(() => loadConfigFromSources(["--port", "80"], {}))).toEqual(['unknown argument "--port" (see --help)', 'unknown argument "80" (see --help)']);
  });
});

describe("tracing variables", () => {
  it("leave tracing off unless an endpoint or the otlp exporter is asked for", () => {
    expect(loadConfig({}).tracing).toBeUndefined();
    expect(loadConfig({ OTEL_SERVICE_NAME: "x" }).tracing).toBeUndefined();
    expect(loadConfig({ OTEL_TRACES_EXPORTER: "otlp" }).tracing).toEqual({ tracesUrl: "http://localhost:4318/v1/traces", serviceName: "user-service" });
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318/" }).tracing?.tracesUrl).toBe("http://collector:4318/v1/traces");
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://c:4318", OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: "https://t.example/traces" }).tracing?.tracesUrl).toBe("https://t.example/traces");
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://c:4318", OTEL_TRACES_EXPORTER: "none" }).tracing).toBeUndefined();
  });

  it("are validated", () => {
    expect(problemsOf(() => loadConfig({ OTEL_TRACES_EXPORTER: "jaeger" }))).toEqual(['OTEL_TRACES_EXPORTER must be otlp or none, got "jaeger"']);
    expect(problemsOf(() => loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: "grpc://c:4317" }))).toEqual(['OTEL_EXPORTER_OTLP_ENDPOINT must be an http:// or https:// URL, got "grpc://c:4317"']);
  });
});
