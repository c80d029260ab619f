// The change feed across a client killed mid-stream and a server killed (SIGKILL) and started again under write
// load: a chain of streams, each resumed from the last position its predecessor received (gRPC → Connect →
// gRPC-web), must together deliver every change committed after the first one opened exactly once — nothing
// missed, nothing repeated, each user's sequences in order. On PostgreSQL, a second server sharing the database
// sees the first one's changes through NOTIFY, without waiting for its poll.
import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestDatabase, databaseKind, type TestDatabase } from "../helpers/database.js";
import { ok } from "../helpers/outcome-checks.js";
import { allDrivers, type Driver } from "../helpers/protocols.js";
import { startServiceProcess, type ServiceProcess } from "../helpers/service-process.js";
import { changesOf, openFeed, waitFor, type FeedReader } from "./feed-clients.js";
import { historyDrivers } from "./history-fixture.js";

let database: TestDatabase;
let env: Record<string, string>;
const services: ServiceProcess[] = [];
const drivers: Driver[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  env = { DATA_DIR: database.dataDir, DATABASE_URL: database.databaseUrl ?? "", FEED_HEARTBEAT_MS: "500" };
}, 60_000);

afterAll(async () => {
  for (const d of drivers) d.close();
  for (const s of services) await s.kill("SIGKILL");
  await database?.drop();
});

async function start(extra: Record<string, string> = {}): Promise<ServiceProcess> {
  const service = await startServiceProcess({ ...env, ...extra });
  services.push(service);
  return service;
}

function driversOf(url: string): Driver[] {
  const made = allDrivers(url);
  drivers.push(...made);
  return made;
}

/** Updates the users round-robin over gRPC until stopped, against whichever server `url()` names now. */
function writeLoad(url: () => string, token: string, userIds: string[]) {
  let running = true;
  let okCount = 0;
  let current = "";
  let grpc: Driver | undefined;
  const done = (async () => {
    for (let i = 0; running; i++) {
      if (url() !== current) {
        current = url();
        [grpc] = driversOf(current);
      }
      const outcome = await grpc!.call("UpdateHumanUser", { userId: userIds[i % userIds.length]!, profile: { givenName: "Load", familyName: `N${i}` } }, token);
      if (outcome.ok) okCount++;
      else await new Promise((resolve) => setTimeout(resolve, 50)); // the server is down: try again shortly
    }
  })();
  return {
    get ok() {
      return okCount;
    },
    async stop() {
      running = false;
      await done;
    },
  };
}

const began = Date.now();
const step = (label: string) => console.log(`${((Date.now() - began) / 1000).toFixed(1)} s: ${label}`);
const watch = (reader: FeedReader, atLeast: number) => waitFor(() => changesOf(reader).length >= atLeast, 60_000);

it("misses and repeats nothing across a killed client and a killed and restarted server", async () => {
  let service = await start();
  const token = service.adminToken;
  const [, , connect] = driversOf(service.url);
  const userIds: string[] = [];
  for (let i = 0; i < 3; i++) {
    const added = ok(await connect!.call("AddHumanUser", { username: `restart${i}`, profile: { givenName: "R", familyName: "S" }, email: { email: `restart${i}@example.com`, isVerified: true } }, token));
    userIds.push(String(added.userId));
  }
  const request = { userIds };
  step("started");
  const first = openFeed("grpc", service.url, { token, request });
  expect(await waitFor(() => first.messages.length > 0, 30_000)).toBe(true);
  const load = writeLoad(() => service.url, token, userIds);

  // The client is killed mid-stream; a Connect client goes on from the last position it got.
  expect(await watch(first, 20)).toBe(true);
  step("first has 20");
  first.cancel();
  await first.ended;
  const second = openFeed("connect", service.url, { token, request: { ...request, afterPosition: first.messages.at(-1)!.position } });
  expect(await watch(second, 20)).toBe(true);

  // The server is killed mid-stream and started again on the same database; a gRPC-web client goes on.
  step("second has 20");
  await service.kill("SIGKILL");
  const cut = await second.ended;
  expect(cut.code).not.toBe("OK");
  step("second ended");
  service = await start();
  const third = openFeed("grpc-web", service.url, { token, request: { ...request, afterPosition: second.messages.at(-1)!.position } });
  const okBefore = load.ok;
  expect(await waitFor(() => load.ok >= okBefore + 30, 60_000)).toBe(true);
  step("load after restart");
  await load.stop();

  // What was committed after the first stream opened: every profile change of the users (the load's only writes).
  const history = historyDrivers(service.url)[2]!;
  drivers.push(history);
  const expected: string[] = [];
  for (const userId of userIds) {
    const page = ok(await history.call("ListUserHistory", { userId, order: "HISTORY_ORDER_OLDEST_FIRST", pageSize: 1000 }, token));
    for (const change of page.changes as { eventType: string; sequence: string }[]) {
      if (change.eventType === "user.human.profile.changed") expected.push(`${userId}/${change.sequence}`);
    }
  }
  step("history read");
  const received = () => [first, second, third].flatMap((reader) => changesOf(reader).map((m) => `${m.change!.userId}/${m.change!.sequence}`));
  expect(await waitFor(() => received().length >= expected.length, 60_000)).toBe(true);
  await new Promise((resolve) => setTimeout(resolve, 1000)); // room for a repeat to show up
  third.cancel();
  await third.ended;
  console.log(`feed across a killed client and a SIGKILLed server: ${expected.length} changes, ${first.messages.length}/${second.messages.length}/${third.messages.length} messages per stream`);
  expect(received().sort()).toEqual([...expected].sort());
  // Each user's changes arrived in sequence order.
  const last = new Map<string, number>();
  for (const key of received()) {
    const [userId, sequence] = key.split("/") as [string, string];
    expect(Number(sequence)).toBeGreaterThan(last.get(userId) ?? 0);
    last.set(userId, Number(sequence));
  }
}, 240_000);

it.runIf(databaseKind === "postgres")("wakes a second server's streams through NOTIFY (its poll set to a minute)", async () => {
  const writer = services.at(-1) ?? (await start()); // the restarted server of the test before, still running
  const reading = await start({ FEED_POLL_MS: "60000" });
  const token = reading.adminToken;
  const [, , connect] = driversOf(writer!.url);
  const added = ok(await connect!.call("AddHumanUser", { username: "notified", profile: { givenName: "N", familyName: "O" }, email: { email: "notified@example.com", isVerified: true } }, token));
  const userId = String(added.userId);
  const reader = openFeed("connect", reading.url, { token, request: { userIds: [userId] } });
  expect(await waitFor(() => reader.messages.length > 0, 30_000)).toBe(true);
  const started = Date.now();
  for (let i = 0; i < 5; i++) ok(await connect!.call("UpdateHumanUser", { userId, profile: { givenName: "N", familyName: `O${i}` } }, token));
  expect(await waitFor(() => changesOf(reader).length === 5, 20_000)).toBe(true);
  const took = Date.now() - started;
  console.log(`5 changes on one server reached a stream on another in ${took} ms (its poll: 60 s)`);
  expect(took).toBeLessThan(20_000);
  reader.cancel();
  await reader.ended;
}, 120_000);
