// A client that stops reading its change stream while changes keep coming: the server holds only its bounded
// buffer (FEED_BUFFER_EVENTS) and nothing per slow client — its heap ends near where it began — and when the
// client reads again it gets what was already sent, then ResourceExhausted with the position to resume from; a
// stream resumed there delivers the rest, missing and repeating nothing. A client that reads nothing at all is
// reset after STREAM_WRITE_TIMEOUT_MS.
import v8 from "node:v8";
import vm from "node:vm";
import { Code } from "@connectrpc/connect";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../helpers/app-server.js";
import { ok } from "../helpers/outcome-checks.js";
import { serveForSuite } from "../helpers/serve-for-suite.js";
import { setupFor, type Setup } from "../api/auth-fixture.js";
import { changesOf, openFeed, positionOrder, waitFor } from "./feed-clients.js";

// The servers run in this process: their heap, after a full collection, is what is measured.
v8.setFlagsFromString("--expose-gc");
const collectGarbage = vm.runInNewContext("gc") as () => void;
function settledHeap(): number {
  for (let i = 0; i < 3; i++) collectGarbage();
  return process.memoryUsage().heapUsed;
}

const BUFFER = 64;
const suite = serveForSuite({ env: { FEED_BUFFER_EVENTS: String(BUFFER), STREAM_WRITE_TIMEOUT_MS: "120000", RATE_LIMIT_PER_SECOND: "0" } });
let setup: Setup;

beforeAll(() => {
  setup = setupFor(suite.server);
});
afterAll(() => setup?.close());

/** Metadata changes with a 1 KB value each, from several writers at once, so the stream's messages are large. */
async function writeChanges(userId: string, count: number, tag: string): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (next < count) {
        const i = next++;
        // A value of its own each time: setting the same value again changes nothing and writes no event.
        const value = Buffer.from(`${tag}${i}-`.padEnd(700, "x")).toString("base64");
        ok(await setup.users.call("SetUserMetadata", { userId, metadata: [{ key: `${tag}${i % 50}`, value }] }, setup.adminToken));
      }
    }),
  );
}

async function gauge(server: TestServer, name: string): Promise<number> {
  const text = await (await fetch(new URL("/metrics", server.url))).text();
  return Number(new RegExp(`^${name} (\\d+)`, "m").exec(text)?.[1]);
}

async function gaugeReaches(server: TestServer, name: string, value: number, timeoutMs: number): Promise<boolean> {
  for (const until = Date.now() + timeoutMs; Date.now() < until; ) {
    if ((await gauge(server, name)) === value) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

it("cuts a client that stopped reading off with ResourceExhausted and its position, memory bounded; resuming misses and repeats nothing", async () => {
  const userId = await setup.human(await setup.defaultOrgId(), "slow");
  const request = { userIds: [userId] };
  const reader = openFeed("grpc-raw", suite.server.url, { token: setup.adminToken, request });
  expect(await waitFor(() => reader.messages.length > 0, 10_000)).toBe(true);
  await writeChanges(userId, 20, "a");
  expect(await waitFor(() => changesOf(reader).length === 20, 10_000)).toBe(true);

  reader.pause(); // the client stops reading: HTTP/2 flow control soon holds the server's writes back
  const heapBefore = settledHeap();
  await writeChanges(userId, 1500, "b");
  expect(await gauge(suite.server, "change_feed_buffered_events")).toBeLessThanOrEqual(BUFFER);
  const growth = settledHeap() - heapBefore;
  console.log(`1 500 changes (~1 KB each) written past a paused client: heap ${(growth / 1e6).toFixed(1)} MB more after a full collection; the client had ${changesOf(reader).length} changes`);
  expect(growth).toBeLessThan(16e6);

  reader.resume();
  const end = await Promise.race([reader.ended, new Promise<undefined>((resolve) => setTimeout(resolve, 20_000))]);
  expect(end?.code).toBe(Code.ResourceExhausted);
  expect(end?.message).toContain("more slowly");
  // The position is that of the last message the client got, or past it (only over changes it may not see).
  const got = changesOf(reader).length;
  expect(got).toBeGreaterThan(20);
  expect(got).toBeLessThan(1520);
  expect(positionOrder(end!.resumePosition!, reader.messages.at(-1)!.position)).toBeGreaterThanOrEqual(0);

  // Resumed from that position (now far behind the buffer: it catches up from the database), over Connect.
  const resumed = openFeed("connect", suite.server.url, { token: setup.adminToken, request: { ...request, afterPosition: end!.resumePosition! } });
  expect(await waitFor(() => got + changesOf(resumed).length >= 1520, 60_000)).toBe(true);
  await new Promise((resolve) => setTimeout(resolve, 500));
  resumed.cancel();
  await resumed.ended;
  const sequences = [...changesOf(reader), ...changesOf(resumed)].map((m) => Number(m.change!.sequence));
  const first = sequences[0]!;
  expect(sequences).toEqual(Array.from({ length: 1520 }, (_, i) => first + i));
}, 180_000);

it("resets a stream whose client takes no data for STREAM_WRITE_TIMEOUT_MS", async () => {
  const server = await startTestServer({ env: { STREAM_WRITE_TIMEOUT_MS: "1500", RATE_LIMIT_PER_SECOND: "0" } });
  const own = setupFor(server);
  try {
    const userId = await own.human(await own.defaultOrgId(), "stalled");
    const reader = openFeed("grpc-raw", server.url, { token: own.adminToken, request: { userIds: [userId] } });
    expect(await waitFor(() => reader.messages.length > 0, 10_000)).toBe(true);
    reader.pause();
    const value = Buffer.alloc(700, 1).toString("base64");
    for (let i = 0; i < 150; i++) ok(await own.users.call("SetUserMetadata", { userId, metadata: [{ key: `k${i}`, value }] }, own.adminToken));
    // The server's writes are held back by flow control; 1.5 s later it gives the stream up.
    expect(await gaugeReaches(server, "change_feed_streams", 0, 15_000)).toBe(true);
    reader.resume();
    const end = await reader.ended;
    expect(end.code).not.toBe("OK");
    expect(changesOf(reader).length).toBeLessThan(150);
  } finally {
    own.close();
    await server.stop();
    await server.drop();
  }
}, 120_000);
