// WatchUserChanges over gRPC, gRPC-web and Connect on one server: changes arrive as they commit, each with its
// position; a stream resumed from a position gets exactly what came after it; each caller sees only the users
// it may read, re-checked while the stream is open; and the endings the server decides carry the position.
import { Code } from "@connectrpc/connect";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ok } from "../helpers/outcome-checks.js";
import { serveForSuite } from "../helpers/serve-for-suite.js";
import { changesOf, openFeed, positionOrder, waitFor, type FeedProtocol, type FeedReader } from "./feed-clients.js";
import { historyCallers, type CallerName, type HistoryCallers } from "./history-fixture.js";

// Short heartbeats show a stream's progress past events it may not see; at most 3 streams per caller.
const suite = serveForSuite({ env: { FEED_HEARTBEAT_MS: "300", FEED_MAX_STREAMS_PER_CALLER: "3", REQUEST_TIMEOUT_MS: "1500" } });
// (The metrics test at the end reads what the tests before it left in the counters.)
let callers: HistoryCallers;
const open: FeedReader[] = [];

beforeAll(async () => {
  callers = await historyCallers(suite.server);
}, 120_000);

// Every test leaves no stream open: each counts against its caller's limit.
afterEach(async () => {
  const readers = open.splice(0);
  for (const reader of readers) reader.cancel();
  await Promise.all(readers.map((r) => r.ended));
});

afterAll(() => callers?.setup.close());

function feed(protocol: FeedProtocol, token: string, request?: Record<string, unknown>, timeoutMs?: number): FeedReader {
  const reader = openFeed(protocol, suite.server.url, { token, request: request as never, timeoutMs });
  open.push(reader);
  return reader;
}

/** Changes the family name of `userId`; answers the user's new sequence. */
async function rename(userId: string, familyName: string): Promise<number> {
  const { setup } = callers;
  const answer = ok(await setup.users.call("UpdateHumanUser", { userId, profile: { givenName: "Ada", familyName } }, setup.adminToken));
  return Number((answer.details as { sequence: string }).sequence);
}

const SECONDS = 1000;

describe.each(["grpc", "grpc-web", "connect"] as const)("WatchUserChanges over %s", (protocol) => {
  it("opens with a checkpoint, then sends changes as they commit, in order, beyond REQUEST_TIMEOUT_MS", async () => {
    const subject = await callers.setup.human(callers.orgA, "watched");
    const reader = feed(protocol, callers.tokens["IAM owner"], { userIds: [subject] });
    expect(await waitFor(() => reader.messages.length > 0, 10 * SECONDS)).toBe(true);
    expect(reader.messages[0]!.checkpoint).toBeDefined();
    const sequences: number[] = [];
    for (let i = 0; i < 5; i++) sequences.push(await rename(subject, `Name ${protocol} ${i}`));
    expect(await waitFor(() => changesOf(reader).length === 5, 10 * SECONDS)).toBe(true);
    const changes = changesOf(reader);
    expect(changes.map((m) => Number(m.change!.sequence))).toEqual(sequences);
    expect(changes.map((m) => m.change!.eventType)).toEqual(Array(5).fill("user.human.profile.changed"));
    expect(changes[4]!.change).toMatchObject({ userId: subject, organizationId: callers.orgA, author: { userId: callers.adminId, username: "admin" } });
    expect(changes[4]!.change!.fields).toEqual([{ name: "familyName", value: `Name ${protocol} 4` }]);
    const positions = reader.messages.map((m) => m.position);
    for (let i = 1; i < positions.length; i++) expect(positionOrder(positions[i - 1]!, positions[i]!)).toBeLessThanOrEqual(0);
    // Still open after REQUEST_TIMEOUT_MS (1.5 s here): the feed is exempt from the server's deadline.
    await new Promise((resolve) => setTimeout(resolve, 2 * SECONDS));
    await rename(subject, "Later");
    expect(await waitFor(() => changesOf(reader).length === 6, 10 * SECONDS)).toBe(true);
    reader.cancel();
    expect((await reader.ended).code).toBe(Code.Canceled);
  });

  it("resumes after a position with exactly the changes that came after it", async () => {
    const subject = await callers.setup.human(callers.orgA, "resumed");
    const first = feed(protocol, callers.tokens["IAM owner"], { userIds: [subject] });
    expect(await waitFor(() => first.messages.length > 0, 10 * SECONDS)).toBe(true);
    await rename(subject, "One");
    await rename(subject, "Two");
    expect(await waitFor(() => changesOf(first).length === 2, 10 * SECONDS)).toBe(true);
    first.cancel(); // the client goes away
    await first.ended;
    const missed = [await rename(subject, "Three"), await rename(subject, "Four")];
    const resumed = feed(protocol, callers.tokens["IAM owner"], { userIds: [subject], afterPosition: first.messages.at(-1)!.position });
    const more = await rename(subject, "Five");
    expect(await waitFor(() => changesOf(resumed).length >= 3, 10 * SECONDS)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 500)); // room for a duplicate to show up
    expect(changesOf(resumed).map((m) => Number(m.change!.sequence))).toEqual([...missed, more]);
  });

  it("refuses a malformed position, and a start given twice, with InvalidArgument", async () => {
    const malformed = await feed(protocol, callers.tokens["IAM owner"], { afterPosition: "12;DROP" }).ended;
    expect(malformed.code).toBe(Code.InvalidArgument);
    const twice = await feed(protocol, callers.tokens["IAM owner"], { afterPosition: "1-1", fromStart: true }).ended;
    expect(twice.code).toBe(Code.InvalidArgument);
    expect((await feed(protocol, "not-a-token").ended).code).toBe(Code.Unauthenticated);
  });
});

