// Two workers on one database, as two server instances would run them, never deliver a message twice:
// many messages go through both at once and each arrives exactly once. On PostgreSQL each worker has its
// own connection pool; on PGlite (one connection, one process) the two share it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../../src/db/client.js";
import { createCommandFixture, type CommandFixture } from "../command/command-fixture.js";
import { databaseKind } from "../helpers/database.js";
import { startMailServer, type TestMailServer } from "./mail-server.js";
import { eventually, metricValue, startWorker } from "./notification-fixture.js";

const MESSAGES = 150;

let f: CommandFixture;
let mail: TestMailServer;
let secondDatabase: Database;
beforeAll(async () => {
  f = await createCommandFixture();
  mail = await startMailServer();
  secondDatabase = f.db.kind === "postgres" ? await openDatabase({ databaseUrl: await sameDatabaseUrl(f.db), dataDir: ":memory:" }) : f.db;
});
afterAll(async () => {
  if (secondDatabase !== f.db) await secondDatabase?.close();
  await mail?.stop();
  await f?.close();
});

/** The URL of the fixture's PostgreSQL database: the test server's URL with the database's name. */
async function sameDatabaseUrl(db: Database): Promise<string> {
  const [row] = await db.prisma.$queryRawUnsafe<{ name: string }[]>("SELECT current_database() AS name");
  const url = new URL(process.env.DATABASE_URL!);
  url.pathname = `/${row!.name}`;
  return url.toString();
}

describe(`two workers on one database (${databaseKind})`, () => {
  /** Users whose email is to be verified: one message each. */
  async function queueMany(prefix: string): Promise<string[]> {
    const addresses: string[] = [];
    for (let i = 0; i < MESSAGES; i++) {
      const address = `${prefix}${i}@example.com`;
      addresses.push(address);
      await f.commands.addHumanUser(f.admin, {
        username: `${prefix}${i}`,
        profile: { givenName: "Many", familyName: `User ${i}` },
        email: { address, verification: { mode: "send" } },
        metadata: [],
      });
    }
    return addresses;
  }

  it(`deliver ${MESSAGES} messages by SMTP, each exactly once`, { timeout: 60_000 }, async () => {
    const addresses = await queueMany("smtp");
    const env = {
      NOTIFY_EMAIL_CHANNEL: "smtp",
      SMTP_HOST: "127.0.0.1",
      SMTP_PORT: String(mail.port),
      SMTP_STARTTLS: "false",
      SMTP_FROM: "no-reply@example.com",
      NOTIFY_POLL_MS: "10",
    };
    // Small batches so the two keep polling against each other the whole time.
    const workers = [startWorker(f, env, { batchSize: 5 }), startWorker(f, env, { batchSize: 5, database: secondDatabase })];
    try {
      await mail.waitFor(MESSAGES, 45_000);
      const rows = await eventually(
        () => f.db.prisma.outbox.findMany({ where: { recipient: { in: addresses } } }),
        (r) => r.length === MESSAGES && r.every((m) => m.status === "sent"),
      );
      // A few more polls: a duplicate would show up now.
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(mail.received).toHaveLength(MESSAGES);
      expect(mail.received.map((m) => m.to[0]).sort()).toEqual([...addresses].sort());
      // Each message was claimed once: a second claim would have counted a second attempt.
      expect(rows.every((m) => m.attempts === 1)).toBe(true);
      const sentBy = await Promise.all(workers.map((w) => metricValue(w.metrics, "notification_deliveries_total", { outcome: "sent" })));
      expect(sentBy[0]! + sentBy[1]!).toBe(MESSAGES);
    } finally {
      await Promise.all(workers.map((w) => w.stop()));
    }
  });

  it(`claim ${MESSAGES} messages back to back without ever claiming one twice`, { timeout: 60_000 }, async () => {
    // Messages to the log channel: sending costs nothing, so the two workers spend most of
    // their time claiming, the moment two claims could pick the same row.
    const addresses = await queueMany("log");
    const workers = [startWorker(f, {}, { batchSize: 2 }), startWorker(f, {}, { batchSize: 2, database: secondDatabase })];
    try {
      await eventually(
        () => f.db.prisma.outbox.count({ where: { recipient: { in: addresses }, status: { not: "pending" } } }),
        (done) => done === MESSAGES,
        45_000,
      );
      await new Promise((resolve) => setTimeout(resolve, 100));
    } finally {
      await Promise.all(workers.map((w) => w.stop()));
    }
    const logged = workers.flatMap((w) => w.logs().filter((l) => l.notification).map((l) => (l.notification as { to: string }).to));
    expect(logged.sort()).toEqual([...addresses].sort());
    const rows = await f.db.prisma.outbox.findMany({ where: { recipient: { in: addresses } } });
    expect(rows.every((m) => m.attempts === 1 && m.status === "sent")).toBe(true);
  });
});
