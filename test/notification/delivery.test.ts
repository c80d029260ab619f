// Each flow end to end: a real command queues the message, the worker delivers it through a real SMTP
// server or webhook receiver on loopback, and the code that arrives is the one the user's row expects.
import { createHmac } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { AddHumanInput } from "../../src/command/user/inputs.js";
import { requestPasswordReset } from "../../src/command/user/password-reset.js";
import type { PendingCodes } from "../../src/domain/user-row.js";
import { codeMatches } from "../../src/domain/secret-code.js";
import { verifyWebhookSignature } from "../../src/notification/channels/webhook-signature.js";
import { createCommandFixture, type CommandFixture } from "../command/command-fixture.js";
import { makeSelfSignedCert } from "../gateway/listener/tls-cert.js";
import { databaseKind } from "../helpers/database.js";
import { startMailServer, type TestMailServer } from "./mail-server.js";
import { eventually, metricValue, startWorker, type StartedWorker } from "./notification-fixture.js";
import { startWebhookReceiver, type WebhookReceiver } from "./webhook-receiver.js";

const SECRET = "a-webhook-secret-of-some-length";

let f: CommandFixture;
let worker: StartedWorker | undefined;
const tlsCert = makeSelfSignedCert();
const certDir = mkdtempSync(path.join(os.tmpdir(), "notify-ca-"));
const caFile = path.join(certDir, "ca.pem");
writeFileSync(caFile, tlsCert.cert);

beforeAll(async () => (f = await createCommandFixture()));
afterEach(async () => {
  await worker?.stop();
  worker = undefined;
});
afterAll(async () => {
  await f?.close();
  rmSync(certDir, { recursive: true, force: true });
});

let counter = 0;
async function newUser(extra: Partial<AddHumanInput> = {}): Promise<string> {
  counter++;
  const { userId } = await f.commands.addHumanUser(f.admin, {
    username: `notify${counter}`,
    profile: { givenName: "Ada", familyName: "Lovelace" },
    email: { address: `notify${counter}@example.com`, verification: { mode: "verified" } },
    metadata: [],
    ...extra,
  });
  return userId;
}

const codesOf = async (userId: string): Promise<PendingCodes> => (await f.deps.loadUser(userId))!.codes;
const outboxOf = (userId: string) => f.db.prisma.outbox.findMany({ where: { userId }, orderBy: { id: "asc" } });

