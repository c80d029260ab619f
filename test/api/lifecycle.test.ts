// First start, restarts and persistence: the administrator is made once, its token file is private, and
// users and their bookkeeping survive a restart of the server on the same database.
import { stat } from "node:fs/promises";
import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../helpers/app-server.js";
import { allDrivers } from "../helpers/protocols.js";

let server: TestServer;
beforeAll(async () => (server = await startTestServer()));
afterAll(async () => {
  await server?.stop();
  await server?.drop();
});

it("answers /healthz once the database is migrated and reachable", async () => {
  const response = await fetch(new URL("/healthz", server.url));
  expect(response.status).toBe(200);
});

it("writes the administrator token once, readable only by its owner", async () => {
  expect((await stat(server.adminPatPath)).mode & 0o777).toBe(0o600);
  expect(server.app.bootstrap.adminToken).toBe(server.adminToken);
});

it("keeps users, details and the administrator across a restart", async () => {
  const [grpc] = allDrivers(server.url);
  const added = await grpc!.call(
    "AddHumanUser",
    { username: "persist", profile: { givenName: "Per", familyName: "Sist" }, email: { email: "p@example.com", isVerified: true } },
    server.adminToken,
  );
  if (!added.ok) throw new Error(added.message);
  grpc!.close();
  const firstToken = server.adminToken;

  server = await server.restart();
  expect(server.app.bootstrap.adminToken).toBeUndefined();
  expect(server.adminToken).toBe(firstToken);
  const [again] = allDrivers(server.url);
  const got = await again!.call("GetUserByID", { userId: String(added.json.userId) }, firstToken);
  again!.close();
  if (!got.ok) throw new Error(got.message);
  expect(got.json.details).toEqual(added.json.details);
  expect((got.json.user as { username: string }).username).toBe("persist");
});

it("delivers a queued verification message from the running server (log channel by default)", async () => {
  const response = await fetch(new URL("/v2/users/human", server.url), {
    method: "POST",
    headers: { authorization: `Bearer ${server.adminToken}`, "content-type": "application/json" },
    body: JSON.stringify({ username: "notify-me", profile: { givenName: "N", familyName: "M" }, email: { email: "notify@example.com", sendCode: {} } }),
  });
  const { userId } = (await response.json()) as { userId: string };
  const outbox = server.app.database.prisma.outbox;
  for (let i = 0; i < 100 && (await outbox.findFirst({ where: { userId } }))?.status !== "sent"; i++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  expect(await outbox.findFirst({ where: { userId } })).toMatchObject({ status: "sent", channel: "email", flow: "email_verification" });
});

it("serves Prometheus metrics including the outbox", async () => {
  const response = await fetch(new URL("/metrics", server.url));
  expect(response.status).toBe(200);
  const text = await response.text();
  expect(text).toMatch(/process_resident_memory_bytes/);
  expect(text).toMatch(/outbox/);
});

it("answers /readyz 503 once the database stops answering, while /healthz (alive) stays 200", async () => {
  if (server.databaseUrl) {
    // Cut the service off its PostgreSQL database: no new connections, existing ones terminated.
    const name = new URL(server.databaseUrl).pathname.slice(1);
    const admin = new pg.Client({ connectionString: server.databaseUrl.replace(/\/[^/]*$/, "/postgres") });
    await admin.connect();
    await admin.query(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS false`);
    await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()", [name]);
    await admin.end();
  } else {
    await server.app.database.close();
  }
  const response = await fetch(new URL("/readyz", server.url));
  expect(response.status).toBe(503);
  expect(await response.json()).toEqual({ status: "NOT_SERVING" });
  expect((await fetch(new URL("/healthz", server.url))).status).toBe(200);
});
