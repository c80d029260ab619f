// The outbox with a notification worker in each of three server processes on one PostgreSQL database, sending
// verification emails to a real webhook receiver (an HTTP server in this test). Delivery is at least once,
// and the `idempotency-key` header is the receiver's means to see each message once (README). What is checked:
// - each of the three workers delivers messages;
// - with deliveries held open at the receiver, one server is killed with SIGKILL mid-delivery: every message
//   still arrives and is answered 200 exactly once per key (its outbox row `sent`); a key arrives more than once
//   only if a delivery of it was cut by the kill (its connection closed before the answer), and then the
//   repeat came after the claim's lease ran out, never while another delivery of the key was open.
// PostgreSQL only (three servers share a database).
import http from "node:http";
import type { AddressInfo } from "node:net";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callWith, okJson } from "../helpers/call-with-headers.js";
import { databaseKind } from "../helpers/database.js";
import { startCluster, type Cluster } from "../helpers/server-cluster.js";

// A held delivery must not time out (that would be a cut without a kill): the timeout outlasts the hold.
const WEBHOOK_TIMEOUT_MS = 10_000;
const LEASE_MS = 2 * WEBHOOK_TIMEOUT_MS;

interface Delivery {
  key: string;
  arrivedAt: number;
  /** Set when the receiver answered 200 on an open connection. */
  answeredAt?: number;
  /** Set when the sender's connection closed before the receiver answered (the sender died). */
  cutAt?: number;
}

let cluster: Cluster;
let receiver: http.Server;
const deliveries: Delivery[] = [];
/** While true, requests are held open (deliveries in flight); release() answers them. */
let holding = false;
const held: (() => void)[] = [];

const release = () => {
  holding = false;
  for (const answer of held.splice(0)) answer();
};

