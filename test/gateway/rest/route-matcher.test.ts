import { describe, expect, it } from "vitest";
import { parsePathTemplate } from "../../../src/gateway/rest/path-template.js";
import { RouteMatcher } from "../../../src/gateway/rest/route-matcher.js";

function matcherOf(routes: [method: string, template: string][]): RouteMatcher<string> {
  const matcher = new RouteMatcher<string>();
  for (const [method, template] of routes) {
    expect(matcher.add(method, parsePathTemplate(template), `${method} ${template}`)).toBeUndefined();
  }
  return matcher;
}

const split = (path: string) => path.slice(1).split("/");

describe("RouteMatcher", () => {
  const matcher = matcherOf([
    ["GET", "/v2/users/{user_id}"],
    ["GET", "/v2/users/human"],
    ["POST", "/v2/users/human"],
    ["GET", "/v2/users/{user_id}/email"],
    ["GET", "/v2/users/human/{id}"],
    ["POST", "/v2/users:search"],
    ["POST", "/v2/users/{user_id}:lock"],
    ["GET", "/v1/files/{path=**}"],
    ["GET", "/v1/deep/**/end"],
  ]);

  it("prefers the literal route over a variable whatever the order of registration", () => {
    expect(matcher.match("GET", split("/v2/users/human"))?.route).toBe("GET /v2/users/human");
    expect(matcher.match("GET", split("/v2/users/123"))?.route).toBe("GET /v2/users/{user_id}");
    // the literal wins at the first segment where the two differ
    expect(matcher.match("GET", split("/v2/users/human/email"))?.route).toBe("GET /v2/users/human/{id}");
    expect(matcher.match("GET", split("/v2/users/bob/email"))?.route).toBe("GET /v2/users/{user_id}/email");
  });

  it("matches literals against the percent-decoded segment", () => {
    expect(matcher.match("GET", split("/v2/%75sers/human"))?.route).toBe("GET /v2/users/human");
  });

  it("separates custom verbs from the last segment", () => {
    expect(matcher.match("POST", split("/v2/users:search"))?.route).toBe("POST /v2/users:search");
    const lock = matcher.match("POST", split("/v2/users/42:lock"));
    expect(lock?.route).toBe("POST /v2/users/{user_id}:lock");
    expect(lock?.segments).toEqual(["v2", "users", "42"]);
    // without a verb route the colon is part of the variable
    expect(matcher.match("GET", split("/v2/users/a:lock"))?.route).toBe("GET /v2/users/{user_id}");
    expect(matcher.match("POST", split("/v2/users/:lock"))).toBeUndefined();
  });

  it("lets ** take zero or more segments and backs off for literals after it", () => {
    expect(matcher.match("GET", split("/v1/files/a/b/c"))).toMatchObject({ deepLength: 3 });
    expect(matcher.match("GET", split("/v1/files"))).toMatchObject({ deepLength: 0 });
    expect(matcher.match("GET", split("/v1/deep/x/y/end"))).toMatchObject({ route: "GET /v1/deep/**/end", deepLength: 2 });
    expect(matcher.match("GET", split("/v1/deep/x/y"))).toBeUndefined();
  });

  it("does not fill a variable with an empty segment", () => {
    expect(matcher.match("GET", split("/v2/users/"))).toBeUndefined();
    expect(matcher.match("GET", split("/v2/users//email"))).toBeUndefined();
  });

  it("lists the methods a path has, for 405", () => {
    expect(matcher.match("DELETE", split("/v2/users/human"))).toBeUndefined();
    expect(matcher.allowedMethods(split("/v2/users/human"))).toEqual(["GET", "POST"]);
    expect(matcher.allowedMethods(split("/nothing/here"))).toEqual([]);
  });

  it("reports a second route with the same method and shape", () => {
    const m = matcherOf([["GET", "/a/{x}"]]);
    expect(m.add("GET", parsePathTemplate("/a/{y}"), "other")).toBe("GET /a/{x}");
    expect(m.add("GET", parsePathTemplate("/a/{y}:v"), "verb")).toBeUndefined();
    expect(m.add("PUT", parsePathTemplate("/a/{y}"), "put")).toBeUndefined();
  });
});
