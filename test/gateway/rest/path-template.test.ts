import { describe, expect, it } from "vitest";
import { parsePathTemplate } from "../../../src/gateway/rest/path-template.js";

describe("parsePathTemplate", () => {
  it("flattens literals and a simple variable", () => {
    const t = parsePathTemplate("/v2/users/{user_id}/email");
    expect(t.segments).toEqual([
      { kind: "literal", value: "v2" },
      { kind: "literal", value: "users" },
      { kind: "star" },
      { kind: "literal", value: "email" },
    ]);
    expect(t.variables).toEqual([{ fieldPath: "user_id", start: 2, end: 3 }]);
    expect(t.verb).toBe("");
    expect(t.deepIndex).toBe(-1);
  });

  it("reads variables with sub-templates, dotted paths, ** and a verb", () => {
    const t = parsePathTemplate("/v1/{name=projects/*/things/*}/{a.b}/{rest=**}:cancel");
    expect(t.variables).toEqual([
      { fieldPath: "name", start: 1, end: 5 },
      { fieldPath: "a.b", start: 5, end: 6 },
      { fieldPath: "rest", start: 6, end: 7 },
    ]);
    expect(t.segments[6]).toEqual({ kind: "deep" });
    expect(t.deepIndex).toBe(6);
    expect(t.verb).toBe("cancel");
  });

  it("reads a verb directly after a literal", () => {
    const t = parsePathTemplate("/v1/things:search");
    expect(t.segments).toEqual([
      { kind: "literal", value: "v1" },
      { kind: "literal", value: "things" },
    ]);
    expect(t.verb).toBe("search");
  });

  it("accepts the root path as a template without segments", () => {
    expect(parsePathTemplate("/")).toMatchObject({ segments: [], variables: [], verb: "" });
  });

  it.each([
    ["v1/things", "must start with '/'"],
    ["/v1//things", "empty segment"],
    ["/v1/{a={b}}", "nested variables"],
    ["/v1/{a", "missing '}'"],
    ["/v1/{1a}", "invalid field path"],
    ["/v1/**/x/**", "at most one '**'"],
    ["/v1/{a}/{a}", "appears twice"],
    ["/v1/x:", "invalid verb"],
    ["/v1/x:a/b", "invalid verb"],
  ])("rejects %s", (template, reason) => {
    expect(() => parsePathTemplate(template)).toThrow(reason);
  });
});
