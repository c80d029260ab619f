// Secrets leave no trace: every flow that handles one runs with known, unique plain values — passwords (set,
// changed with the current one, reset with a code, imported as a hash), email/phone/reset codes returned and
// sent (to a webhook receiver on loopback, so no log channel prints them), personal access tokens, wrong
// passwords, codes and tokens — and then every log line of the server (all levels), every error message and
// every table of the database (as text) is searched for them, plain, base64 and hex. Also: secret material is
// compared in constant time (crypto.timingSafeEqual), never with === (checked on the source).
import { randomBytes } from "node:crypto";
import { readFileSync, readdirSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { Writable } from "node:stream";
import { hash as bcryptHash } from "@node-rs/bcrypt";
import pino from "pino";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../helpers/app-server.js";
import { callWith, okJson, type Protocol, type RawOutcome } from "../helpers/call-with-headers.js";

let server: TestServer;
let receiver: http.Server;
const logLines: string[] = [];
const delivered: { code?: string; link?: string }[] = [];
/** While false the receiver answers 503, so messages wait in the outbox (code sealed) for a retry. */
let accepting = true;
let refusedDeliveries = 0;
/** Database dumps taken while messages were waiting. */
const pendingDumps: string[] = [];
const errorMessages: string[] = [];
/** Every plain secret the flows used or received. */
const secrets = new Map<string, string>();

const unique = (what: string) => {
  const value = `${what}-${randomBytes(9).toString("base64url")}!Aa1`;
  secrets.set(value, what);
  return value;
};
const remember = (what: string, value: unknown) => {
  expect(typeof value, what).toBe("string");
  expect((value as string).length, what).toBeGreaterThanOrEqual(6);
  secrets.set(value as string, what);
  return value as string;
};

const WEBHOOK_SECRET = `webhook-${randomBytes(12).toString("hex")}`;
const MASTER_KEY = randomBytes(32).toString("hex");

beforeAll(async () => {
  receiver = http.createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      if (!accepting) {
        refusedDeliveries++;
        res.writeHead(503).end();
        return;
      }
      delivered.push(JSON.parse(body) as { code?: string });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  const hook = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  const logger = pino(
    { level: "trace" },
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        logLines.push(chunk.toString("utf8"));
        done();
      },
    }),
  );
  server = await startTestServer({
    logger,
    env: {
      NOTIFY_EMAIL_CHANNEL: "webhook",
      NOTIFY_SMS_CHANNEL: "webhook",
      NOTIFY_EMAIL_WEBHOOK_URL: `${hook}/email`,
      NOTIFY_SMS_WEBHOOK_URL: `${hook}/sms`,
      NOTIFY_WEBHOOK_SECRET: WEBHOOK_SECRET,
      NOTIFY_POLL_MS: "200",
      NOTIFY_RETRY_BASE_MS: "200",
      NOTIFY_RETRY_MAX_MS: "400",
      MASTER_KEY,
    },
  });
  secrets.set(WEBHOOK_SECRET, "webhook secret");
  secrets.set(MASTER_KEY, "master key");
  secrets.set(server.adminToken, "admin token");
}, 60_000);

afterAll(async () => {
  await server?.stop();
  await server?.drop();
  await new Promise((resolve) => receiver?.close(resolve));
});

async function call(protocol: Protocol, method: string, request: Record<string, unknown>, token = server.adminToken): Promise<RawOutcome> {
  const outcome = await callWith(protocol, server.url, method, request as never, { token });
  if (!outcome.ok) errorMessages.push(outcome.message, JSON.stringify(outcome.json));
  return outcome;
}

async function refused(protocol: Protocol, method: string, request: Record<string, unknown>, token?: string) {
  const outcome = await call(protocol, method, request, token);
  expect(outcome.ok, `${method} should fail`).toBe(false);
}

