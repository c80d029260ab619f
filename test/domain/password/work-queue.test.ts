import { describe, expect, it } from "vitest";
import { createWorkQueue } from "../../../src/domain/password/work-queue.js";

/** A task whose completion the test controls. */
function controllable<T>() {
  let settle!: { resolve: (value: T) => void; reject: (error: Error) => void };
  let started = false;
  const promise = new Promise<T>((resolve, reject) => (settle = { resolve, reject }));
  return {
    task: () => {
      started = true;
      return promise;
    },
    get started() {
      return started;
    },
    ...settle,
  };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));
const full = () => new Error("full");

describe("createWorkQueue", () => {
  it("runs at most maxConcurrent tasks, starting waiting ones in order as slots free", async () => {
    const queue = createWorkQueue({ maxConcurrent: 2, maxQueue: 5, onFull: full });
    const tasks = Array.from({ length: 5 }, () => controllable<number>());
    const results = tasks.map((t, index) => queue.run(t.task).then((value) => [index, value]));
    expect(tasks.map((t) => t.started)).toEqual([true, true, false, false, false]);
    expect([queue.running, queue.waiting]).toEqual([2, 3]);

    tasks[1]!.resolve(1);
    await flush();
    expect(tasks.map((t) => t.started)).toEqual([true, true, true, false, false]);
    tasks[0]!.resolve(0);
    await flush();
    expect(tasks.map((t) => t.started)).toEqual([true, true, true, true, false]);
    expect([queue.running, queue.waiting]).toEqual([2, 1]);

    tasks[2]!.resolve(2);
    tasks[3]!.resolve(3);
    await flush();
    tasks[4]!.resolve(4);
    expect(await Promise.all(results)).toEqual([[0, 0], [1, 1], [2, 2], [3, 3], [4, 4]]);
    expect([queue.running, queue.waiting]).toEqual([0, 0]);
  });

  it("refuses a task at once when maxQueue tasks already wait", async () => {
    const queue = createWorkQueue({ maxConcurrent: 1, maxQueue: 1, onFull: full });
    const running = controllable<string>();
    const waiting = controllable<string>();
    const first = queue.run(running.task);
    const second = queue.run(waiting.task);
    let thirdStarted = false;
    await expect(queue.run(async () => ((thirdStarted = true), "third"))).rejects.toThrow("full");
    expect(thirdStarted).toBe(false);
    expect(waiting.started).toBe(false);

    running.resolve("a");
    await flush();
    waiting.resolve("b");
    expect([await first, await second]).toEqual(["a", "b"]);
    expect(await queue.run(async () => "free again")).toBe("free again");
  });

  it("with maxQueue 0 nothing waits", async () => {
    const queue = createWorkQueue({ maxConcurrent: 1, maxQueue: 0, onFull: full });
    const running = controllable<void>();
    const first = queue.run(running.task);
    await expect(queue.run(async () => undefined)).rejects.toThrow("full");
    running.resolve();
    await first;
  });

  it("frees the slot of a task that fails, whether it rejects or throws synchronously", async () => {
    const queue = createWorkQueue({ maxConcurrent: 1, maxQueue: 0, onFull: full });
    await expect(queue.run(() => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    await expect(
      queue.run(() => {
        throw new Error("sync boom");
      }),
    ).rejects.toThrow("sync boom");
    expect(queue.running).toBe(0);
    expect(await queue.run(async () => 42)).toBe(42);
  });

  it.each([
    [{ maxConcurrent: 0, maxQueue: 1 }],
    [{ maxConcurrent: 1.5, maxQueue: 1 }],
    [{ maxConcurrent: 1, maxQueue: -1 }],
  ])("rejects invalid limits %j", (limits) => {
    expect(() => createWorkQueue({ ...limits, onFull: full })).toThrow(/must be an integer/);
  });
});