describe(`delivery of each flow (${databaseKind})`, () => {
  let starttls: TestMailServer;
  let implicitTls: TestMailServer;
  let receiver: WebhookReceiver;
  beforeAll(async () => {
    starttls = await startMailServer({ tls: "starttls", cert: tlsCert, auth: { user: "mailer", pass: "s3cret-pass" } });
    implicitTls = await startMailServer({ tls: "implicit", cert: tlsCert });
    receiver = await startWebhookReceiver();
  });
  afterAll(async () => {
    await starttls?.stop();
    await implicitTls?.stop();
    await receiver?.close();
  });

  it("email verification: SMTP with STARTTLS and login, the caller's url_template, woken by the command", async () => {
    // A poll interval far beyond the test: only wake() can make the message go out in time.
    worker = startWorker(f, {
      NOTIFY_POLL_MS: "600000",
      NOTIFY_EMAIL_CHANNEL: "smtp",
      SMTP_HOST: "127.0.0.1",
      SMTP_PORT: String(starttls.port),
      SMTP_USER: "mailer",
      SMTP_PASSWORD: "s3cret-pass",
      SMTP_FROM: '"Example Login" <no-reply@example.com>',
      SMTP_CA_FILE: caFile,
    });
    // Let the first (empty) poll finish, so that only wake() can pick up the message queued next.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const template = "https://app.example/verify?user={{.UserID}}&code={{.Code}}&org={{.OrgID}}&login={{.LoginName}}&as={{.PreferredLoginName}}&name={{.DisplayName}}";
    const userId = await newUser({
      profile: { givenName: "Ada", familyName: "Lovelace", displayName: "Ada <L>" },
      email: { address: "ada@example.com", verification: { mode: "send", urlTemplate: template } },
    });
    const started = Date.now();
    worker.wake();
    const [mail] = await starttls.waitFor(1, 5_000);
    expect(Date.now() - started).toBeLessThan(5_000);

    expect(mail!.to).toEqual(["ada@example.com"]);
    expect(mail!.headers.get("from")).toContain("no-reply@example.com");
    expect(mail!.subject).toBe("Verify your email address");
    const link = mail!.text.split("\n").find((line) => line.startsWith("https://app.example/verify?"));
    const code = /code=([A-Z0-9]{6})&/.exec(link ?? "")?.[1];
    expect(link).toBe(`https://app.example/verify?user=${userId}&code=${code}&org=${f.orgId}&login=notify${counter}&as=notify${counter}&name=Ada <L>`);
    expect(mail!.text).toContain(`Code: ${code}`);
    expect(mail!.text).toContain("Hello Ada <L>,");
    expect(codeMatches(code!, (await codesOf(userId)).email!.hash)).toBe(true);
    // HTML: values escaped, the link an escaped attribute.
    expect(mail!.html).toContain("Hello Ada &lt;L&gt;,");
    expect(mail!.html).toContain(`href="${link!.replaceAll("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")}"`);
    expect(mail!.html).toContain('<html lang="en">');

    // The mail server has it; the worker records that right after the server's answer.
    const [row] = await eventually(() => outboxOf(userId), (rows) => rows[0]?.status === "sent");
    expect(row).toMatchObject({ attempts: 1, lastError: null });
    expect(row!.sentAt).toBeInstanceOf(Date);
    expect(row!.payload).not.toHaveProperty("sealedCode");
    expect(await metricValue(worker.metrics, "notification_deliveries_total", { channel: "email", flow: "email_verification", outcome: "sent" })).toBe(1);
  });

  it("password reset by email: implicit TLS, German texts, the default link under PUBLIC_URL", async () => {
    worker = startWorker(f, {
      NOTIFY_EMAIL_CHANNEL: "smtp",
      SMTP_HOST: "127.0.0.1",
      SMTP_PORT: String(implicitTls.port),
      SMTP_SECURE: "true",
      SMTP_FROM: "no-reply@example.com",
      SMTP_CA_FILE: caFile,
    });
    const userId = await newUser({ profile: { givenName: "Jürgen", familyName: "Groß", preferredLanguage: "de-CH" } });
    await requestPasswordReset(f.deps, f.admin, { userId, delivery: { mode: "send", channel: "email" } });
    const [mail] = await implicitTls.waitFor(1);

    expect(mail!.to).toEqual([`notify${counter}@example.com`]);
    expect(mail!.subject).toBe("Passwort zurücksetzen");
    expect(mail!.text).toContain("Hallo Jürgen Groß,");
    const link = /https:\/\/login\.example\.com\S+/.exec(mail!.text)?.[0];
    const code = new URL(link!).searchParams.get("code")!;
    expect(link).toBe(`https://login.example.com/ui/login/password/init?userID=${userId}&code=${code}&orgID=${f.orgId}`);
    expect(codeMatches(code, (await codesOf(userId)).passwordReset!.hash)).toBe(true);
    expect(mail!.html).toContain('<html lang="de">');
    expect(mail!.html).toContain("Neues Passwort wählen");
    await eventually(() => outboxOf(userId), (rows) => rows[0]?.status === "sent");
  });

  it("phone verification by SMS: a webhook call signed with HMAC-SHA256 over t.body", async () => {
    worker = startWorker(f, { NOTIFY_SMS_CHANNEL: "webhook", NOTIFY_SMS_WEBHOOK_URL: receiver.url, NOTIFY_WEBHOOK_SECRET: SECRET });
    const userId = await newUser({ phone: { number: "+41 79 123 45 67", verification: { mode: "send" } } });
    const [call] = await receiver.waitFor(1);

    const signature = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(String(call!.headers["x-signature"]));
    expect(signature).not.toBeNull();
    const [, time, mac] = signature!;
    expect(Math.abs(Number(time) - Date.now() / 1000)).toBeLessThan(60);
    expect(mac).toBe(createHmac("sha256", SECRET).update(`${time}.${call!.body}`).digest("hex"));
    expect(verifyWebhookSignature(SECRET, call!.headers["x-signature"] as string, call!.body)).toBe(true);
    expect(verifyWebhookSignature(SECRET, call!.headers["x-signature"] as string, call!.body.replace("+41", "+42"))).toBe(false);
    expect(verifyWebhookSignature("another-secret-entirely", call!.headers["x-signature"] as string, call!.body)).toBe(false);
    expect(verifyWebhookSignature(SECRET, call!.headers["x-signature"] as string, call!.body, { nowSeconds: Number(time) + 3600 })).toBe(false);

    expect(call!.headers["content-type"]).toBe("application/json");
    const body = JSON.parse(call!.body) as Record<string, string>;
    const [row] = await outboxOf(userId);
    expect(call!.headers["idempotency-key"]).toBe(`notification-${row!.id}`);
    expect(body).toMatchObject({ channel: "sms", flow: "phone_verification", to: "+41791234567", userId, orgId: f.orgId, language: "en", id: String(row!.id) });
    expect(body.text).toBe(`Your verification code: ${body.code}`);
    expect(codeMatches(body.code!, (await codesOf(userId)).phone!.hash)).toBe(true);
    await eventually(() => outboxOf(userId), (rows) => rows[0]?.status === "sent");
  });

  it("email by webhook: a non-2xx answer is a failure, retried with the same idempotency key", async () => {
    receiver.calls.length = 0;
    receiver.status = 503;
    worker = startWorker(f, {
      NOTIFY_EMAIL_CHANNEL: "webhook",
      NOTIFY_EMAIL_WEBHOOK_URL: receiver.url,
      NOTIFY_WEBHOOK_SECRET: SECRET,
      NOTIFY_RETRY_BASE_MS: "50",
      NOTIFY_RETRY_MAX_MS: "50",
    });
    const userId = await newUser({ email: { address: "hook@example.com", verification: { mode: "send" } } });
    const [failed] = await eventually(() => outboxOf(userId), (rows) => rows[0]?.lastError === "webhook answered HTTP 503");
    expect(failed).toMatchObject({ status: "pending", attempts: 1 });
    receiver.status = 200;
    const [sent] = await eventually(() => outboxOf(userId), (rows) => rows[0]?.status === "sent");
    expect(sent!.attempts).toBe(2);
    expect(receiver.calls).toHaveLength(2);
    expect(new Set(receiver.calls.map((c) => c.headers["idempotency-key"]))).toEqual(new Set([`notification-${sent!.id}`]));
    const body = JSON.parse(receiver.calls[1]!.body) as Record<string, string>;
    expect(body).toMatchObject({ channel: "email", flow: "email_verification", to: "hook@example.com", subject: "Verify your email address" });
    expect(body.html).toContain(body.code);
    expect(body.link).toBe(`https://login.example.com/ui/login/mail/verification?userID=${userId}&code=${body.code}&orgID=${f.orgId}`);
    expect(codeMatches(body.code!, (await codesOf(userId)).email!.hash)).toBe(true);
    expect(await metricValue(worker.metrics, "notification_deliveries_total", { channel: "email", outcome: "failed" })).toBe(1);
  });

  it("the log channel (default) prints the message with its code", async () => {
    worker = startWorker(f, {});
    const userId = await newUser({ email: { address: "log@example.com", verification: { mode: "send" } } });
    await eventually(() => outboxOf(userId), (rows) => rows[0]?.status === "sent");
    const line = worker.logs().find((l) => (l.notification as { userId?: string } | undefined)?.userId === userId);
    const printed = line!.notification as Record<string, string>;
    expect(printed).toMatchObject({ channel: "email", flow: "email_verification", to: "log@example.com", subject: "Verify your email address" });
    const code = /Code: ([A-Z0-9]{6})/.exec(printed.text!)![1]!;
    expect(codeMatches(code, (await codesOf(userId)).email!.hash)).toBe(true);
  });

  it("a code replaced before delivery is not sent; the newer one is", async () => {
    const userId = await newUser({ email: { address: "first@example.com", verification: { mode: "send" } } });
    await f.commands.changeHumanUser(f.admin, { userId, email: { address: "second@example.com", verification: { mode: "send" } } });
    worker = startWorker(f, {});
    const rows = await eventually(() => outboxOf(userId), (r) => r.length === 2 && r.every((m) => m.status !== "pending"));
    expect(rows.map((r) => [r.recipient, r.status])).toEqual([["first@example.com", "cancelled"], ["second@example.com", "sent"]]);
    expect(rows[0]!.lastError).toBe("the code was used or replaced by a newer one");
    expect(rows[0]!.payload).not.toHaveProperty("sealedCode");
    const printed = worker.logs().filter((l) => (l.notification as { userId?: string } | undefined)?.userId === userId);
    expect(printed.map((l) => (l.notification as { to: string }).to)).toEqual(["second@example.com"]);
  });
});
