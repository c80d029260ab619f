// When delivery fails: messages wait and are retried with growing pauses, arrive exactly once when the mail
// server is back, go to the dead letters after the last allowed attempt, and a crashed worker's claim runs
// out so another takes the message over. No log line about a failure carries the code or the link.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { AddHumanInput } from "../../src/command/user/inputs.js";
import { nominalDelayMs } from "../../src/notification/backoff.js";
import { createOutboxStore } from "../../src/notification/outbox-store.js";
import { createCommandFixture, type CommandFixture } from "../command/command-fixture.js";
import { databaseKind } from "../helpers/database.js";
import { startMailServer, type TestMailServer } from "./mail-server.js";
import { eventually, metricValue, openerOf, startWorker, type StartedWorker } from "./notification-fixture.js";

let f: CommandFixture;
let mail: TestMailServer;
const workers: StartedWorker[] = [];
beforeAll(async () => {
  f = await createCommandFixture();
  mail = await startMailServer();
});
afterEach(async () => {
  await Promise.all(workers.splice(0).map((w) => w.stop()));
  await mail.start(); // running again for the next test if a test stopped it
  mail.rejecting = false;
  mail.received.length = 0;
  mail.attemptTimes.length = 0;
});
afterAll(async () => {
  await mail?.stop();
  await f?.close();
});

const smtp = (extra: Record<string, string> = {}) => ({
  NOTIFY_EMAIL_CHANNEL: "smtp",
  SMTP_HOST: "127.0.0.1",
  SMTP_PORT: String(mail.port),
  SMTP_STARTTLS: "false",
  SMTP_FROM: "no-reply@example.com",
  NOTIFY_POLL_MS: "10",
  ...extra,
});
const start = (env: Record<string, string>, extra: Parameters<typeof startWorker>[2] = {}) => {
  const worker = startWorker(f, env, extra);
  workers.push(worker);
  return worker;
};

let counter = 0;
async function queueEmail(extra: Partial<AddHumanInput> = {}): Promise<{ userId: string; address: string }> {
  counter++;
  const address = `retry${counter}@example.com`;
  const { userId } = await f.commands.addHumanUser(f.admin, {
    username: `retry${counter}`,
    profile: { givenName: "Grace", familyName: "Hopper" },
    email: { address, verification: { mode: "send", urlTemplate: "https://app.example/v?c={{.Code}}" } },
    metadata: [],
    ...extra,
  });
  return { userId, address };
}

const outboxOf = (userIds: string[]) => f.db.prisma.outbox.findMany({ where: { userId: { in: userIds } }, orderBy: { id: "asc" } });
/** The code a queued message carries, unsealed the way the worker does, to prove it stays out of the logs. */
const codesOf = async (userIds: string[]) => (await outboxOf(userIds)).map((m) => openerOf(f).open((m.payload as { sealedCode: string }).sealedCode));