it("answers the REST path of the stream 501 Unimplemented", async () => {
  const response = await fetch(new URL("/usersvc/v1/changes", suite.server.url), { headers: { authorization: `Bearer ${callers.tokens["IAM owner"]}` } });
  expect(response.status).toBe(501);
  expect(await response.json()).toMatchObject({ code: Code.Unimplemented });
});

it("replays the whole log from the start: every user event once, in per-user sequence order", async () => {
  const reader = feed("connect", callers.tokens["IAM owner"], { fromStart: true });
  const rows = await suite.server.app.database.query<{ n: number }>(`SELECT count(*)::int AS n FROM "events" WHERE "aggregate_type" = 'user'`, []);
  expect(await waitFor(() => changesOf(reader).length >= rows[0]!.n, 20 * SECONDS)).toBe(true);
  const seen = new Set<string>();
  const last = new Map<string, number>();
  for (const { change } of changesOf(reader)) {
    const key = `${change!.userId}/${change!.sequence}`;
    expect(seen.has(key), key).toBe(false);
    seen.add(key);
    expect(Number(change!.sequence)).toBe((last.get(String(change!.userId)) ?? 0) + 1);
    last.set(String(change!.userId), Number(change!.sequence));
  }
  reader.cancel();
});

it("shows each caller only the users it may read: IAM owner, org owner, other org's owner, no membership, self", async () => {
  const { setup } = callers;
  const userA = await setup.human(callers.orgA, "in-a");
  const userB = await setup.human(callers.orgB, "in-b");
  const names: CallerName[] = ["IAM owner", "owner of the user's org", "owner of another org", "no membership", "self"];
  const protocols: FeedProtocol[] = ["grpc", "grpc-web", "connect", "grpc", "connect"];
  const readers = names.map((name, i) => feed(protocols[i]!, callers.tokens[name]));
  expect(await waitFor(() => readers.every((r) => r.messages.length > 0), 10 * SECONDS)).toBe(true);
  await rename(userA, "Seen in A");
  await rename(userB, "Seen in B");
  await rename(callers.selfId, "Seen by self");
  // Every stream has looked past the last change (a heartbeat or change at or after its position).
  const admin = readers[0]!;
  expect(await waitFor(() => changesOf(admin).filter((m) => [userA, userB, callers.selfId].includes(String(m.change!.userId))).length === 3, 10 * SECONDS)).toBe(true);
  const end = changesOf(admin).at(-1)!.position;
  expect(await waitFor(() => readers.every((r) => r.messages.some((m) => positionOrder(m.position, end) >= 0)), 10 * SECONDS)).toBe(true);
  const seenBy = (reader: FeedReader) => changesOf(reader).map((m) => String(m.change!.userId)).filter((id) => [userA, userB, callers.selfId].includes(id)).sort();
  expect(seenBy(readers[0]!)).toEqual([userA, userB, callers.selfId].sort());
  expect(seenBy(readers[1]!)).toEqual([userA, callers.selfId].sort());
  expect(seenBy(readers[2]!)).toEqual([userB]);
  expect(seenBy(readers[3]!)).toEqual([]);
  expect(seenBy(readers[4]!)).toEqual([callers.selfId]);
  for (const reader of readers) reader.cancel();
});

