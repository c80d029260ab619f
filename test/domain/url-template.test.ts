import { describe, expect, it } from "vitest";
import { compileUrlTemplate } from "../../src/domain/url-template.js";
import { domainErrorOf } from "./expect-domain-error.js";

const ALLOWED = ["UserID", "Code", "OrgID"] as const;
const VALUES = { UserID: "user1", Code: "123", OrgID: "org1" };
const render = (template: string, values: Record<string, string> = VALUES) => compileUrlTemplate(template, ALLOWED).render(values);

describe("compileUrlTemplate renders Go text/template's link subset", () => {
  it("fills ZITADEL's example link", () => {
    expect(render("https://example.com/email/verify?userID={{.UserID}}&code={{.Code}}&orgID={{.OrgID}}")).toBe(
      "https://example.com/email/verify?userID=user1&code=123&orgID=org1",
    );
  });

  it.each([
    ["plain text", "https://example.com/verify", "https://example.com/verify"],
    ["empty template", "", ""],
    ["spaces inside the action", "a={{ .Code }}&b={{\t.UserID\n}}", "a=123&b=user1"],
    ["adjacent actions", "{{.UserID}}{{.Code}}{{.OrgID}}", "user1123org1"],
    ["a variable used twice", "{{.Code}}-{{.Code}}", "123-123"],
    ["single braces are text", "x={a}&y={ {.Code} }", "x={a}&y={ {.Code} }"],
    ["a stray }} outside an action is text, as in Go", "a}}b{{.Code}}", "a}}b123"],
    ["unicode text", "https://例え.jp/✓?c={{.Code}}", "https://例え.jp/✓?c=123"],
  ])("%s", (_name, template, expected) => {
    expect(render(template)).toBe(expected);
  });

  it.each([
    ["left trim", "a \n\t {{- .Code}}", "a123"],
    ["right trim", "{{.Code -}} \n b", "123b"],
    ["both", "a  {{- .Code -}}  b", "a123b"],
    ["trim with a newline as the marker's space", "a {{-\n.Code\n-}} b", "a123b"],
    ["trim removes only whitespace", "a. {{- .Code -}} .b", "a.123.b"],
    ["trim across a comment", "a {{- /* note */ -}} b", "ab"],
    ["trim through several actions", "{{.UserID -}} {{- .Code}}", "user1123"],
  ])("trim markers: %s", (_name, template, expected) => {
    expect(render(template)).toBe(expected);
  });

  it.each([
    ["a comment disappears", "a{{/* ignore {{.Nope}} */}}b", "ab"],
    ["a multi-line comment", "a{{/* line one\nline two */}}b", "ab"],
    ["a comment with trim markers and spaces kept outside", "a {{- /* x */}} b", "a b"],
  ])("comments: %s", (_name, template, expected) => {
    expect(render(template)).toBe(expected);
  });

  it("inserts values as they are (text/template does not escape)", () => {
    expect(render("https://x/?c={{.Code}}", { ...VALUES, Code: "a&b=<c> d/é" })).toBe("https://x/?c=a&b=<c> d/é");
  });

  it("throws a plain error when a value for a used variable is missing at render time", () => {
    expect(() => compileUrlTemplate("{{.Code}}", ALLOWED).render({ UserID: "u" })).toThrow(/\.Code is missing/);
  });
});

describe("compileUrlTemplate refuses what is outside the subset", () => {
  it.each([
    ["{{", "lone opening"],
    ["https://x/?c={{.Code", "unclosed action"],
    ["{{.Code}", "half-closed action"],
    ["{{}}", "empty action"],
    ["{{ }}", "blank action"],
    ["{{ -}}", "only a trim marker"],
    ["{{.}}", "dot alone"],
    ["{{.Foo}}", "unknown variable (ZITADEL's execution error)"],
    ["{{.code}}", "wrong case"],
    ["{{.Code.Length}}", "field chain"],
    ["{{ .Code | urlquery }}", "pipeline"],
    ["{{urlquery .Code}}", "function call"],
    ["{{printf \"%s\" .Code}}", "printf"],
    ["{{if .Code}}x{{end}}", "if"],
    ["{{range .Code}}x{{end}}", "range"],
    ["{{with .Code}}{{.}}{{end}}", "with"],
    ["{{$x := .Code}}{{$x}}", "variable"],
    ["{{\"literal\"}}", "string literal"],
    ["{{42}}", "number"],
    ["{{template \"x\"}}", "template call"],
    ["{{block \"x\" .}}{{end}}", "block"],
    ["{{-.Code}}", "trim marker without space (a number in Go)"],
    ["{{.Code-}}", "right trim marker without space"],
    ["{{ - .Code}}", "dash after a space"],
    ["{{/* unclosed comment }}", "unclosed comment"],
    ["{{/* comment */ }}", "space between comment and }}"],
    ["{{ /* comment */}}", "space before the comment"],
    ["{{-  /* comment */}}", "two spaces between trim marker and comment"],
    ["{{/* comment */ .Code}}", "comment followed by an action"],
  ])("%j (%s)", (template) => {
    const error = domainErrorOf(() => compileUrlTemplate(template, ALLOWED, "email.send_code.url_template"));
    expect(error.kind).toBe("invalid_argument");
    expect(error.id).toBe("URLTPL-Inval1");
    expect(error.violations).toEqual([
      expect.objectContaining({ field: "email.send_code.url_template", rule: "url_template.invalid" }),
    ]);
  });

  it("names the allowed variables when one is unknown", () => {
    expect(domainErrorOf(() => compileUrlTemplate("{{.Foo}}", ALLOWED)).message).toMatch(/\.Foo.*\.UserID, \.Code, \.OrgID/);
    expect(domainErrorOf(() => compileUrlTemplate("{{.Foo}}", ALLOWED)).violations[0]?.field).toBe("url_template");
  });

  it("checks names against the given list only", () => {
    expect(compileUrlTemplate("{{.LoginName}}", ["LoginName"]).render({ LoginName: "a@b" })).toBe("a@b");
    expect(() => compileUrlTemplate("{{.UserID}}", [])).toThrow();
  });
});
