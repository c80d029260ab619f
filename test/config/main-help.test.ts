// The process's command line: --help prints every variable the configuration code reads, with its default and
// meaning, and exits 0 without starting anything; a bad config file stops the start with one line per problem.
import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, expect, it } from "vitest";
import { CONFIG_VARIABLES } from "../../src/configuration/variables.js";
import { variablesReadByConfigCode } from "./config-variables.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "observe-help-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function run(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts", ...args], {
    cwd: root,
    env: { ...process.env, DATA_DIR: dir, PORT: "0", HOST: "127.0.0.1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (c) => (stdout += c));
  child.stderr.on("data", (c) => (stderr += c));
  return new Promise((resolve) => child.on("exit", (code) => resolve({ code, stdout, stderr })));
}

it("--help lists every variable read by the configuration code, with default and meaning", async () => {
  const { code, stdout, stderr } = await run(["--help"]);
  expect(stderr).toBe("");
  expect(code).toBe(0);
  expect(stdout).toMatch(/^Usage: node dist\/src\/main\.js \[--config <file>\] \[--help\]/);
  for (const name of (await variablesReadByConfigCode()).keys()) expect(stdout, name).toMatch(new RegExp(`^  ${name} +\\S`, "m"));
  for (const v of CONFIG_VARIABLES) {
    const at = stdout.indexOf(`  ${v.name} `);
    const block = stdout.slice(at, stdout.indexOf("\n", stdout.indexOf("\n", at) + 1));
    expect(block, v.name).toContain(v.meaning);
    expect(block, v.name).toContain(`default: ${v.default}`);
  }
});

it("a config file with problems stops the start, exit 2, one line per problem", async () => {
  const file = path.join(dir, "bad.json");
  await writeFile(file, JSON.stringify({ SHUTDOWN_GRACE_MS: "soon", NO_SUCH_SETTING: 1 }));
  const { code, stderr } = await run(["--config", file], { BCRYPT_COST: "99" });
  expect(code).toBe(2);
  expect(stderr).toBe(
    [
      "invalid configuration:",
      `  - config file ${file}: unknown key "NO_SUCH_SETTING" (see --help for the variables)`,
      '  - SHUTDOWN_GRACE_MS must be a whole number from 0 to 600000, got "soon"',
      '  - BCRYPT_COST must be a whole number from 4 to 31, got "99"',
      "",
    ].join("\n"),
  );
});