describe(`retries (${databaseKind})`, () => {
  it("with the mail server down messages wait and retry; after it and the worker restart each arrives exactly once", async () => {
    await mail.stop();
    const worker = start(smtp({ NOTIFY_RETRY_BASE_MS: "40", NOTIFY_RETRY_MAX_MS: "160", NOTIFY_MAX_ATTEMPTS: "1000" }));
    const queued = [await queueEmail(), await queueEmail(), await queueEmail()];
    const ids = queued.map((q) => q.userId);
    const codes = await codesOf(ids);

    const waiting = await eventually(() => outboxOf(ids), (rows) => rows.every((r) => r.attempts >= 3));
    for (const row of waiting) {
      expect(row.status).toBe("pending");
      expect(row.lastError).toMatch(/ECONNREFUSED/);
      expect(row.sentAt).toBeNull();
    }
    const later = await eventually(() => outboxOf(ids), (rows) => rows.every((r, i) => r.attempts > waiting[i]!.attempts));
    expect(later.every((r) => r.status === "pending")).toBe(true);
    expect(await metricValue(worker.metrics, "notification_deliveries_total", { outcome: "failed" })).toBeGreaterThanOrEqual(9);
    await worker.stop();
    const failureLines = worker.logs().filter((l) => l.msg === "notification delivery failed; will retry");
    expect(failureLines.length).toBeGreaterThanOrEqual(9);
    expect(failureLines[0]).toMatchObject({ level: 40, channel: "email", flow: "email_verification" });
    for (const code of codes) expect(worker.logText()).not.toContain(code);
    expect(worker.logText()).not.toContain("https://app.example");

    await mail.start();
    const restarted = start(smtp());
    await mail.waitFor(3);
    const rows = await eventually(() => outboxOf(ids), (r) => r.every((m) => m.status === "sent"));
    // Wait a few more polls: nothing may arrive a second time.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(mail.received.map((m) => m.to[0]).sort()).toEqual(queued.map((q) => q.address).sort());
    expect(rows.every((r) => r.lastError === null && r.sentAt !== null)).toBe(true);
    expect(await metricValue(restarted.metrics, "notification_deliveries_total", { outcome: "sent" })).toBe(3);
  });

  it("waits longer after each failure (exponential backoff with jitter), then gives up: dead letter, log line, metrics", async () => {
    mail.rejecting = true;
    const policy = { baseMs: 80, maxMs: 320 };
    const worker = start(smtp({ NOTIFY_RETRY_BASE_MS: String(policy.baseMs), NOTIFY_RETRY_MAX_MS: String(policy.maxMs), NOTIFY_MAX_ATTEMPTS: "5" }));
    const { userId } = await queueEmail();
    const [code] = await codesOf([userId]);

    const [dead] = await eventually(() => outboxOf([userId]), (rows) => rows[0]?.status === "dead");
    expect(dead).toMatchObject({ attempts: 5, sentAt: null });
    expect(dead!.lastError).toMatch(/451/);
    expect(dead!.lastError).not.toContain(code);
    expect(mail.attemptTimes).toHaveLength(5);
    const gaps = mail.attemptTimes.slice(1).map((time, i) => time - mail.attemptTimes[i]!);
    gaps.forEach((gap, i) => {
      const step = nominalDelayMs(i + 1, policy);
      // Equal jitter waits between half the step and the step; polling and the SMTP exchange add a little
      // (generously bounded: a loaded machine running other test files must not fail this).
      expect(gap).toBeGreaterThanOrEqual(step / 2 - 5);
      expect(gap).toBeLessThan(step + 1000);
    });
    // The steps double up to the cap: 80, 160, 320, 320.
    expect([1, 2, 3, 4].map((n) => nominalDelayMs(n, policy))).toEqual([80, 160, 320, 320]);

    // Nothing more is tried once it is dead.
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(mail.attemptTimes).toHaveLength(5);
    const deadLine = worker.logs().find((l) => l.msg === "notification given up (dead letter)");
    expect(deadLine).toMatchObject({ level: 50, messageId: String(dead!.id), userId, attempt: 5, permanent: false });
    expect(worker.logText()).not.toContain(code);
    expect(worker.logText()).not.toContain("https://app.example");
    expect(await metricValue(worker.metrics, "notification_deliveries_total", { outcome: "failed" })).toBe(4);
    expect(await metricValue(worker.metrics, "notification_deliveries_total", { outcome: "dead" })).toBe(1);
    expect(await metricValue(worker.metrics, "notification_outbox_messages", { status: "dead" })).toBeGreaterThanOrEqual(1);
    const exposition = await worker.metrics.registry.metrics();
    expect(exposition).toContain('notification_deliveries_total{channel="email",flow="email_verification",outcome="dead"} 1');
  });

  it("a message that can never be sent (code sealed under another key) is dead at once", async () => {
    const { userId } = await queueEmail();
    const [row] = await outboxOf([userId]);
    await f.db.prisma.outbox.update({ where: { id: row!.id }, data: { payload: { ...(row!.payload as object), sealedCode: "v1.AAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" } } });
    const worker = start(smtp());
    const [dead] = await eventually(() => outboxOf([userId]), (rows) => rows[0]?.status === "dead");
    expect(dead).toMatchObject({ attempts: 1, lastError: "the sealed code cannot be opened: MASTER_KEY is not the key that sealed it" });
    expect(worker.logs().find((l) => l.msg === "notification given up (dead letter)")).toMatchObject({ permanent: true });
    expect(mail.attemptTimes).toHaveLength(0);
  });

  it("a claim whose worker died runs out, another worker delivers, and the stale claim can no longer record", async () => {
    const store = createOutboxStore(f.db.prisma);
    const { userId, address } = await queueEmail();
    // A worker that claimed the message with a short lease and then died.
    const [stale] = await store.claim(10, 300);
    expect(stale?.userId).toBe(userId);
    const claimedAt = Date.now();
    start(smtp());
    const [received] = await mail.waitFor(1);
    expect(Date.now() - claimedAt).toBeGreaterThanOrEqual(250);
    expect(received!.to).toEqual([address]);
    const [row] = await eventually(() => outboxOf([userId]), (rows) => rows[0]?.status === "sent");
    expect(row!.attempts).toBe(2);
    expect(await store.markDead(stale!, "too late")).toBe(false);
    expect((await outboxOf([userId]))[0]).toMatchObject({ status: "sent", lastError: null });
  });
});
