import { getOption, hasOption } from "@bufbuild/protobuf";
import { http } from "@zitadel/proto/google/api/annotations_pb.js";
import type { HttpRule } from "@zitadel/proto/google/api/http_pb.js";
import { UserService } from "@zitadel/proto/zitadel/user/v2/user_service_pb.js";
import { describe, expect, it } from "vitest";
import { httpBindingsOf, type HttpBinding } from "../../../src/gateway/rest/http-rule.js";
import { EchoService } from "./echo-service.js";
import { allZitadelServices } from "./zitadel-services.js";

// What protobuf-es' own extension support reads, flattened the way the gateway uses it.
function bindingsByExtension(rule: HttpRule): HttpBinding[] {
  return [rule, ...rule.additionalBindings].flatMap((r): HttpBinding[] => {
    const { pattern } = r;
    if (pattern.case === undefined) return [];
    const [httpMethod, pathTemplate] =
      pattern.case === "custom" ? [pattern.value.kind, pattern.value.path] : [pattern.case.toUpperCase(), pattern.value];
    return [{ httpMethod, pathTemplate, body: r.body, responseBody: r.responseBody }];
  });
}

describe("httpBindingsOf", () => {
  it("reads the rule UserService's GetUserByID carries", () => {
    expect(httpBindingsOf(UserService.method.getUserByID)).toEqual([
      { httpMethod: "GET", pathTemplate: "/v2/users/{user_id}", body: "", responseBody: "" },
    ]);
    expect(httpBindingsOf(UserService.method.createUser)).toEqual([]); // not annotated
  });

  it("reads additional bindings, custom methods and response_body", () => {
    expect(httpBindingsOf(EchoService.method.get!)).toEqual([
      { httpMethod: "GET", pathTemplate: "/v1/things/{id}", body: "", responseBody: "" },
      { httpMethod: "GET", pathTemplate: "/v1/{parent=projects/*}/things/{id}", body: "", responseBody: "" },
    ]);
    expect(httpBindingsOf(EchoService.method.purge!)).toEqual([
      { httpMethod: "PURGE", pathTemplate: "/v1/things/{id}", body: "", responseBody: "" },
    ]);
    expect(httpBindingsOf(EchoService.method.setInner!)).toEqual([
      { httpMethod: "PATCH", pathTemplate: "/v1/things/{id}/inner", body: "inner", responseBody: "inner" },
    ]);
  });

  it("agrees with protobuf-es' google.api.http extension on every method ZITADEL publishes", async () => {
    const services = await allZitadelServices();
    let annotated = 0;
    for (const service of [...services, EchoService]) {
      for (const method of service.methods) {
        const expected = hasOption(method, http) ? bindingsByExtension(getOption(method, http)) : [];
        annotated += expected.length;
        expect(httpBindingsOf(method), `${method}`).toEqual(expected);
      }
    }
    expect(services.length).toBeGreaterThan(20);
    expect(annotated).toBeGreaterThan(800);
  });
});
