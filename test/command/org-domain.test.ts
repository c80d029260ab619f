// The primary domain a new organisation gets from its name, as ZITADEL derives it.
import { describe, expect, it } from "vitest";
import { orgDomainFromName } from "../../src/command/org/org-domain.js";
import { DomainError } from "../../src/domain/errors.js";

describe("orgDomainFromName", () => {
  it.each([
    ["ACME", "acme.example.com"],
    ["ACME Corp", "acme-corp.example.com"],
    // Each space becomes a hyphen, before other characters are dropped (so hyphens may double, as in ZITADEL).
    ["  Spaced   Out  ", "spaced---out.example.com"],
    ["Müller & Söhne AG", "müller--söhne-ag.example.com"],
    ["R&D (Zürich)", "rd-zürich.example.com"],
    ["-Edge-", "edge.example.com"],
    ["a".repeat(80), `${"a".repeat(63)}.example.com`],
  ])("%s → %s", (name, domain) => {
    expect(orgDomainFromName(name, "example.com")).toBe(domain);
  });

  it("keeps the whole domain within 253 characters", () => {
    const instance = `${"b".repeat(60)}.${"c".repeat(60)}.${"d".repeat(60)}.${"e".repeat(50)}`;
    const domain = orgDomainFromName("x".repeat(63), instance);
    expect(domain.length).toBe(253);
    expect(domain.endsWith(`.${instance}`)).toBe(true);
  });

  it("refuses a name that leaves no characters", () => {
    expect(() => orgDomainFromName("!!! ???", "example.com")).toThrow(DomainError);
  });
});
