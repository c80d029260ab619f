// The statements ListUsers runs for its common first pages read the users projection through indexes, not
// by scanning the table: asked of the database's own planner (EXPLAIN) over 20 000 users in 20 organisations.
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Principal } from "../../src/domain/principal.js";
import type { Database } from "../../src/db/client.js";
import type { ListUsersInput } from "../../src/query/list-users/list-users-input.js";
import { listUsersStatement } from "../../src/query/list-users/list-users-statement.js";
import { databaseKind } from "../helpers/database.js";
import { openMigratedTestDatabase, type MigratedTestDatabase } from "../helpers/migrated-database.js";

const USERS = 20_000;
const ORGS = 20;
const md5 = (text: string) => createHash("md5").update(text).digest("hex");

interface PlanNode {
  "Node Type": string;
  "Relation Name"?: string;
  "Index Name"?: string;
  Plans?: PlanNode[];
}

const admin: Principal = { userId: "admin", orgId: "org-0", instanceRoles: ["IAM_OWNER"], orgRoles: new Map() };
const orgManager: Principal = { userId: "someone", orgId: "org-7", instanceRoles: [], orgRoles: new Map([["org-7", ["ORG_USER_MANAGER"]]]) };

describe(`ListUsers query plans over ${USERS} users (${databaseKind})`, { timeout: 120_000 }, () => {
  let migrated: MigratedTestDatabase;
  let database: Database;

  beforeAll(async () => {
    migrated = await openMigratedTestDatabase();
    database = migrated.database;
    await database.prisma.$executeRawUnsafe(
      `INSERT INTO users (id, resource_owner, type, state, username, given_name, family_name, display_name, email, sequence, creation_date, change_date)
       SELECT (900000000000000000 + g.i)::text, 'org-' || (g.i % $2), 1, CASE WHEN g.i % 50 = 0 THEN 3 ELSE 1 END,
              'user-' || md5(g.i::text), 'Given' || g.i, 'Family' || (g.i % 100), 'User ' || g.i, 'mail-' || md5(g.i || 'e') || '@example.com',
              1, now() - g.i * interval '1 second', now()
       FROM generate_series(1, $1::int) AS g(i)`,
      USERS,
      ORGS,
    );
    // Every user has an employee id (unique value) and a team (one of 20); every 1000th one a rare key.
    await database.prisma.$executeRawUnsafe(
      `INSERT INTO user_metadata (user_id, key, value)
       SELECT (900000000000000000 + g.i)::text, k.key, convert_to(CASE k.key WHEN 'employee_id' THEN 'E-' || g.i ELSE 'team-' || (g.i % 20) END, 'UTF8')
       FROM generate_series(1, $1::int) AS g(i), (VALUES ('employee_id'), ('team')) AS k(key)
       UNION ALL
       SELECT (900000000000000000 + g.i)::text, 'rare', '\\x01'::bytea FROM generate_series(1000, $1::int, 1000) AS g(i)`,
      USERS,
    );
    // What autovacuum does after a bulk load on PostgreSQL: GIN indexes keep new entries in a pending list and
    // publish the statistics the planner costs them by only when vacuumed. (PGlite has no autovacuum.)
    await database.prisma.$executeRawUnsafe("VACUUM ANALYZE users");
    await database.prisma.$executeRawUnsafe("VACUUM ANALYZE user_metadata");
  });

  afterAll(() => migrated?.close());

  /** Every node of the plan the database would use for the statement ListUsers runs for `input`. */
  async function planNodes(caller: Principal, input: ListUsersInput): Promise<PlanNode[]> {
    const { sql, params } = listUsersStatement(caller, input);
    const [row] = await database.prisma.$queryRawUnsafe<Record<string, unknown>[]>(`EXPLAIN (FORMAT JSON) ${sql}`, ...params);
    const raw = Object.values(row!)[0];
    const [{ Plan: root }] = (typeof raw === "string" ? JSON.parse(raw) : raw) as [{ Plan: PlanNode }];
    const nodes: PlanNode[] = [];
    const walk = (node: PlanNode) => {
      nodes.push(node);
      node.Plans?.forEach(walk);
    };
    walk(root);
    return nodes;
  }

  const scansOfUsers = (nodes: PlanNode[]) => nodes.filter((node) => node["Relation Name"] === "users" || node["Index Name"]?.startsWith("users_"));
  const indexesUsed = (nodes: PlanNode[]) => new Set(nodes.map((node) => node["Index Name"]).filter((name) => name !== undefined));

  function expectIndexOnly(nodes: PlanNode[], index: string) {
    const scans = scansOfUsers(nodes);
    expect(scans.length).toBeGreaterThan(0);
    expect(scans.filter((node) => node["Node Type"] === "Seq Scan"), "sequential scans of users").toEqual([]);
    expect([...indexesUsed(nodes)]).toContain(index);
  }

  const firstPage = (input: Partial<ListUsersInput>): ListUsersInput => ({ filters: [], asc: false, offset: 0n, limit: 100, ...input });

  it("seeds what it claims: one user matches the username searched for below", async () => {
    const { sql, params } = listUsersStatement(admin, firstPage({ filters: [{ kind: "text", field: "username", method: "containsIgnoreCase", value: md5("4242").slice(6, 14).toUpperCase() }] }));
    const rows = await database.prisma.$queryRawUnsafe<{ username: string; total: bigint }[]>(sql, ...params);
    expect(rows.map((row) => [row.username, Number(row.total)])).toEqual([[`user-${md5("4242")}`, 1]]);
  });

  it("finds users by username contains (ignore case) through the trigram index", async () => {
    const value = md5("4242").slice(6, 14).toUpperCase();
    expectIndexOnly(await planNodes(admin, firstPage({ filters: [{ kind: "text", field: "username", method: "containsIgnoreCase", value }] })), "users_username_trgm_idx");
    expectIndexOnly(
      await planNodes(admin, firstPage({ filters: [{ kind: "text", field: "username", method: "containsIgnoreCase", value }], sortBy: "username", asc: true })),
      "users_username_trgm_idx",
    );
  });

  it("finds users by email contains (ignore case) through the trigram index", async () => {
    const value = md5("777e").slice(10, 18).toUpperCase();
    expectIndexOnly(await planNodes(admin, firstPage({ filters: [{ kind: "text", field: "email", method: "containsIgnoreCase", value }] })), "users_email_trgm_idx");
  });

  it("reads one organisation's first page in username order from the (resource_owner, username) index", async () => {
    expectIndexOnly(
      await planNodes(admin, firstPage({ filters: [{ kind: "org", orgId: "org-3" }], sortBy: "username", asc: true })),
      "users_resource_owner_username_idx",
    );
    expectIndexOnly(await planNodes(orgManager, firstPage({ sortBy: "username", asc: false })), "users_resource_owner_username_idx");
  });

  const scansOfMetadata = (nodes: PlanNode[]) => nodes.filter((node) => node["Relation Name"] === "user_metadata");

  it("finds users by a metadata entry (key and value) through the value's hash index, scanning neither table", async () => {
    const filters: ListUsersInput["filters"] = [
      { kind: "metadataKey", method: "equals", key: "employee_id" },
      { kind: "metadataValue", method: "equals", value: Buffer.from("E-4242") },
    ];
    const { sql, params } = listUsersStatement(admin, firstPage({ filters }));
    const rows = await database.prisma.$queryRawUnsafe<{ id: string; total: bigint }[]>(sql, ...params);
    expect(rows.map((row) => [row.id, Number(row.total)])).toEqual([["900000000000004242", 1]]);
    const nodes = await planNodes(admin, firstPage({ filters }));
    expect([...indexesUsed(nodes)]).toContain("user_metadata_value_idx");
    expect([...scansOfUsers(nodes), ...scansOfMetadata(nodes)].filter((node) => node["Node Type"] === "Seq Scan")).toEqual([]);
  });

  it("finds the users having a rare key through the key index", async () => {
    const nodes = await planNodes(admin, firstPage({ filters: [{ kind: "metadataKey", method: "equals", key: "rare" }] }));
    expect([...indexesUsed(nodes)]).toContain("user_metadata_key_idx");
    expect([...scansOfUsers(nodes), ...scansOfMetadata(nodes)].filter((node) => node["Node Type"] === "Seq Scan")).toEqual([]);
  });

  it("reads an organisation-scoped caller's default page (newest first) from the (resource_owner, creation_date, id) index", async () => {
    expectIndexOnly(await planNodes(orgManager, firstPage({})), "users_resource_owner_creation_date_id_idx");
  });
});
