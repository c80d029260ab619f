// A pooled PostgreSQL connection killed while idle (pg_terminate_backend, as a DBA or a failover would): the
// server logs it through its logger and keeps answering on new connections. On a PGlite run the test brings
// its own PostgreSQL (PGlite has no pool).
import { Writable } from "node:stream";
import pg from "pg";
import pino from "pino";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startTestServer, startTestServerOn, type TestServer } from "../helpers/app-server.js";
import { callWith, okJson } from "../helpers/call-with-headers.js";
import { databaseKind } from "../helpers/database.js";
import { startPrivatePostgres, type PrivatePostgres } from "../helpers/private-postgres.js";

let privatePostgres: PrivatePostgres | undefined;
let server: TestServer;
const lines: Array<{ level: number; msg: string; err?: { message: string } }> = [];

beforeAll(async () => {
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split("\n").filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  const logger = pino({ level: "warn" }, sink);
  if (databaseKind === "postgres") {
    server = await startTestServer({ logger });
  } else {
    privatePostgres = await startPrivatePostgres();
    server = await startTestServerOn(await privatePostgres.createDatabase("pool_errors"), { logger });
  }
}, 120_000);

afterAll(async () => {
  await server?.stop();
  await server?.drop();
  await privatePostgres?.cleanup();
});

const getAdmin = async () =>
  okJson(await callWith("connect", server.url, "GetUserByID", { userId: server.app.bootstrap.adminUserId }, { token: server.adminToken }));

it("logs an idle connection killed by pg_terminate_backend and keeps answering", async () => {
  await Promise.all(Array.from({ length: 4 }, getAdmin)); // several pooled connections, idle afterwards
  const admin = new pg.Client({ connectionString: server.databaseUrl });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ killed: boolean }>(
      `SELECT pg_terminate_backend("pid") AS killed FROM pg_stat_activity
       WHERE "datname" = current_database() AND "pid" <> pg_backend_pid() AND "state" = 'idle'`,
    );
    expect(rows.filter((row) => row.killed).length).toBeGreaterThan(0);
  } finally {
    await admin.end();
  }
  await expect.poll(() => lines.filter((line) => line.msg.startsWith("database: an idle pooled connection failed")).length, { timeout: 10_000 }).toBeGreaterThan(0);
  const logged = lines.find((line) => line.msg.startsWith("database: an idle pooled connection failed"))!;
  expect(logged.level).toBe(40); // warn
  expect(logged.err?.message).toMatch(/terminat/i);
  for (let i = 0; i < 5; i++) expect((await getAdmin()).user).toBeDefined();
}, 60_000);