it("applies a role taken away, and ends the stream of a revoked token with Unauthenticated and its position", async () => {
  const { setup } = callers;
  const home = await setup.defaultOrgId();
  const owner = await setup.machineWithToken(home, "feed-owner");
  const org = await setup.org(`Feed Org ${Date.now()}`, [{ userId: owner.userId }]);
  const member = await setup.human(org, "member");
  const reader = feed("grpc", owner.token, { userIds: [member] });
  expect(await waitFor(() => reader.messages.length > 0, 10 * SECONDS)).toBe(true);
  await rename(member, "Before");
  expect(await waitFor(() => changesOf(reader).length === 1, 10 * SECONDS)).toBe(true);

  // The role goes (as a membership removal would take it); within the 5 s the caller's roles are cached, the
  // stream stops showing the organisation's users.
  await suite.server.app.database.query(`DELETE FROM "memberships" WHERE "user_id" = $1 AND "org_id" = $2`, [owner.userId, org]);
  await new Promise((resolve) => setTimeout(resolve, 5_500));
  await rename(member, "After");
  const after = changesOf(reader).length;
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  expect(changesOf(reader).length).toBe(after);
  expect(changesOf(reader).length).toBe(1);

  ok(await setup.users.call("RemovePersonalAccessToken", { userId: owner.userId, tokenId: owner.tokenId }, setup.adminToken));
  const end = await Promise.race([reader.ended, new Promise<undefined>((resolve) => setTimeout(resolve, 10 * SECONDS))]);
  expect(end?.code).toBe(Code.Unauthenticated);
  expect(end?.resumePosition).toMatch(/^\d+-\d+$/);
  expect(positionOrder(end!.resumePosition!, reader.messages.at(-1)!.position)).toBeGreaterThanOrEqual(0);
}, 30_000);

it("holds at most FEED_MAX_STREAMS_PER_CALLER streams per caller (ResourceExhausted beyond)", async () => {
  const token = callers.tokens["no membership"];
  const held = [feed("connect", token), feed("connect", token), feed("grpc", token)];
  expect(await waitFor(() => held.every((r) => r.messages.length > 0), 10 * SECONDS)).toBe(true);
  const refused = await feed("grpc-web", token).ended;
  expect(refused.code).toBe(Code.ResourceExhausted);
  held[0]!.cancel();
  await held[0]!.ended;
  const again = feed("grpc-web", token);
  expect(await waitFor(() => again.messages.length > 0, 10 * SECONDS)).toBe(true);
  for (const reader of [...held, again]) reader.cancel();
});

it("counts a stream once, with the code it ended with, in the metrics", async () => {
  const metrics = await (await fetch(new URL("/metrics", suite.server.url))).text();
  expect(metrics).toMatch(/rpc_server_requests_total\{[^}]*method="WatchUserChanges"[^}]*code="Unauthenticated"[^}]*\} [1-9]/);
  expect(metrics).toMatch(/rpc_server_requests_total\{[^}]*method="WatchUserChanges"[^}]*code="Canceled"[^}]*\} [1-9]/);
  expect(metrics).toMatch(/change_feed_streams \d+/);
});
