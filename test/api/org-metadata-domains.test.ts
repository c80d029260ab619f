// An organisation's metadata and domains over gRPC, gRPC-web, Connect JSON and REST against a real server:
// Set/List/DeleteOrganizationMetadata (only changed keys written, key filters and paging, unknown keys NotFound)
// and Add/List/DeleteOrganizationDomain (added verified, unique across the instance case-insensitively, the
// primary one kept, any domain found by ListOrganizations' domain filter).
import { Code } from "@connectrpc/connect";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectError } from "../helpers/outcome-checks.js";
import type { JsonObject } from "../helpers/protocols.js";
import { serveForSuite } from "../helpers/serve-for-suite.js";
import { ok, unique } from "./auth-fixture.js";
import { orgFixture, protocols, tooLongId, type OrgFixture } from "./org-fixture.js";

const suite = serveForSuite();
let f: OrgFixture;
beforeAll(async () => {
  f = await orgFixture(suite.server);
});
afterAll(() => f?.close());

const base64 = (text: string) => Buffer.from(text).toString("base64");
const text = (value: unknown) => Buffer.from(String(value), "base64").toString();

describe.each(protocols)("over %s", (protocol) => {
  const call = (method: string, request: JsonObject, token = suite.server.adminToken) => f.driver(protocol).call(method, request, token);
  const eventCount = (aggregateId: string) => suite.server.app.database.prisma.event.count({ where: { aggregateId } });

  describe("metadata", () => {
    const entries = async (organizationId: string, request: JsonObject = {}) =>
      ((ok(await call("ListOrganizationMetadata", { organizationId, ...request })).metadata as JsonObject[] | undefined) ?? []).map((m) => `${String(m.key)}=${text(m.value)}`);

    it("sets, lists and deletes entries, writing only what changes", async () => {
      const { orgId } = await f.newOrg(`Meta ${protocol}`);
      const set = ok(await call("SetOrganizationMetadata", { organizationId: orgId, metadata: [{ key: "team", value: base64("blue") }, { key: "tier", value: base64("gold") }] }));
      const listed = ok(await call("ListOrganizationMetadata", { organizationId: orgId, pagination: { asc: true } }));
      expect(listed.pagination).toMatchObject({ totalResult: "2", appliedLimit: "100" });
      expect((listed.metadata as JsonObject[]).map((m) => [m.key, text(m.value), m.creationDate, m.changeDate])).toEqual([
        ["team", "blue", set.setDate, set.setDate],
        ["tier", "gold", set.setDate, set.setDate],
      ]);
      const events = await eventCount(orgId);
      const unchanged = ok(await call("SetOrganizationMetadata", { organizationId: orgId, metadata: [{ key: "team", value: base64("blue") }] }));
      expect(await eventCount(orgId)).toBe(events);
      expect(unchanged.setDate).toBe(set.setDate);
      ok(await call("SetOrganizationMetadata", { organizationId: orgId, metadata: [{ key: "team", value: base64("red") }] }));
      expect(await eventCount(orgId)).toBe(events + 1);
      expect(await entries(orgId, { pagination: { asc: true } })).toEqual(["team=red", "tier=gold"]);
      const deleted = ok(await call("DeleteOrganizationMetadata", { organizationId: orgId, keys: ["tier"] }));
      expect(deleted.deletionDate).toEqual(expect.any(String));
      expect(await entries(orgId)).toEqual(["team=red"]);
    });

    it("filters by key and pages, counting every match", async () => {
      const { orgId } = await f.newOrg(`Meta Page ${protocol}`);
      const metadata = ["app.a", "app.b", "app.c", "other"].map((key) => ({ key, value: base64(key) }));
      ok(await call("SetOrganizationMetadata", { organizationId: orgId, metadata }));
      const page = ok(
        await call("ListOrganizationMetadata", {
          organizationId: orgId,
          filters: [{ keyFilter: { key: "APP.", method: "TEXT_FILTER_METHOD_STARTS_WITH_IGNORE_CASE" } }],
          pagination: { limit: 2, offset: 1, asc: true },
        }),
      );
      expect(page.pagination).toMatchObject({ totalResult: "3", appliedLimit: "2" });
      expect((page.metadata as JsonObject[]).map((m) => m.key)).toEqual(["app.b", "app.c"]);
      expect(await entries(orgId)).toEqual(["other=other", "app.c=app.c", "app.b=app.b", "app.a=app.a"]);
    });

    it("refuses unknown keys (removing nothing), unknown organisations and every bad field at once", async () => {
      const { orgId } = await f.newOrg(`Meta Bad ${protocol}`);
      ok(await call("SetOrganizationMetadata", { organizationId: orgId, metadata: [{ key: "kept", value: base64("v") }] }));
      expectError(await call("DeleteOrganizationMetadata", { organizationId: orgId, keys: ["kept", "missing"] }), protocol, Code.NotFound, "COMMAND-MdNf1");
      expect(await entries(orgId)).toEqual(["kept=v"]);
      expectError(await call("DeleteOrganizationMetadata", { organizationId: orgId, keys: [] }), protocol, Code.FailedPrecondition, "COMMAND-MdNone2");
      expectError(await call("SetOrganizationMetadata", { organizationId: orgId, metadata: [] }), protocol, Code.FailedPrecondition, "COMMAND-MdNone1");
      const unknown: [string, JsonObject][] = [
        ["SetOrganizationMetadata", { organizationId: "no-such-org", metadata: [{ key: "k", value: base64("v") }] }],
        ["ListOrganizationMetadata", { organizationId: "no-such-org" }],
        ["DeleteOrganizationMetadata", { organizationId: "no-such-org", keys: ["k"] }],
      ];
      for (const [method, request] of unknown) {
        expectError(await call(method, request), protocol, Code.NotFound);
      }
      const badSet = expectError(
        await call("SetOrganizationMetadata", { organizationId: tooLongId, metadata: [{ key: "", value: "" }, { key: "x".repeat(201), value: base64("v") }] }),
        protocol,
        Code.InvalidArgument,
      );
      expect(badSet.violations.map((v) => v.field).sort()).toEqual(["metadata[0].key", "metadata[0].value", "metadata[1].key", "organization_id"]);
      const badDelete = expectError(await call("DeleteOrganizationMetadata", { organizationId: tooLongId, keys: ["", "ok"] }), protocol, Code.InvalidArgument);
      expect(badDelete.violations.map((v) => v.field).sort()).toEqual(["keys[0]", "organization_id"]);
      const badList = expectError(
        await call("ListOrganizationMetadata", { organizationId: tooLongId, filters: [{ keyFilter: { key: "x".repeat(201) } }] }),
        protocol,
        Code.InvalidArgument,
      );
      expect(badList.violations.map((v) => v.field).sort()).toEqual(["filters[0].key_filter.key", "organization_id"]);
      expectError(await call("ListOrganizationMetadata", { organizationId: orgId, pagination: { limit: 1001 } }), protocol, Code.InvalidArgument);
    });
  });

  describe("domains", () => {
    const domains = async (organizationId: string, request: JsonObject = {}) =>
      ((ok(await call("ListOrganizationDomains", { organizationId, ...request })).domains as JsonObject[] | undefined) ?? []).map((d) => String(d.domain));

    it("adds a domain verified, lists it beside the primary one and deletes it", async () => {
      const { orgId } = await f.newOrg(`Domains ${protocol}`);
      const domain = `${unique("added")}.Example.com`;
      const added = ok(await call("AddOrganizationDomain", { organizationId: orgId, domain }));
      const listed = ok(await call("ListOrganizationDomains", { organizationId: orgId, sortingColumn: "DOMAIN_FIELD_NAME_CREATION_DATE", pagination: { asc: true } }));
      expect(listed.pagination).toMatchObject({ totalResult: "2" });
      const [primary, custom] = listed.domains as JsonObject[];
      expect(primary).toMatchObject({ organizationId: orgId, isVerified: true, isPrimary: true });
      expect(custom).toEqual({ organizationId: orgId, domain, isVerified: true });
      expect(added.creationDate).toEqual(expect.any(String));
      // Any of an organisation's domains finds it in ListOrganizations, in any case.
      const found = ok(await call("ListOrganizations", { queries: [{ domainQuery: { domain: domain.toUpperCase(), method: "TEXT_QUERY_METHOD_EQUALS_IGNORE_CASE" } }] }));
      expect((found.result as JsonObject[]).map((o) => o.id)).toEqual([orgId]);
      ok(await call("DeleteOrganizationDomain", { organizationId: orgId, domain: domain.toLowerCase() }));
      expect(await domains(orgId)).toEqual([String(primary!.domain)]);
      expectError(await call("DeleteOrganizationDomain", { organizationId: orgId, domain }), protocol, Code.NotFound, "COMMAND-OrgDm4");
    });

    it("keeps a domain unique across the instance, and the primary domain on its organisation", async () => {
      const first = await f.newOrg(`Unique A ${protocol}`);
      const second = await f.newOrg(`Unique B ${protocol}`);
      const domain = `${unique("shared")}.example.com`;
      ok(await call("AddOrganizationDomain", { organizationId: first.orgId, domain }));
      expectError(await call("AddOrganizationDomain", { organizationId: first.orgId, domain: domain.toUpperCase() }), protocol, Code.AlreadyExists, "COMMAND-OrgDm3");
      expectError(await call("AddOrganizationDomain", { organizationId: second.orgId, domain: domain.toUpperCase() }), protocol, Code.AlreadyExists, "COMMAND-TakenDo1");
      ok(await call("DeleteOrganizationDomain", { organizationId: first.orgId, domain }));
      ok(await call("AddOrganizationDomain", { organizationId: second.orgId, domain }));
      const [primary] = await domains(first.orgId);
      expectError(await call("DeleteOrganizationDomain", { organizationId: first.orgId, domain: primary! }), protocol, Code.FailedPrecondition, "COMMAND-OrgDm5");
      expect(await domains(first.orgId)).toEqual([primary]);
    });

    it("filters, sorts and pages the domains", async () => {
      const { orgId } = await f.newOrg(`Domain Sort ${protocol}`);
      const tag = unique("sort");
      for (const letter of ["b", "a", "c"]) ok(await call("AddOrganizationDomain", { organizationId: orgId, domain: `${letter}.${tag}.example.com` }));
      const filter = { domainFilter: { domain: tag, method: "TEXT_QUERY_METHOD_CONTAINS" } };
      expect(await domains(orgId, { filters: [filter], sortingColumn: "DOMAIN_FIELD_NAME_NAME", pagination: { asc: true } })).toEqual(
        ["a", "b", "c"].map((l) => `${l}.${tag}.example.com`),
      );
      expect(await domains(orgId, { filters: [filter] })).toEqual(["c", "a", "b"].map((l) => `${l}.${tag}.example.com`));
      const page = ok(await call("ListOrganizationDomains", { organizationId: orgId, filters: [filter], sortingColumn: "DOMAIN_FIELD_NAME_NAME", pagination: { limit: 1, offset: 1 } }));
      expect(page.pagination).toMatchObject({ totalResult: "3", appliedLimit: "1" });
      expect((page.domains as JsonObject[]).map((d) => d.domain)).toEqual([`b.${tag}.example.com`]);
    });

    it("answers NotFound for unknown organisations and names every violated field at once", async () => {
      expectError(await call("AddOrganizationDomain", { organizationId: "no-such-org", domain: "x.example.com" }), protocol, Code.NotFound);
      expectError(await call("ListOrganizationDomains", { organizationId: "no-such-org" }), protocol, Code.NotFound);
      expectError(await call("DeleteOrganizationDomain", { organizationId: "no-such-org", domain: "x.example.com" }), protocol, Code.NotFound);
      for (const method of ["AddOrganizationDomain", "DeleteOrganizationDomain"]) {
        const bad = expectError(await call(method, { organizationId: tooLongId, domain: "" }), protocol, Code.InvalidArgument);
        expect(bad.violations.map((v) => v.field).sort()).toEqual(["domain", "organization_id"]);
      }
      const badList = expectError(
        await call("ListOrganizationDomains", { organizationId: tooLongId, filters: [{ domainFilter: { domain: "" } }] }),
        protocol,
        Code.InvalidArgument,
      );
      expect(badList.violations.map((v) => v.field).sort()).toEqual(["filters[0].domain_filter.domain", "organization_id"]);
      const { orgId } = await f.newOrg(`Blank ${protocol}`);
      expectError(await call("AddOrganizationDomain", { organizationId: orgId, domain: "   " }), protocol, Code.InvalidArgument);
    });
  });
});
