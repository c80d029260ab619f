// The import tool's pure parts, without a server: how rows become AddHumanUserRequests, where each row of a
// file starts, ids that stay the same from run to run, and the resumption watermark.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { toJson } from "@bufbuild/protobuf";
import { afterAll, describe, expect, it } from "vitest";
import { AddHumanUserRequestSchema } from "../../src/gen/zitadel/user/v2/user_service_pb.js";
import { Watermark } from "../../src/tools/import/import-state.js";
import { readRecords, type InputRecord } from "../../src/tools/import/read-records.js";
import { rowUserId } from "../../src/tools/import/row-id.js";
import { checkCsvHeader, rowToRequest } from "../../src/tools/import/row-request.js";

const dir = mkdtempSync(path.join(os.tmpdir(), "import-rows-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const requestJson = (row: Record<string, unknown>, org?: string) => {
  const built = rowToRequest(row, { userId: "derived-id", org });
  if (!built.ok) throw new Error(`${built.message}: ${JSON.stringify(built.violations)}`);
  return toJson(AddHumanUserRequestSchema, built.request);
};

describe("rows → AddHumanUserRequest", () => {
  it("maps every flat column", () => {
    expect(
      requestJson({
        user_id: "", username: "ada", org_domain: "acme.localhost", given_name: "Ada", family_name: "Lovelace",
        display_name: "Countess", nick_name: "A", preferred_language: "en", gender: "Female", email: "ada@example.com",
        email_verified: "yes", phone: "+41791234567", phone_verified: "true", password: "Secr3t!pass",
        password_change_required: "1", "metadata.team": "engines", "metadata.empty": "",
      }),
    ).toEqual({
      userId: "derived-id",
      username: "ada",
      organization: { orgDomain: "acme.localhost" },
      profile: { givenName: "Ada", familyName: "Lovelace", displayName: "Countess", nickName: "A", preferredLanguage: "en", gender: "GENDER_FEMALE" },
      email: { email: "ada@example.com", isVerified: true },
      phone: { phone: "+41791234567", isVerified: true },
      metadata: [{ key: "team", value: Buffer.from("engines").toString("base64") }],
      password: { password: "Secr3t!pass", changeRequired: true },
    });
  });

  it("leaves verification to the server's default when a flag is false, and takes the row's own id and the --org default", () => {
    expect(requestJson({ user_id: "own-id", email: "b@example.com", email_verified: "false", hashed_password: "$2b$04$x" }, "org-1")).toEqual({
      userId: "own-id",
      organization: { orgId: "org-1" },
      profile: {},
      email: { email: "b@example.com" },
      hashedPassword: { hash: "$2b$04$x" },
    });
  });

  it("takes rows in the request's JSON shape as they are", () => {
    const row = { username: "shaped", profile: { givenName: "S", familyName: "R" }, email: { email: "s@example.com", sendCode: { urlTemplate: "https://x/{{.Code}}" } } };
    expect(requestJson(row, "org-1")).toEqual({ ...row, userId: "derived-id", organization: { orgId: "org-1" } });
    const bad = rowToRequest({ profile: { givenName: "S", shoeSize: 44 }, email: { email: "s@example.com" } }, { userId: "x" });
    expect(bad.ok).toBe(false);
  });

  it("reports what cannot be sent at all, every problem at once", () => {
    const built = rowToRequest(
      { email: "c@example.com", email_verified: "maybe", gender: "robot", password: "a", hashed_password: "b", colour: "blue" },
      { userId: "x" },
    );
    expect(built.ok).toBe(false);
    if (built.ok) return;
    expect(built.violations.map((v) => [v.field, v.reason]).sort()).toEqual([
      ["colour", "unknown"], ["email_verified", "boolean"], ["gender", "enum"], ["hashed_password", "exclusive"],
    ]);
  });

  it("refuses a CSV header with unknown columns or without email", () => {
    expect(() => checkCsvHeader(["username", "email", "metadata.x"])).not.toThrow();
    expect(() => checkCsvHeader(["username", "emial"])).toThrow(/unknown column "emial"/);
    expect(() => checkCsvHeader(["username", "metadata."])).toThrow(/unknown column "metadata\."/);
    expect(() => checkCsvHeader(["username"])).toThrow(/no "email" column/);
  });
});

describe("reading the input", () => {
  const read = async (name: string, text: string, format: "csv" | "jsonl") => {
    writeFileSync(path.join(dir, name), text);
    const out: InputRecord[] = [];
    for await (const r of readRecords(path.join(dir, name), format, checkCsvHeader)) out.push(r);
    return out;
  };

  it("numbers CSV rows by the line they start on, across blank lines and multi-line cells", async () => {
    const rows = await read("lines.csv", '\uFEFFusername,email\r\na,a@x.io\r\n\r\n"b\r\nb",b@x.io\r\nc,c@x.io', "csv");
    expect(rows.map((r) => [r.index, r.line, r.row.username])).toEqual([[0, 2, "a"], [1, 4, "b\nb"], [2, 6, "c"]]);
    const lf = await read("lf.csv", 'username,email\n\n\na,a@x.io\n"x\n\ny",x@x.io\n\nc,c@x.io\n\n', "csv");
    expect(lf.map((r) => [r.line, r.row.username])).toEqual([[4, "a"], [5, "x\n\ny"], [9, "c"]]);
  });

  it("counts lines of a CRLF file larger than one read chunk exactly", async () => {
    const body = Array.from({ length: 20_000 }, (_, i) => `user${i},user${i}@x.io`).join("\r\n");
    const rows = await read("big.csv", `username,email\r\n${body}\r\n`, "csv");
    expect(rows).toHaveLength(20_000);
    expect(rows.every((r, i) => r.line === i + 2 && r.row.email === `user${i}@x.io`)).toBe(true);
    // A "\r" as the last byte of the first 64 KiB read and its "\n" as the first byte of the next.
    const head = "username,email\r\n";
    const long = "a".repeat(65_535 - head.length - ",a@x.io".length);
    const split = await read("split.csv", `${head}${long},a@x.io\r\n\r\nb,b@x.io\r\n`, "csv");
    expect(split.map((r) => [r.line, r.row.email])).toEqual([[2, "a@x.io"], [4, "b@x.io"]]);
  });

  it("stops at a CSV that cannot be parsed", async () => {
    await expect(read("broken.csv", 'username,email\na,a@x.io,extra\n', "csv")).rejects.toThrow(/broken\.csv: .*Invalid Record Length/);
    await expect(read("missing.csv", "", "csv").then(() => readRecords(path.join(dir, "nope.csv"), "csv", checkCsvHeader).next())).rejects.toThrow(/ENOENT/);
  });

  it("reads JSON Lines, skipping blank lines and keeping unreadable ones as rows", async () => {
    const rows = await read("lines.jsonl", '{"email":"a@x.io"}\n\n[1]\n{broken\n{"email":"b@x.io"}\n', "jsonl");
    expect(rows.map((r) => [r.index, r.line, r.unreadable?.split(":")[0]])).toEqual([
      [0, 1, undefined], [1, 3, "not a JSON object"], [2, 4, "not JSON"], [3, 5, undefined],
    ]);
  });
});

describe("ids and resumption", () => {
  it("derives the same id for the same row, line and --org, and another one otherwise", () => {
    const row = { username: "a", email: "a@x.io" };
    const id = rowUserId(2, row, undefined);
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(rowUserId(2, { ...row }, undefined)).toBe(id);
    expect(rowUserId(3, row, undefined)).not.toBe(id);
    expect(rowUserId(2, row, "org-1")).not.toBe(id);
    expect(rowUserId(2, { ...row, email: "b@x.io" }, undefined)).not.toBe(id);
  });

  it("advances the watermark only over the contiguous prefix of finished rows", () => {
    const w = new Watermark(10, { created: 7, present: 2, failed: 1 });
    w.finish(12, "created");
    w.finish(11, "failed");
    expect(w.done).toBe(10);
    expect(w.seen()).toEqual({ created: 8, present: 2, failed: 2 });
    w.finish(10, "present");
    expect(w.done).toBe(13);
    expect(w.counts).toEqual({ created: 8, present: 3, failed: 2 });
  });
});
