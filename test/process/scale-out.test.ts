// Three server processes on one PostgreSQL database behind HAProxy (deploy/haproxy/usersvc.cfg), as README
// "Running several servers" deploys them. Under load through the balancer — gRPC (grpc-js, the reference
// client) and REST, from several clients at once: creates, renames of shared users, profile updates and
// If-Match updates — one server is killed with SIGKILL and started again. Afterwards every acknowledged write
// is in the event log with the sequence it was answered with, each user's sequences run 1..n without a gap, no
// username is held by two users, `check-consistency` exits 0, and no client ever read a user at a sequence
// below one it had been acknowledged (its reads went to whichever server the balancer chose). And a change made
// through one server is visible through another on the very next call. PostgreSQL only (shared database).
import { Code } from "@connectrpc/connect";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callWith, okJson, type Protocol, type RawOutcome } from "../helpers/call-with-headers.js";
import { databaseKind } from "../helpers/database.js";
import { startCluster, type Cluster } from "../helpers/server-cluster.js";
import { runCheckConsistency } from "../helpers/service-process.js";

const LOAD_MS = 18_000;
const KILL_AT_MS = 4_000;
const SHARED_USERS = 6;
const CLIENTS: readonly Protocol[] = ["grpc", "grpc", "grpc", "rest", "rest", "rest"];
/** Renames pick from these few names, so two clients often want the same one at once. */
const NAMES = Array.from({ length: 8 }, (_, i) => `scale-name-${i}`);

let cluster: Cluster;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  if (databaseKind === "postgres") cluster = await startCluster();
}, 120_000);
afterAll(async () => {
  await cluster?.stop();
});

/** A call that never throws: a connection cut by the kill is an outcome too (Unavailable). */
async function call(protocol: Protocol, url: string, method: string, request: Record<string, unknown>, headers?: Record<string, string>): Promise<RawOutcome> {
  try {
    return await callWith(protocol, url, method, request as never, { token: cluster.adminToken, headers });
  } catch (error) {
    return { ok: false, json: {}, code: Code.Unavailable, message: String(error), errorId: undefined, httpStatus: undefined, headers: {}, retryDelayMs: undefined };
  }
}

const sequenceOf = (outcome: RawOutcome) => Number((okJson(outcome).details as { sequence: string }).sequence);

const human = (username: string) => ({
  username,
  profile: { givenName: "Scale", familyName: "Out" },
  email: { email: `${username}@example.com`, isVerified: true },
});

