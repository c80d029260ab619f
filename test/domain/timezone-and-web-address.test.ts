import { describe, expect, it } from "vitest";
import { normalizeTimeZone } from "../../src/domain/timezone.js";
import { checkWebAddress } from "../../src/domain/web-address.js";
import { domainErrorOf } from "./expect-domain-error.js";

describe("normalizeTimeZone", () => {
  it.each([
    ["UTC", "UTC"],
    ["utc", "UTC"],
    ["America/New_York", "America/New_York"],
    ["america/new_york", "America/New_York"],
    ["Europe/Athens", "Europe/Athens"],
    ["Etc/GMT+5", "Etc/GMT+5"],
    // Links ICU knows stay as written.
    ["Etc/UTC", "Etc/UTC"],
    ["US/Eastern", "US/Eastern"],
    ["Europe/Kyiv", "Europe/Kyiv"],
    ["Asia/Calcutta", "Asia/Calcutta"],
  ])("accepts %j as %j", (raw, stored) => {
    expect(normalizeTimeZone(raw)).toBe(stored);
  });

  it.each(["", "Mars/Olympus", "+01:00", "UTC+1", " UTC", "UTC ", "Europe/Athens\u0000", "../../etc/passwd", "A".repeat(65), "CEST"])("refuses %j", (raw) => {
    const error = domainErrorOf(() => normalizeTimeZone(raw, "user.timezone"));
    expect(error.violations).toEqual([expect.objectContaining({ field: "user.timezone", rule: "timezone.iana" })]);
  });
});

describe("checkWebAddress", () => {
  it.each(["clone-systems.com", "https://example.com/path?q=1", "http://localhost:8080", "www.example.co.uk/x"])("accepts %j as given", (raw) => {
    expect(checkWebAddress(raw)).toBe(raw);
  });

  it.each(["not a url", "ftp://example.com", "javascript:alert(1)", "http://", "example", "https://exa mple.com", "https://example.com/\n"])("refuses %j", (raw) => {
    expect(domainErrorOf(() => checkWebAddress(raw, "user.url")).violations[0]).toMatchObject({ field: "user.url", rule: "url.http" });
  });
});
