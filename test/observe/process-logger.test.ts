// The process logger writes asynchronously: nothing logged may be lost when the process stops, neither at a
// normal exit nor when it dies of an uncaught exception (which is logged, fatal, before the exit code 1).
import { spawnSync } from "node:child_process";
import path from "node:path";
import { expect, it } from "vitest";

const loggerModule = path.resolve(import.meta.dirname, "../../src/observe/process-logger.ts");

function runChild(ending: string) {
  const script = `
    const { createProcessLogger } = await import(${JSON.stringify(loggerModule)});
    const logger = createProcessLogger("info");
    for (let i = 0; i < 3000; i++) logger.info({ i, pad: "x".repeat(300) }, "line");
    ${ending}`;
  const child = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { encoding: "utf8", maxBuffer: 1 << 26 });
  const lines = child.stdout.split("\n").filter(Boolean).map((l) => JSON.parse(l) as { msg: string; i?: number; level: number; err?: { message: string } });
  return { status: child.status, lines };
}

it("flushes every buffered line when the process exits", () => {
  const { status, lines } = runChild("process.exit(0);");
  expect(status).toBe(0);
  expect(lines.filter((l) => l.msg === "line").map((l) => l.i)).toEqual(Array.from({ length: 3000 }, (_, i) => i));
});

it("logs an uncaught exception as fatal after every buffered line, and exits 1", () => {
  const { status, lines } = runChild(`setImmediate(() => { throw new Error("boom"); });`);
  expect(status).toBe(1);
  expect(lines.filter((l) => l.msg === "line")).toHaveLength(3000);
  const last = lines[lines.length - 1]!;
  expect(last).toMatchObject({ level: 60, msg: "uncaught exception: stopping", err: { message: "boom" } });
});