beforeAll(async () => {
  if (databaseKind !== "postgres") return;
  receiver = http.createServer((req, res) => {
    const delivery: Delivery = { key: String(req.headers["idempotency-key"]), arrivedAt: Date.now() };
    deliveries.push(delivery);
    req.resume();
    // The sender is gone when its socket ends or closes before the answer: fetch never half-closes a socket
    // while it waits for a response, and a killed process's sockets are closed by its kernel (FIN or RST).
    const socket = req.socket;
    const cut = () => {
      if (delivery.answeredAt === undefined) delivery.cutAt ??= Date.now();
    };
    socket.once("end", cut);
    socket.once("close", cut);
    const answer = () => {
      socket.off("end", cut);
      socket.off("close", cut);
      if (delivery.cutAt !== undefined || socket.readableEnded || socket.destroyed) return cut();
      delivery.answeredAt = Date.now();
      res.writeHead(200).end();
    };
    req.once("end", () => (holding ? held.push(answer) : answer()));
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  cluster = await startCluster({
    LOG_LEVEL: "debug",
    NOTIFY_EMAIL_CHANNEL: "webhook",
    NOTIFY_EMAIL_WEBHOOK_URL: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`,
    NOTIFY_WEBHOOK_SECRET: "scale-out-outbox-secret",
    NOTIFY_WEBHOOK_TIMEOUT_MS: String(WEBHOOK_TIMEOUT_MS),
    NOTIFY_CLAIM_LEASE_MS: String(LEASE_MS),
    NOTIFY_POLL_MS: "200",
    NOTIFY_RETRY_BASE_MS: "200",
    NOTIFY_RETRY_MAX_MS: "1000",
  });
}, 120_000);

afterAll(async () => {
  release();
  await cluster?.stop();
  if (receiver) await new Promise((resolve) => receiver.close(resolve));
});

/** Creates users with an unverified email (through `url`): each queues one verification message. */
async function queueMessages(count: number, tag: string, url = cluster.balancer.url): Promise<void> {
  await Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const username = `outbox-${tag}-${i}`;
      const request = { username, profile: { givenName: "Out", familyName: "Box" }, email: { email: `${username}@example.com` } };
      okJson(await callWith(i % 2 ? "grpc" : "rest", url, "AddHumanUser", request as never, { token: cluster.adminToken }));
    }),
  );
}

async function outboxRows(): Promise<{ key: string; status: string }[]> {
  const sql = new pg.Client({ connectionString: cluster.databaseUrl });
  await sql.connect();
  try {
    return (await sql.query<{ id: string; status: string }>(`SELECT "id"::text AS id, "status" FROM "outbox"`)).rows.map((row) => ({ key: `notification-${row.id}`, status: row.status }));
  } finally {
    await sql.end();
  }
}

async function until(done: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe.skipIf(databaseKind !== "postgres")("the outbox with workers in three processes", () => {
  it("is delivered by every server's worker", async () => {
    await queueMessages(9, "warm");
    await until(async () => (await outboxRows()).every((row) => row.status === "sent"), 20_000, "the first messages to be sent");
    for (const server of cluster.servers) expect(server.output()).toContain('"msg":"notification sent"');
  });

  it("delivers every message when a server is killed mid-delivery, twice only what the kill cut off", async () => {
    const before = deliveries.length;
    const victim = cluster.servers[2]!;
    holding = true;
    // Created on the victim, whose own pushes wake its worker at once (the others find messages by polling):
    // the victim is sending some of them, held open at the receiver, when it is killed. A worker sends one
    // batch at a time, so once every worker holds an open batch no more arrive: that is the moment.
    await queueMessages(12, "kill", victim.url);
    const expectedKeys = new Set((await outboxRows()).map((row) => row.key));
    let seen = 0;
    let quietSince = Date.now();
    await until(() => {
      const now = deliveries.length - before;
      if (now !== seen) [seen, quietSince] = [now, Date.now()];
      return seen > 0 && Date.now() - quietSince > 700;
    }, 10_000, "deliveries to be in flight");
    const killedAt = Date.now();
    await victim.kill("SIGKILL");
    await until(() => deliveries.slice(before).some((d) => d.cutAt !== undefined), 5_000, "the kill to cut a delivery");
    await new Promise((resolve) => setTimeout(resolve, 300)); // the dead process's other sockets end too
    release();
    // Every cut so far is the kill's (a held delivery that timed out would be one without a kill).
    const cutByKill = new Set(deliveries.filter((d) => d.cutAt !== undefined).map((d) => d.key));

    const answered = () => new Set(deliveries.filter((d) => d.answeredAt !== undefined).map((d) => d.key));
    await until(() => [...expectedKeys].every((key) => answered().has(key)), LEASE_MS + 15_000, "every message to be answered");
    await until(async () => (await outboxRows()).every((row) => row.status === "sent"), 10_000, "every outbox row to be sent");
    await new Promise((resolve) => setTimeout(resolve, 1_000)); // a late repeat would show now

    const byKey = new Map<string, Delivery[]>();
    for (const d of deliveries) byKey.set(d.key, [...(byKey.get(d.key) ?? []), d]);
    expect(cutByKill.size).toBeGreaterThan(0);
    expect(deliveries.filter((d) => d.cutAt !== undefined && !cutByKill.has(d.key))).toEqual([]);
    for (const [key, attempts] of byKey) {
      // What the receiver saw of this key, in ms from the kill, for the failure message.
      const trace = `${key}: ${JSON.stringify(attempts.map((d) => ({ arrived: d.arrivedAt - killedAt, answered: d.answeredAt && d.answeredAt - killedAt, cut: d.cutAt && d.cutAt - killedAt })))}`;
      // Answered 200 exactly once: no message was delivered twice to completion.
      expect(attempts.filter((d) => d.answeredAt !== undefined), trace).toHaveLength(1);
      if (attempts.length > 1) {
        // A repeat only for a delivery the kill cut off (once the dead server's claim ran out).
        expect(cutByKill.has(key), trace).toBe(true);
        expect(attempts.filter((d) => d.cutAt !== undefined).every((d) => d.cutAt! >= killedAt), trace).toBe(true);
      }
      // No two deliveries of one key were open at the same time.
      for (let i = 1; i < attempts.length; i++) expect(attempts[i]!.arrivedAt, key).toBeGreaterThanOrEqual(attempts[i - 1]!.cutAt ?? attempts[i - 1]!.answeredAt!);
    }
    expect(new Set(byKey.keys())).toEqual(new Set((await outboxRows()).map((row) => row.key)));
  }, 60_000);
});
