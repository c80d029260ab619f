// ListUsers' metadata_key_filter and metadata_value_filter (ZITADEL PR #10415) over gRPC, gRPC-web, Connect
// JSON and REST, with ZITADEL's semantics: text methods on the key, values compared as bytes, all metadata
// conditions of a query on one and the same entry, users without metadata never matched by a metadata condition
// (nor by its NOT), and what the caller may read. The clients use our descriptors: @zitadel/proto 1.3.1 predates
// the two filters (see test/conformance/newer-than-sdk.ts).
import { Code } from "@connectrpc/connect";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UserService } from "../../src/gen/zitadel/user/v2/user_service_pb.js";
import { expectError } from "../helpers/outcome-checks.js";
import { allDrivers, type Driver, type JsonObject } from "../helpers/protocols.js";
import { serveForSuite } from "../helpers/serve-for-suite.js";
import { ok, setupFor, type Setup } from "./auth-fixture.js";

const suite = serveForSuite();
let setup: Setup;
let drivers: Driver[] = [];
let orgOwnerToken: string;

const b64 = (value: string | Buffer) => (typeof value === "string" ? Buffer.from(value) : value).toString("base64");
const BINARY = Buffer.from([0x00, 0xff, 0x10]);

/** The data set: username → metadata. Usernames share a prefix so every query can be kept to them. */
const people: [username: string, metadata: Record<string, string | Buffer>, inOrgA?: boolean][] = [
  ["md-a1", { employee_id: "E-1", team: "blue" }],
  ["md-a2", { employee_id: "E-2", team: "red" }],
  ["md-a3", { Employee_ID: "e-3" }],
  ["md-swap", { team: "E-1" }],
  ["md-bin", { blob: BINARY }],
  ["md-none", {}],
  ["md-orga", { employee_id: "E-9" }, true],
];

beforeAll(async () => {
  setup = setupFor(suite.server);
  drivers = allDrivers(suite.server.url, UserService);
  const home = await setup.defaultOrgId();
  const owner = await setup.machineWithToken(home, "md-owner");
  const orgA = await setup.org(`Metadata Org ${Date.now()}`, [{ userId: owner.userId }]);
  orgOwnerToken = owner.token;
  for (const [username, metadata, inOrgA] of people) {
    const entries = Object.entries(metadata).map(([key, value]) => ({ key, value: b64(value) }));
    ok(
      await drivers[2]!.call(
        "AddHumanUser",
        {
          username,
          organization: { orgId: inOrgA ? orgA : home },
          profile: { givenName: "Meta", familyName: username },
          email: { email: `${username}@example.com`, isVerified: true },
          metadata: entries,
        },
        setup.adminToken,
      ),
    );
  }
});
afterAll(() => {
  setup?.close();
  for (const d of drivers) d.close();
});

const ours = { userNameQuery: { userName: "md-", method: "TEXT_QUERY_METHOD_STARTS_WITH" } };
const key = (k: string, method = "TEXT_FILTER_METHOD_EQUALS") => ({ metadataKeyFilter: { key: k, method } });
const value = (v: string | Buffer, method = "BYTE_FILTER_METHOD_EQUALS") => ({ metadataValueFilter: { value: b64(v), method } });