async function until(what: string, done: () => boolean) {
  for (let waited = 0; !done(); waited += 100) {
    if (waited > 20_000) throw new Error(`waited in vain for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Every row of every table of the service's schema as JSON text. */
async function databaseText(): Promise<string> {
  const { prisma } = server.app.database;
  const tables = await prisma.$queryRawUnsafe<{ table_name: string }[]>(
    "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'",
  );
  expect(tables.map((t) => t.table_name)).toEqual(expect.arrayContaining(["events", "users", "outbox", "personal_access_tokens", "user_metadata"]));
  const parts: string[] = [];
  for (const { table_name } of tables) {
    const rows = await prisma.$queryRawUnsafe<{ row: string }[]>(`SELECT row_to_json(t)::text AS row FROM "${table_name}" AS t`);
    parts.push(...rows.map((r) => `${table_name}: ${r.row}`));
  }
  return parts.join("\n");
}

describe("secrets", () => {
  it("appear in no log line, error message or table after every secret-handling flow", async () => {
    const protocols: Protocol[] = ["connect", "rest"];
    for (const protocol of protocols) {
      const tag = `${protocol}-${Date.now().toString(36)}`;
      // AddHumanUser with a password and returned email and phone codes.
      const first = unique("first password");
      const added = okJson(await call(protocol, "AddHumanUser", {
        username: `secret-${tag}`,
        profile: { givenName: "Ada", familyName: "Secret" },
        email: { email: `secret-${tag}@example.com`, returnCode: {} },
        phone: { phone: "+41791234567", returnCode: {} },
        password: { password: first, changeRequired: false },
      }));
      const userId = String(added.userId);
      const emailCode = remember("returned email code", added.emailCode);
      const phoneCode = remember("returned phone code", added.phoneCode);

      // Wrong codes, then the right ones.
      await refused(protocol, "VerifyEmail", { userId, verificationCode: remember("wrong email code", `W${randomBytes(4).toString("hex").toUpperCase()}`) });
      okJson(await call(protocol, "VerifyEmail", { userId, verificationCode: emailCode }));
      await refused(protocol, "VerifyPhone", { userId, verificationCode: remember("wrong phone code", `W${randomBytes(4).toString("hex").toUpperCase()}`) });
      okJson(await call(protocol, "VerifyPhone", { userId, verificationCode: phoneCode }));

      // UpdateHumanUser: a wrong current password, then the right one.
      const second = unique("second password");
      await refused(protocol, "UpdateHumanUser", { userId, password: { password: { password: second }, currentPassword: unique("wrong current password") } });
      okJson(await call(protocol, "UpdateHumanUser", { userId, password: { password: { password: second }, currentPassword: first } }));

      // PasswordReset with a returned code; SetPassword with a wrong code, then with it.
      const resetCode = remember("returned reset code", okJson(await call(protocol, "PasswordReset", { userId, returnCode: {} })).verificationCode);
      const third = unique("third password");
      await refused(protocol, "SetPassword", { userId, newPassword: { password: third }, verificationCode: remember("wrong reset code", `W${randomBytes(4).toString("hex").toUpperCase()}`) });
      okJson(await call(protocol, "SetPassword", { userId, newPassword: { password: third }, verificationCode: resetCode }));
      await refused(protocol, "SetPassword", { userId, newPassword: { password: unique("fourth password") }, currentPassword: unique("wrong password") });

      // Codes that are sent: through the webhooks, sealed in the outbox meanwhile.
      const before = delivered.length;
      const refusedBefore = refusedDeliveries;
      accepting = false;
      okJson(await call(protocol, "SetEmail", { userId, email: `sent-${tag}@example.com`, sendCode: {} }));
      okJson(await call(protocol, "SetPhone", { userId, phone: "+41797654321", sendCode: {} }));
      okJson(await call(protocol, "PasswordReset", { userId, sendLink: { notificationType: "NOTIFICATION_TYPE_Email" } }));
      await until("three refused deliveries", () => refusedDeliveries >= refusedBefore + 3);
      pendingDumps.push(await databaseText());
      accepting = true;
      await until("three deliveries", () => delivered.length >= before + 3);
      for (const message of delivered.slice(before)) remember("sent code", message.code);

      // A hashed password import, proven by changing it with the plain one.
      const imported = unique("imported password");
      const importedUser = String(okJson(await call(protocol, "AddHumanUser", {
        username: `imported-${tag}`,
        profile: { givenName: "Ada", familyName: "Imported" },
        email: { email: `imported-${tag}@example.com`, isVerified: true },
        hashedPassword: { hash: await bcryptHash(imported, { cost: 4 }) },
      })).userId);
      okJson(await call(protocol, "UpdateHumanUser", { userId: importedUser, password: { password: { password: unique("after import") }, currentPassword: imported } }));

      // Personal access tokens, a wrong one, and a right one used.
      const machine = String(okJson(await call(protocol, "CreateUser", { organizationId: String((added.details as { resourceOwner: string }).resourceOwner), username: `machine-${tag}`, machine: { name: "m" } })).id);
      const pat = remember("personal access token", okJson(await call(protocol, "AddPersonalAccessToken", { userId: machine, expirationDate: new Date(Date.now() + 3_600_000).toISOString() })).token);
      okJson(await call(protocol, "GetUserByID", { userId: machine }, pat));
      await refused(protocol, "GetUserByID", { userId: machine }, unique("wrong token").replace(/[^A-Za-z0-9-]/g, "x"));
    }

    const logs = logLines.join("");
    const database = [await databaseText(), ...pendingDumps].join("\n");
    const errors = errorMessages.join("\n");
    expect(logs.length).toBeGreaterThan(0); // the capture works: access lines and the workers' lines are there
    expect(logs).toContain('"method":"SetPassword"'); // every call's access line is in the capture
    expect(database).toContain("user.human.password.changed"); // the dump holds the events…
    expect(database).toMatch(/^outbox: .*sealedCode/m); // …and the outbox rows, whose codes are sealed
    expect(delivered.length).toBe(6);
    const leaks: string[] = [];
    for (const [secret, what] of secrets) {
      const forms = [secret, Buffer.from(secret).toString("base64").replace(/=+$/, ""), Buffer.from(secret).toString("hex")];
      for (const form of forms) {
        if (logs.includes(form)) leaks.push(`${what} in the log`);
        if (database.includes(form)) leaks.push(`${what} in the database`);
        if (errors.includes(form)) leaks.push(`${what} in an error message`);
      }
    }
    expect(leaks).toEqual([]);
    expect(secrets.size).toBeGreaterThanOrEqual(30);
  }, 120_000);
});

describe("secret comparisons", () => {
  const sources = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? (e.name === "gen" ? [] : sources(path.join(dir, e.name))) : e.name.endsWith(".ts") ? [path.join(dir, e.name)] : [],
    );
  const SECRET_NAME = /(hash|token|secret|signature|password|plain|code)$/i;

  it("never use === or !== on values named like secret material", () => {
    const found: string[] = [];
    for (const file of sources("src")) {
      const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
      const nameOf = (e: ts.Expression) => (ts.isIdentifier(e) ? e.text : ts.isPropertyAccessExpression(e) ? e.name.text : undefined);
      // Comparing with a literal, undefined, null, a typeof or an enum member is about presence or kind, not content.
      const isConstant = (e: ts.Expression) =>
        ts.isLiteralExpression(e) || e.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(e) && e.text === "undefined") || ts.isTypeOfExpression(e) ||
        (ts.isPropertyAccessExpression(e) && /^(Code|UserState|UserType)$/.test(e.expression.getText()));
      const visit = (node: ts.Node) => {
        if (ts.isBinaryExpression(node) && (node.operatorToken.kind === ts.SyntaxKind.EqualsEqualsEqualsToken || node.operatorToken.kind === ts.SyntaxKind.ExclamationEqualsEqualsToken)) {
          const left = nameOf(node.left);
          const right = nameOf(node.right);
          if ((left && SECRET_NAME.test(left) && !isConstant(node.right)) || (right && SECRET_NAME.test(right) && !isConstant(node.left))) {
            found.push(`${file}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}: ${node.getText()}`);
          }
        }
        ts.forEachChild(node, visit);
      };
      visit(source);
    }
    expect(found).toEqual([]);
  });

  it("of codes, password hashes, imported hashes and webhook signatures go through crypto.timingSafeEqual", () => {
    for (const file of ["src/domain/secret-code.ts", "src/domain/secret-compare.ts", "src/domain/password/verify-hash.ts", "src/notification/channels/webhook-signature.ts"]) {
      expect(readFileSync(file, "utf8"), file).toMatch(/timingSafeEqual\(/);
    }
    expect(readFileSync("src/command/user/password-decision.ts", "utf8")).toMatch(/sameSecret\(input\.encodedHash, storedHash\)/);
  });
});
