// GET /openapi.json: the build-time OpenAPI document of the REST gateway. It must be a valid OpenAPI 3 document,
// name every route the protos' google.api.http annotations declare, and describe bodies the server accepts.
import { getOption, hasOption } from "@bufbuild/protobuf";
import SwaggerParser from "@apidevtools/swagger-parser";
import { beforeAll, describe, expect, it } from "vitest";
import { http } from "../../src/gen/google/api/annotations_pb.js";
import { OrganizationService } from "../../src/gen/zitadel/org/v2/org_service_pb.js";
import { UserMoveService } from "../../src/gen/usersvc/user/v1/user_move_service_pb.js";
import { UserService } from "../../src/gen/zitadel/user/v2/user_service_pb.js";
import { serveForSuite } from "../helpers/serve-for-suite.js";

// A parsed JSON document, walked by property names.
type Json = Record<string, any>;
const suite = serveForSuite();
let document: Json;

beforeAll(async () => {
  const response = await fetch(`${suite.server.url}/openapi.json`, { headers: { origin: "https://app.example.com" } });
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toMatch(/^application\/json/);
  expect(response.headers.get("access-control-allow-origin")).toBe("https://app.example.com");
  document = (await response.json()) as Json;
});

/** Follows a local $ref (#/components/schemas/X). */
function resolve(schema: Json): Json {
  return schema.$ref ? document.components.schemas[String(schema.$ref).split("/").pop()!] : schema;
}

describe("GET /openapi.json", () => {
  it("is a valid OpenAPI 3 document, served without a token", async () => {
    await expect(SwaggerParser.validate(structuredClone(document) as never)).resolves.toBeTruthy();
    expect(document.openapi).toMatch(/^3\./);
    expect(document.components.securitySchemes.bearerAuth).toMatchObject({ type: "http", scheme: "bearer" });
    expect(document.components.schemas.Status.properties).toHaveProperty("details");
  });

  it("has every annotated route with its method and path", () => {
    let count = 0;
    for (const service of [UserService, OrganizationService, UserMoveService]) {
      for (const method of service.methods) {
        if (!hasOption(method, http)) continue;
        const rule = getOption(method, http);
        for (const binding of [rule, ...rule.additionalBindings]) {
          if (binding.pattern.case === undefined || binding.pattern.case === "custom") continue;
          const path = binding.pattern.value.replace(/\{([^}=]+)(=[^}]*)?\}/g, "{$1}");
          const operation = document.paths[path]?.[binding.pattern.case];
          expect(operation, `${binding.pattern.case} ${path}`).toBeDefined();
          expect(operation.operationId).toContain(method.name);
          count++;
        }
      }
    }
    expect(count).toBeGreaterThan(15);
  });

  it("answers each operation's success status from the protos' usersvc.api.v1.http_response (AddOrganization 201)", () => {
    const statuses = (path: string, verb: string) => Object.keys(document.paths[path][verb].responses).filter((key) => key !== "default");
    expect(statuses("/v2/organizations", "post")).toEqual(["201"]);
    expect(document.paths["/v2/organizations"].post.responses["201"].description).toBe("Created");
    for (const [path, verb] of [["/v2/users/human", "post"], ["/v2/users/{user_id}", "patch"], ["/v2/users/new", "post"], ["/v2/users/pats/search", "post"]] as const) {
      expect(statuses(path, verb), `${verb} ${path}`).toEqual(["200"]);
    }
  });

  it("maps JSON names, path parameters, int64, enums and timestamps the protobuf JSON way", () => {
    const get = document.paths["/v2/users/{user_id}"].get;
    expect(get.parameters).toEqual(expect.arrayContaining([expect.objectContaining({ name: "user_id", in: "path", required: true })]));
    expect(get.requestBody).toBeUndefined();
    const user = resolve(resolve(get.responses["200"].content["application/json"].schema).properties.user);
    expect(user.properties).toHaveProperty("userId");
    expect(user.properties).not.toHaveProperty("user_id");
    expect(resolve(user.properties.state)).toMatchObject({ type: "string", enum: expect.arrayContaining(["USER_STATE_ACTIVE"]) });
    const details = resolve(user.properties.details);
    expect(details.properties.sequence).toMatchObject({ type: "string", format: "uint64" });
    expect(details.properties.changeDate).toEqual({ type: "string", format: "date-time" });
  });

  it("describes an AddHumanUser body the server accepts", async () => {
    const operation = document.paths["/v2/users/human"].post;
    const body = resolve(operation.requestBody.content["application/json"].schema);
    const profile = resolve(body.properties.profile);
    const email = resolve(body.properties.email);
    // Built only from names the schema lists: a wrong name in the document would be refused (unknown field).
    const request = {
      [pick(body, "username")]: "openapi.ada",
      [pick(body, "profile")]: { [pick(profile, "givenName")]: "Ada", [pick(profile, "familyName")]: "Lovelace" },
      [pick(body, "email")]: { [pick(email, "email")]: "ada.openapi@example.com" },
    };
    const response = await fetch(`${suite.server.url}/v2/users/human`, {
      method: "POST",
      headers: { authorization: `Bearer ${suite.server.adminToken}`, "content-type": "application/json" },
      body: JSON.stringify(request),
    });
    expect(response.status).toBe(200);
    const answer = (await response.json()) as Json;
    const responseSchema = resolve(operation.responses["200"].content["application/json"].schema);
    for (const key of Object.keys(answer)) expect(responseSchema.properties).toHaveProperty(key);
    expect(answer.userId).toMatch(/^\d+$/);
  });

  it("describes errors as google.rpc.Status", async () => {
    const response = await fetch(`${suite.server.url}/v2/users/human`, { method: "POST", body: "{}", headers: { "content-type": "application/json" } });
    expect(response.status).toBe(401);
    const error = (await response.json()) as Json;
    for (const key of Object.keys(error)) expect(document.components.schemas.Status.properties).toHaveProperty(key);
  });
});

function pick(schema: Json, name: string): string {
  expect(schema.properties, `property ${name}`).toHaveProperty(name);
  return name;
}
