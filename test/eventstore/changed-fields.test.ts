// Which fields a push writes for a stored row: values compared by content, the event time always written.
import { describe, expect, it } from "vitest";
import { EVENT_TIME } from "../../src/domain/event-time.js";
import { changedFields } from "../../src/eventstore/changed-fields.js";

describe("changedFields", () => {
  it("lists only fields whose value differs by content", () => {
    const before = { id: "u1", name: "Ada", born: new Date(1815, 11, 10), codes: { email: { hash: "h", failedAttempts: 0 } }, avatar: new Uint8Array([1, 2]), phone: null };
    const same = { id: "u1", name: "Ada", born: new Date(1815, 11, 10), codes: { email: { hash: "h", failedAttempts: 0 } }, avatar: new Uint8Array([1, 2]), phone: null };
    expect(changedFields(before, same)).toEqual([]);
    const after = { ...same, name: "Ada L.", codes: { email: { hash: "h", failedAttempts: 1 } }, avatar: new Uint8Array([1, 3]), phone: "+41790000000" };
    expect(changedFields(before, after)).toEqual(["name", "codes", "avatar", "phone"]);
  });

  it("always writes a field set to the event time, and fields the row did not have", () => {
    expect(changedFields({ passwordChanged: EVENT_TIME }, { passwordChanged: EVENT_TIME, extra: 0 })).toEqual(["passwordChanged", "extra"]);
  });
});
