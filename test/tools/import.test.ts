// The bulk import tool end to end: bin/user-service-import.mjs runs as a child process (as `npx
// user-service-import` would) against a real server, and the server's own ListUsers / GetUserByID tell what
// was created. Covers a 10 000-row CSV, rows the server refuses, JSON Lines in both shapes, and resumption
// after Ctrl-C and after SIGKILL without duplicates.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { OrganizationService } from "@zitadel/proto/zitadel/org/v2/org_service_pb.js";
import { allDrivers, type JsonObject } from "../helpers/protocols.js";
import { ok } from "../helpers/outcome-checks.js";
import { serveForSuite } from "../helpers/serve-for-suite.js";

const suite = serveForSuite();
const launcher = fileURLToPath(new URL("../../bin/user-service-import.mjs", import.meta.url));
const dir = mkdtempSync(path.join(os.tmpdir(), "import-test-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Starts the tool; `watch` sees stderr as it grows and may signal the child. */
function startTool(args: string[], watch?: (stderr: string, child: ChildProcess) => void): Promise<Run> {
  const child = spawn(process.execPath, [launcher, ...args, "--url", suite.server.url, "--token-file", suite.server.adminPatPath], {
    cwd: dir,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
    watch?.(stderr, child);
  });
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/** The summary's counts, read from the tool's own output. */
function summaryOf(run: Run): { total: number; created: number; present: number; failed: number } {
  const count = (label: string) => {
    const match = new RegExp(`^  ${label}\\s+(\\d+)`, "m").exec(run.stdout);
    if (!match) throw new Error(`no "${label}" in the summary:\n${run.stdout}\n${run.stderr}`);
    return Number(match[1]);
  };
  return { total: count("total"), created: count("created"), present: count("already present"), failed: count("failed") };
}

const call = async (method: string, request: JsonObject) => ok(await suite.driver("connect").call(method, request, suite.server.adminToken));
const totalUsers = async () => Number(((await call("ListUsers", { query: { limit: 1 } })).details as JsonObject).totalResult ?? 0);
const readJsonLines = (file: string) =>
  readFileSync(file, "utf8")
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => JSON.parse(l) as JsonObject);

function writeCsv(name: string, header: string, rows: string[]): string {
  writeFileSync(path.join(dir, name), [header, ...rows].join("\n") + "\n");
  return name;
}

const bulkRows = (prefix: string, count: number) =>
  Array.from({ length: count }, (_, i) => `${prefix}${i},Given${i},Family${i},${prefix}${i}@example.com,true`);

describe("user-service-import", () => {
  it("imports 10 000 CSV rows with progress and a summary", { timeout: 240_000 }, async () => {
    const file = writeCsv("bulk.csv", "username,given_name,family_name,email,email_verified", bulkRows("bulk", 10_000));
    const before = await totalUsers();
    const started = Date.now();
    const run = await startTool([file, "--concurrency", "16", "--progress-interval", "2"]);
    const seconds = (Date.now() - started) / 1000;
    console.log(`10 000 rows imported in ${seconds.toFixed(1)} s (${Math.round(10_000 / seconds)} rows/s)`);

    expect(run.code, run.stderr).toBe(0);
    expect(summaryOf(run)).toEqual({ total: 10_000, created: 10_000, present: 0, failed: 0 });
    expect(run.stdout).toMatch(/duration\s+[\d.]+ s, \d+ rows\/s/);
    expect(run.stderr).toMatch(/progress: \d+\/10000 rows \(\d+%\)/);
    expect(run.stderr).toContain("progress: 10000/10000 rows (100%), 10000 created");
    expect(await totalUsers()).toBe(before + 10_000);
    expect(existsSync(path.join(dir, "bulk.csv.failed.jsonl")), "no failures, no failed file").toBe(false);
    const state = JSON.parse(readFileSync(path.join(dir, "bulk.csv.import-state.json"), "utf8")) as JsonObject;
    expect(state).toMatchObject({ done: 10_000, complete: true, counts: { created: 10_000, present: 0, failed: 0 } });
  });

  it("writes rows the server refuses to the failed file with their codes and imports the rest", async () => {
    const taken = ok(await suite.driver("connect").call("AddHumanUser", {
      username: "taken-before",
      profile: { givenName: "Taken", familyName: "Before" },
      email: { email: "taken-before@example.com", isVerified: true },
    }, suite.server.adminToken));
    const file = writeCsv("mixed.csv", "user_id,username,given_name,family_name,email,email_verified,phone,gender,metadata.team", [
      "mixed-ada,ada,Ada,Lovelace,ada@example.com,true,+41 79 123 45 67,female,engines", // line 2
      ",bad-email,Bad,Email,not-an-email,true,,,", // line 3
      ",no-names,,,no-names@example.com,true,,,", // line 4
      ",ada,Ada,Again,ada-again@example.com,true,,,", // line 5: username used on line 2
      ",taken-before,Taken,Again,taken-again@example.com,true,,,", // line 6: username of an existing user
      ",bad-flag,Bad,Flag,bad-flag@example.com,maybe,,,", // line 7
      ",grace,Grace,Hopper,grace@example.com,false,,,", // line 8
      `${String(taken.userId)},someone-else,Some,One,someone@example.com,true,,,`, // line 9: the id of another user
    ]);
    const before = await totalUsers();
    const run = await startTool([file]);

    expect(run.code, run.stderr).toBe(3);
    expect(summaryOf(run)).toEqual({ total: 8, created: 2, present: 0, failed: 6 });
    expect(await totalUsers()).toBe(before + 2);
    const failed = new Map(readJsonLines(path.join(dir, "mixed.csv.failed.jsonl")).map((f) => [f.line as number, f]));
    expect([...failed.keys()].sort()).toEqual([3, 4, 5, 6, 7, 9]);
    expect(failed.get(3)).toMatchObject({ code: "invalid_argument", row: { username: "bad-email", email: "not-an-email" } });
    expect(failed.get(3)!.violations).toEqual([expect.objectContaining({ field: "email.email", reason: "string.email" })]);
    expect(failed.get(4)).toMatchObject({ code: "invalid_argument" });
    expect((failed.get(4)!.violations as JsonObject[]).map((v) => v.field).sort()).toEqual(["profile.family_name", "profile.given_name"]);
    expect(failed.get(5)).toMatchObject({ code: "already_exists", row: { username: "ada", family_name: "Again" } });
    expect(failed.get(6)).toMatchObject({ code: "already_exists", row: { username: "taken-before" } });
    expect(failed.get(7)).toMatchObject({ code: "invalid_argument", violations: [expect.objectContaining({ field: "email_verified", reason: "boolean" })] });
    expect(failed.get(9)).toMatchObject({ code: "failed_precondition", userId: taken.userId });
    expect(failed.get(9)!.message).toContain('exists with the username "taken-before"');

    // Every column reached the server: profile, verified email, phone, gender, metadata.
    const { user } = (await call("GetUserByID", { userId: "mixed-ada" })) as { user: JsonObject };
    expect(user).toMatchObject({
      username: "ada",
      human: {
        profile: { givenName: "Ada", familyName: "Lovelace", gender: "GENDER_FEMALE" },
        email: { email: "ada@example.com", isVerified: true },
        phone: { phone: "+41791234567" },
      },
    });
    const metadata = (await call("ListUserMetadata", { userId: "mixed-ada" })) as { metadata: JsonObject[] };
    expect(metadata.metadata).toEqual([expect.objectContaining({ key: "team", value: Buffer.from("engines").toString("base64") })]);

    // Run again without the state: created rows are recognised by their ids, the refused rows fail again.
    rmSync(path.join(dir, "mixed.csv.import-state.json"));
    const again = await startTool([file]);
    expect(summaryOf(again)).toEqual({ total: 8, created: 0, present: 2, failed: 6 });
    expect(readJsonLines(path.join(dir, "mixed.csv.failed.jsonl"))).toHaveLength(6);
    expect(await totalUsers()).toBe(before + 2);
  });

  it("refuses a CSV header with an unknown column before sending anything", async () => {
    const file = writeCsv("typo.csv", "username,given_name,family_name,emial", ["x,X,Y,x@example.com"]);
    const before = await totalUsers();
    const run = await startTool([file]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('unknown column "emial"');
    expect(await totalUsers()).toBe(before);
  });

  it("refuses a state file written for another version of the input", async () => {
    const file = writeCsv("edited.csv", "username,given_name,family_name,email,email_verified", bulkRows("edited", 3));
    expect((await startTool([file])).code).toBe(0);
    writeCsv("edited.csv", "username,given_name,family_name,email,email_verified", bulkRows("edited", 4));
    const run = await startTool([file]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("edited.csv.import-state.json belongs to a different version of the input file");
  });

  it("imports JSON Lines in the request's shape and in flat keys, into the organisation given by --org", async () => {
    const orgDriver = allDrivers(suite.server.url, OrganizationService).find((d) => d.name === "connect")!;
    const org = ok(await orgDriver.call("AddOrganization", { name: "Import Target" }, suite.server.adminToken)) as { organizationId: string };
    orgDriver.close();
    const lines = [
      JSON.stringify({
        username: "jl-shaped",
        profile: { givenName: "Shaped", familyName: "Row", preferredLanguage: "de" },
        email: { email: "jl-shaped@example.com", isVerified: true },
        metadata: [{ key: "source", value: Buffer.from("jsonl").toString("base64") }],
      }),
      "",
      JSON.stringify({ username: "jl-flat", given_name: "Flat", family_name: "Row", email: "jl-flat@example.com", email_verified: true }),
      "{not json",
      JSON.stringify({ username: "jl-odd", given_name: "Odd", family_name: "Key", email: "jl-odd@example.com", favourite_colour: "blue" }),
      JSON.stringify({ username: "jl-badshape", profile: { givenName: "A", familyName: "B", shoeSize: 44 }, email: { email: "jl-bad@example.com" } }),
    ];
    writeFileSync(path.join(dir, "users.jsonl"), lines.join("\n") + "\n");
    const before = await totalUsers();
    const run = await startTool(["users.jsonl", "--org", org.organizationId]);

    expect(run.code, run.stderr).toBe(3);
    expect(summaryOf(run)).toEqual({ total: 5, created: 2, present: 0, failed: 3 });
    expect(await totalUsers()).toBe(before + 2);
    const failed = readJsonLines(path.join(dir, "users.jsonl.failed.jsonl")).sort((a, b) => (a.line as number) - (b.line as number));
    expect(failed.map((f) => [f.line, f.code])).toEqual([[4, "invalid_argument"], [5, "invalid_argument"], [6, "invalid_argument"]]);
    expect(failed[1]!.violations).toEqual([expect.objectContaining({ field: "favourite_colour", reason: "unknown" })]);

    const listed = (await call("ListUsers", { queries: [{ organizationIdQuery: { organizationId: org.organizationId } }] })) as { result: JsonObject[] };
    expect(listed.result.map((u) => u.username).sort()).toEqual(["jl-flat", "jl-shaped"]);
    const shaped = listed.result.find((u) => u.username === "jl-shaped")!;
    expect(shaped).toMatchObject({ human: { profile: { preferredLanguage: "de" }, email: { isVerified: true } } });
  });

  it("continues after Ctrl-C and after SIGKILL without creating anyone twice", { timeout: 240_000 }, async () => {
    const rows = 2_000;
    const file = writeCsv("resume.csv", "username,given_name,family_name,email,email_verified", bulkRows("resume", rows));
    const stateFile = path.join(dir, "resume.csv.import-state.json");
    const before = await totalUsers();
    const args = [file, "--concurrency", "16", "--progress-interval", "1"];
    const signalAfter = (signal: NodeJS.Signals, minDone: number) => (stderr: string, child: ChildProcess) => {
      const done = Math.max(0, ...[...stderr.matchAll(/progress: (\d+)\//g)].map((m) => Number(m[1])));
      if (done >= minDone && child.exitCode === null && !child.killed) child.kill(signal);
    };

    // Ctrl-C: the calls in flight finish, the state holds what is done, the exit status says "interrupted".
    const interrupted = await startTool(args, signalAfter("SIGINT", 200));
    expect(interrupted.code, interrupted.stderr).toBe(130);
    const stopped = Number(/Interrupted after row (\d+)/.exec(interrupted.stdout)?.[1]);
    expect(stopped).toBeGreaterThanOrEqual(200);
    expect(stopped).toBeLessThan(rows);
    expect(JSON.parse(readFileSync(stateFile, "utf8"))).toMatchObject({ done: stopped, complete: false });
    expect(await totalUsers()).toBe(before + stopped);

    // SIGKILL: no chance to clean up; whatever was in flight or done after the last state write is sent again.
    const killed = await startTool(args, signalAfter("SIGKILL", stopped + 300));
    expect(killed.signal).toBe("SIGKILL");
    const afterKill = JSON.parse(readFileSync(stateFile, "utf8")) as { done: number };
    expect(afterKill.done).toBeGreaterThanOrEqual(stopped);
    expect(await totalUsers()).toBeGreaterThan(before + stopped);

    const finished = await startTool(args);
    expect(finished.code, finished.stderr).toBe(0);
    expect(finished.stdout).toContain(`resumed after row ${afterKill.done}`);
    const summary = summaryOf(finished);
    expect(summary.created + summary.present).toBe(rows);
    expect(summary.failed).toBe(0);
    expect(await totalUsers()).toBe(before + rows);

    // Even with the state file gone, every row is recognised as already there.
    rmSync(stateFile);
    const again = await startTool(args);
    expect(summaryOf(again)).toEqual({ total: rows, created: 0, present: rows, failed: 0 });
    expect(await totalUsers()).toBe(before + rows);
  });

  it("runs as `npm run import` and explains its options", async () => {
    const run = await new Promise<{ code: number | null; stdout: string }>((resolve, reject) => {
      const child = spawn("npm", ["run", "--silent", "import", "--", "--help"], { cwd: fileURLToPath(new URL("../..", import.meta.url)) });
      let stdout = "";
      child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
      child.on("error", reject);
      child.on("close", (code) => resolve({ code, stdout }));
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Usage: user-service-import <users.csv|users.jsonl>");
    expect(run.stdout).toContain("--token-file");
  });
});