describe.each(["grpc", "grpc-web", "connect", "rest"] as const)("over %s", (protocol) => {
  const driver = () => drivers.find((d) => d.name === protocol)!;
  const list = async (queries: JsonObject[], token = setup.adminToken, query: JsonObject = { limit: 100, asc: true }) =>
    ok(await driver().call("ListUsers", { queries: [ours, ...queries], query, sortingColumn: "USER_FIELD_NAME_USER_NAME" }, token));
  const names = async (queries: JsonObject[], token?: string) => ((await list(queries, token)).result as JsonObject[] | undefined ?? []).map((u) => u.username);

  it("filters by key with every text method, LIKE wildcards in the key matching literally", async () => {
    expect(await names([key("employee_id")])).toEqual(["md-a1", "md-a2", "md-orga"]);
    expect(await names([key("EMPLOYEE_ID", "TEXT_FILTER_METHOD_EQUALS_IGNORE_CASE")])).toEqual(["md-a1", "md-a2", "md-a3", "md-orga"]);
    expect(await names([key("emp", "TEXT_FILTER_METHOD_STARTS_WITH")])).toEqual(["md-a1", "md-a2", "md-orga"]);
    expect(await names([key("EMP", "TEXT_FILTER_METHOD_STARTS_WITH_IGNORE_CASE")])).toEqual(["md-a1", "md-a2", "md-a3", "md-orga"]);
    expect(await names([key("ee_i", "TEXT_FILTER_METHOD_CONTAINS")])).toEqual(["md-a1", "md-a2", "md-orga"]);
    expect(await names([key("EE_I", "TEXT_FILTER_METHOD_CONTAINS_IGNORE_CASE")])).toEqual(["md-a1", "md-a2", "md-a3", "md-orga"]);
    expect(await names([key("_id", "TEXT_FILTER_METHOD_ENDS_WITH")])).toEqual(["md-a1", "md-a2", "md-orga"]);
    expect(await names([key("_ID", "TEXT_FILTER_METHOD_ENDS_WITH_IGNORE_CASE")])).toEqual(["md-a1", "md-a2", "md-a3", "md-orga"]);
    // "_" is LIKE's any-character: unescaped, "e_" would match "eam" in team too.
    expect(await names([key("m_", "TEXT_FILTER_METHOD_CONTAINS")])).toEqual([]);
    expect(await names([key("", "TEXT_FILTER_METHOD_CONTAINS")])).toEqual(["md-a1", "md-a2", "md-a3", "md-bin", "md-orga", "md-swap"]);
  });

  it("filters by value as bytes: equal, not equal, binary", async () => {
    expect(await names([value("E-1")])).toEqual(["md-a1", "md-swap"]);
    expect(await names([value("e-1")])).toEqual([]);
    expect(await names([value(BINARY)])).toEqual(["md-bin"]);
    // Users with some entry of another value; md-swap's only entry has the value, md-none has none.
    expect(await names([value("E-1", "BYTE_FILTER_METHOD_NOT_EQUALS")])).toEqual(["md-a1", "md-a2", "md-a3", "md-bin", "md-orga"]);
  });

  it("applies a query's key and value conditions to one and the same entry", async () => {
    expect(await names([key("employee_id"), value("E-1")])).toEqual(["md-a1"]);
    expect(await names([{ andQuery: { queries: [key("team"), value("E-1")] } }])).toEqual(["md-swap"]);
    expect(await names([key("team"), value("E-2")])).toEqual([]);
    expect(await names([{ orQuery: { queries: [{ andQuery: { queries: [key("team"), value("red")] } }, value(BINARY)] } }])).toEqual(["md-a2", "md-bin"]);
  });

  it("never matches users without metadata by a metadata condition or its NOT, but by a user field beside it", async () => {
    expect(await names([{ notQuery: { query: key("employee_id") } }])).toEqual(["md-a1", "md-a2", "md-a3", "md-bin", "md-swap"]);
    expect(await names([{ notQuery: { query: key("employee_id") } }, { userNameQuery: { userName: "md-none" } }])).toEqual([]);
    expect(await names([{ orQuery: { queries: [{ userNameQuery: { userName: "md-none" } }, key("blob")] } }])).toEqual(["md-bin", "md-none"]);
    // Without metadata, NOT (key = team AND username = x) is NOT (NULL AND true) for md-none, which is NULL: not
    // matched; for the caller md-owner-… (no metadata either) it is NOT (NULL AND false), true: matched.
    expect(await names([{ notQuery: { query: { andQuery: { queries: [key("team"), { userNameQuery: { userName: "md-none" } }] } } } }])).toEqual([
      "md-a1",
      "md-a2",
      "md-a3",
      "md-bin",
      "md-orga",
      expect.stringMatching(/^md-owner-/),
      "md-swap",
    ]);
  });

  it("counts every matching user once in total_result, over pages", async () => {
    const page = await list([key("", "TEXT_FILTER_METHOD_CONTAINS")], setup.adminToken, { limit: 2, offset: "2", asc: true });
    expect(((page.result as JsonObject[]) ?? []).map((u) => u.username)).toEqual(["md-a3", "md-bin"]);
    expect((page.details as JsonObject).totalResult).toBe("6");
  });

  it("lists only what the caller may read", async () => {
    expect(await names([key("employee_id")], orgOwnerToken)).toEqual(["md-orga"]);
  });

  it("refuses oversized keys and values, listing both", async () => {
    const refused = expectError(
      await driver().call("ListUsers", { queries: [key("k".repeat(201)), value(Buffer.alloc(201, 1))] }, setup.adminToken),
      protocol,
      Code.InvalidArgument,
    );
    expect(refused.violations.map((v) => v.field)).toEqual(["queries[0].metadata_key_filter.key", "queries[1].metadata_value_filter.value"]);
    expect(await names([value(Buffer.alloc(200, 1))])).toEqual([]);
  });
});

describe("unknown methods", () => {
  it("are InvalidArgument on the binary protocols (a number outside the enum)", async () => {
    for (const protocol of ["grpc", "connect"] as const) {
      const driver = drivers.find((d) => d.name === protocol)!;
      const outcome = await driver.call("ListUsers", { queries: [{ metadataValueFilter: { value: b64("x"), method: 7 } }] }, setup.adminToken);
      expectError(outcome, protocol, Code.InvalidArgument);
    }
  });
});