describe.skipIf(databaseKind !== "postgres")("three servers behind the balancer", () => {
  it("show a change made through one server on the very next call through another", async () => {
    const direct = cluster.servers.map((server) => server.url);
    for (const protocol of ["grpc", "rest"] as const) {
      const userId = String(okJson(await call(protocol, direct[0]!, "AddHumanUser", human(`next-call-${protocol}`))).userId);
      for (let round = 0; round < 6; round++) {
        const [a, b] = [direct[round % 3]!, direct[(round + 1) % 3]!];
        const givenName = `Round${round}`;
        const sequence = sequenceOf(await call(protocol, a, "UpdateHumanUser", { userId, profile: { givenName, familyName: "Out" } }));
        const read = okJson(await call(protocol, b, "GetUserByID", { userId }));
        expect(Number((read.details as { sequence: string }).sequence)).toBe(sequence);
        expect(((read.user as { human: { profile: { givenName: string } } }).human.profile.givenName)).toBe(givenName);
        // The sequence just read is current for every server: an If-Match with it passes on a third one.
        const third = direct[(round + 2) % 3]!;
        const guarded = await call(protocol, third, "UpdateHumanUser", { userId, profile: { givenName: `${givenName}b`, familyName: "Out" } }, { "if-match": `"${sequence}"` });
        expect(guarded.ok, guarded.message).toBe(true);
      }
    }
  });

  it("lose no acknowledged write, hand out no username twice and never read behind a client's writes while a server is killed and restarted", async () => {
    const lb = cluster.balancer.url;
    const shared: string[] = [];
    for (let i = 0; i < SHARED_USERS; i++) shared.push(String(okJson(await call("grpc", lb, "AddHumanUser", human(`shared-${i}`))).userId));

    interface Ack { userId: string; sequence: number; kind: "create" | "rename" | "profile" | "if-match" }
    const acks: Ack[] = [];
    const staleReads: string[] = [];
    const unexpected: { at: number; code: Code | undefined; message: string }[] = [];
    const started = Date.now();
    let killedAt = Number.POSITIVE_INFINITY;
    let restartedAt = Number.POSITIVE_INFINITY;
    // Codes a correct service answers under this load: a taken name, a stale If-Match, a lost retry race.
    const expected = new Set([Code.AlreadyExists, Code.FailedPrecondition, Code.Aborted]);

    const client = async (protocol: Protocol, index: number) => {
      const acked = new Map<string, number>(); // highest sequence acknowledged to this client, per user
      const note = (outcome: RawOutcome) => {
        if (!outcome.ok && !expected.has(outcome.code!)) unexpected.push({ at: Date.now() - started, code: outcome.code, message: outcome.message });
      };
      const acknowledge = (userId: string, outcome: RawOutcome, kind: Ack["kind"]) => {
        note(outcome);
        if (!outcome.ok) return;
        const sequence = sequenceOf(outcome);
        acks.push({ userId, sequence, kind });
        acked.set(userId, Math.max(acked.get(userId) ?? 0, sequence));
      };
      const read = async (userId: string): Promise<number | undefined> => {
        const outcome = await call(protocol, lb, "GetUserByID", { userId });
        note(outcome);
        if (!outcome.ok) return undefined;
        const sequence = sequenceOf(outcome);
        if (sequence < (acked.get(userId) ?? 0)) staleReads.push(`client ${index} read ${userId} at ${sequence} after ${acked.get(userId)} was acknowledged`);
        return sequence;
      };
      for (let n = 0; Date.now() - started < LOAD_MS || Date.now() < restartedAt + 2_000; n++) {
        const userId = shared[(index + n) % shared.length]!;
        const pick = n % 7;
        if (pick === 0) {
          const outcome = await call(protocol, lb, "AddHumanUser", human(`load-${index}-${n}`));
          if (outcome.ok) acknowledge(String(outcome.json.userId), outcome, "create");
          else note(outcome);
          continue;
        } else if (pick <= 2) {
          const username = NAMES[(index * 3 + n) % NAMES.length]!;
          acknowledge(userId, await call(protocol, lb, "UpdateHumanUser", { userId, username }), "rename");
        } else if (pick <= 4) {
          acknowledge(userId, await call(protocol, lb, "UpdateHumanUser", { userId, profile: { givenName: `C${index}N${n}`, familyName: "Out" } }), "profile");
        } else {
          const seen = await read(userId);
          if (seen === undefined) continue;
          const update = { userId, profile: { givenName: `C${index}M${n}`, familyName: "Out" } };
          acknowledge(userId, await call(protocol, lb, "UpdateHumanUser", update, { "if-match": `"${seen}"` }), "if-match");
        }
        await read(userId);
      }
    };

    const killer = (async () => {
      await sleep(KILL_AT_MS);
      killedAt = Date.now() - started;
      await cluster.servers[1]!.kill("SIGKILL");
      await cluster.servers[1]!.restart();
      restartedAt = Date.now();
    })();
    await Promise.all([killer, ...CLIENTS.map((protocol, index) => client(protocol, index))]);

    // The load reached every server, the restarted one included, over both protocols.
    for (const server of cluster.servers) {
      const lines = server.output().split("\n").filter((line) => line.includes('"method":"UpdateHumanUser"'));
      expect(lines.some((line) => line.includes('"protocol":"grpc"'))).toBe(true);
      expect(lines.some((line) => line.includes('"protocol":"rest"'))).toBe(true);
    }
    expect(acks.length).toBeGreaterThan(60);
    // Transport errors only from calls that were on the killed server when it died.
    for (const error of unexpected) {
      expect(error.at, `${error.code} ${error.message}`).toBeGreaterThanOrEqual(killedAt);
      expect(error.at, `${error.code} ${error.message}`).toBeLessThan(killedAt + 5_000);
    }
    expect(staleReads).toEqual([]);

    const db = cluster.database;
    const sql = new pg.Client({ connectionString: cluster.databaseUrl });
    await sql.connect();
    try {
      const events = (await sql.query<{ aggregate_id: string; sequence: number }>(`SELECT "aggregate_id", "sequence" FROM "events" WHERE "aggregate_type" = 'user'`)).rows;
      const logged = new Set(events.map((e) => `${e.aggregate_id}/${e.sequence}`));
      expect(acks.filter((ack) => !logged.has(`${ack.userId}/${ack.sequence}`))).toEqual([]);
      // Writes that always change something each got a sequence of their own (a rename to the name the user
      // already has changes nothing and answers the current sequence).
      const changing = acks.filter((ack) => ack.kind !== "rename").map((ack) => `${ack.userId}/${ack.sequence}`);
      expect(changing.length - new Set(changing).size).toBe(0);

      const gaps = await sql.query(
        `SELECT "aggregate_id", count(*)::int AS n, min("sequence") AS first, max("sequence") AS last
           FROM "events" WHERE "aggregate_type" = 'user' GROUP BY "aggregate_id"
         HAVING min("sequence") <> 1 OR max("sequence") <> count(*)`,
      );
      expect(gaps.rows).toEqual([]);
      const taken = await sql.query(`SELECT lower("username") AS name, count(*)::int AS n FROM "users" GROUP BY 1 HAVING count(*) > 1`);
      expect(taken.rows).toEqual([]);
    } finally {
      await sql.end();
    }
    const check = await runCheckConsistency({ DATABASE_URL: cluster.databaseUrl, DATA_DIR: db.dataDir });
    expect(check.code, check.output).toBe(0);
  }, 90_000);
});
