import { UserService } from "@zitadel/proto/zitadel/user/v2/user_service_pb.js";
import { describe, expect, it } from "vitest";
import { compileRoutes } from "../../../src/gateway/rest/compile-routes.js";
import { echoServiceWith, method } from "./echo-service.js";
import { allZitadelServices } from "./zitadel-services.js";

describe("compileRoutes", () => {
  it("compiles every annotated method of every service ZITADEL publishes", async () => {
    let routes = 0;
    for (const service of await allZitadelServices()) {
      routes += compileRoutes([service]).routes.length;
    }
    expect(routes).toBeGreaterThan(800);
  });

  it("precomputes what a UserService request needs", () => {
    const { routes } = compileRoutes([UserService], { successStatus: (m) => (m.name === "AddHumanUser" ? 201 : undefined) });
    const update = routes.find((r) => r.method.name === "UpdateHumanUser")!;
    expect(update).toMatchObject({ httpMethod: "PUT", body: { kind: "whole" }, readsQuery: false, successStatus: 200 });
    expect(update.pathVariables.map((v) => v.protoPath)).toEqual(["user_id"]);
    const get = routes.find((r) => r.method.name === "GetUserByID")!;
    expect(get).toMatchObject({ httpMethod: "GET", body: { kind: "none" }, readsQuery: true, queryExcluded: ["user_id"] });
    expect(routes.find((r) => r.method.name === "AddHumanUser")!.successStatus).toBe(201);
    expect(routes.some((r) => r.method.name === "CreateUser")).toBe(false); // no http option
  });

  it("refuses two methods on the same route, naming both", async () => {
    const services = await allZitadelServices();
    const admin = services.find((s) => s.typeName === "zitadel.admin.v1.AdminService")!;
    const auth = services.find((s) => s.typeName === "zitadel.auth.v1.AuthService")!;
    expect(() => compileRoutes([admin, auth])).toThrow(/GET \/healthz of .*AuthService\.Healthz collides with GET \/healthz of .*AdminService\.Healthz/);
  });

  it.each([
    ["a path variable on a message field", { pattern: { case: "get" as const, value: "/v1/x/{inner}" } }, "must be a singular scalar or enum"],
    ["a path variable on a repeated field", { pattern: { case: "get" as const, value: "/v1/x/{tags}" } }, "must be a singular scalar or enum"],
    ["a path variable through a list", { pattern: { case: "get" as const, value: "/v1/x/{inners.name}" } }, "not a message field"],
    ["a path variable naming no field", { pattern: { case: "get" as const, value: "/v1/x/{nope}" } }, 'no field "nope"'],
    ["a body naming no field", { pattern: { case: "post" as const, value: "/v1/x" }, body: "nope" }, 'no field "nope"'],
    ["a nested response_body", { pattern: { case: "get" as const, value: "/v1/x" }, responseBody: "inner.name" }, "top-level field"],
    ["a broken template", { pattern: { case: "get" as const, value: "/v1/{x" } }, "invalid http path template"],
  ])("refuses %s at construction", (_, rule, reason) => {
    const { service } = echoServiceWith("Bad", [method("Bad", rule)]);
    expect(() => compileRoutes([service])).toThrow(reason);
    expect(() => compileRoutes([service])).toThrow("rpc test.rest.v1.Bad.Bad");
  });
});
