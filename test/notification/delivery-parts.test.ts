// The small rules around a delivery: backoff steps and jitter, failure texts without secrets, and which
// pushes wake the worker.
import { describe, expect, it } from "vitest";
import { nominalDelayMs, retryDelayMs } from "../../src/notification/backoff.js";
import { queuesMessage } from "../../src/notification/outbox-wake.js";
import { describeFailure } from "../../src/notification/redact.js";

describe("retryDelayMs", () => {
  const policy = { baseMs: 1000, maxMs: 60_000 };

  it("doubles from the base up to the cap", () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 50].map((n) => nominalDelayMs(n, policy))).toEqual([1000, 2000, 4000, 8000, 16_000, 32_000, 60_000, 60_000, 60_000]);
  });

  it("jitters between half the step and the step", () => {
    expect(retryDelayMs(3, policy, () => 0)).toBe(2000);
    expect(retryDelayMs(3, policy, () => 0.999999)).toBe(4000);
    const spread = new Set(Array.from({ length: 50 }, () => retryDelayMs(3, policy)));
    expect(spread.size).toBeGreaterThan(10);
    for (const delay of spread) expect(delay >= 2000 && delay <= 4000).toBe(true);
  });
});

describe("describeFailure", () => {
  it("keeps the error's code and message but cuts out the code and the link", () => {
    const error = Object.assign(new Error("Message failed: 550 rejected https://app.example/v?c=AB12CD because AB12CD"), { code: "EMESSAGE" });
    expect(describeFailure(error, ["AB12CD", "https://app.example/v?c=AB12CD"])).toBe("EMESSAGE: Message failed: 550 rejected [redacted] because [redacted]");
  });

  it("keeps texts short", () => {
    expect(describeFailure(new Error("x".repeat(2000)), []).length).toBeLessThanOrEqual(501);
  });
});

describe("queuesMessage", () => {
  it("is true only for a push that inserts outbox rows", () => {
    expect(queuesMessage({ side: [{ table: "outbox", op: "insert", rows: [{ channel: "email" }] }] })).toBe(true);
    expect(queuesMessage({ side: [{ table: "user_metadata", op: "upsert", rows: [{ key: "k" }] }] })).toBe(false);
    expect(queuesMessage({ side: [] })).toBe(false);
    expect(queuesMessage({})).toBe(false);
  });
});
