// The pure parts of REST dialects: every structural problem of a body at once, and answers rendered with proto
// names, unset fields as null and 64-bit integers as exact JSON numbers.
import { create } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import { UpdateCurrentUserRequestSchema as CloneRequest } from "../../../src/gen/usersvc/clonesystems/v2/user_service_pb.js";
import { UpdateCurrentUserRequestSchema as ExanteRequest } from "../../../src/gen/usersvc/exante/v1/user_service_pb.js";
import { UserSchema as VmsUser } from "../../../src/gen/usersvc/vms/v1/user_service_pb.js";
import { createRegistry } from "@bufbuild/protobuf";
import type { RestDialect } from "../../../src/gateway/rest/dialect.js";
import { dialectMessageJson, writeJson } from "../../../src/gateway/rest/dialect-json.js";
import { jsonShapeViolations } from "../../../src/gateway/rest/json-shape.js";

const dialect = (options: Partial<RestDialect>): RestDialect => ({ fieldNames: "proto", errorBody: () => null, ...options });

describe("jsonShapeViolations", () => {
  it("lists every unknown name and wrong type, nested, with proto names only", () => {
    const violations = jsonShapeViolations(CloneRequest, { user: { first_name: 1, firstName: "x", city: null, zip: "1" }, extra: [] }, "proto");
    expect(violations.map((v) => [v.field, v.rule])).toEqual([
      ["user.first_name", "json.type"],
      ["user.firstName", "json.unknown_field"],
      ["user.zip", "json.unknown_field"],
      ["extra", "json.unknown_field"],
    ]);
    expect(jsonShapeViolations(CloneRequest, { user: { firstName: "x" } }, "json")).toEqual([]);
  });

  it("takes any JSON in a Struct but wants it to be an object", () => {
    expect(jsonShapeViolations(ExanteRequest, { settings: { a: [1, { b: null }], c: "d" } }, "proto")).toEqual([]);
    expect(jsonShapeViolations(ExanteRequest, { settings: [1] }, "proto").map((v) => v.field)).toEqual(["settings"]);
    expect(jsonShapeViolations(ExanteRequest, null, "proto").map((v) => v.field)).toEqual([""]);
  });
});

describe("dialectMessageJson and writeJson", () => {
  const user = create(VmsUser, { id: 916330605692792833n, login: "ada", permissions: [{ id: 1n, name: "user.read" }] });
  const registry = createRegistry();

  it("writes 64-bit integers as exact numbers and unset fields as null", () => {
    const text = writeJson(dialectMessageJson(VmsUser, user, dialect({ unsetFields: "null", int64AsNumber: true }), registry));
    expect(text).toBe(
      '{"id":916330605692792833,"login":"ada","name":"","parent_id":null,"permissions":[{"id":1,"name":"user.read"}],"created_at":"","updated_at":"","access_token_id":"","can_update_password":false,"analytic_license":[]}',
    );
  });

  it("keeps proto3 JSON otherwise: strings for 64-bit integers, unset fields left out", () => {
    expect(writeJson(dialectMessageJson(VmsUser, user, dialect({}), registry))).toBe('{"id":"916330605692792833","login":"ada","permissions":[{"id":"1","name":"user.read"}]}');
    expect(writeJson(dialectMessageJson(VmsUser, user, dialect({ fieldNames: "json", unsetFields: "defaults" }), registry))).toContain('"accessTokenId":""');
  });
});
