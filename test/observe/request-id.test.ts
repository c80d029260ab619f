// Request ids over the network: every answer on every protocol carries `x-request-id` — the caller's when it is
// safe, a fresh one otherwise — and every log line about the request names it; the access log has one line
// per request and never the Authorization header.
import { Code, ConnectError, createContextValues } from "@connectrpc/connect";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorInterceptor } from "../../src/gateway/errors.js";
import { observationKey, RequestObservation, requestLogger } from "../../src/observe/request-observation.js";
import { MethodTable, CONNECT } from "../../src/observe/rpc-labels.js";
import { serveForSuite } from "../helpers/serve-for-suite.js";
import { createCaller, PROTOCOL_NAMES, type Caller } from "./calls-with-headers.js";

/** Log lines the server wrote, parsed. */
const lines: Record<string, unknown>[] = [];
const capture = (into: Record<string, unknown>[]) => pino({ level: "debug" }, { write: (line: string) => void into.push(JSON.parse(line)) });
const suite = serveForSuite({ logger: capture(lines) });
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

let caller: Caller;
beforeAll(() => {
  caller = createCaller(suite.server.url);
});
afterAll(() => caller.close());

const auth = () => ({ authorization: `Bearer ${suite.server.adminToken}` });
const adminId = () => suite.server.app.bootstrap.adminUserId;

/** The access log line of a request id, once the answer is complete (it is written when the response closes). */
async function accessLine(reqId: string): Promise<Record<string, unknown>> {
  for (let i = 0; i < 100; i++) {
    const found = lines.filter((l) => l.reqId === reqId && l.msg === "request");
    if (found.length > 1) throw new Error(`${found.length} access lines for ${reqId}`);
    if (found.length === 1) return found[0]!;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`no access line for ${reqId}`);
}

describe.each(PROTOCOL_NAMES)("x-request-id over %s", (protocol) => {
  it("is generated when the caller sends none, on success and on failure", async () => {
    const success = await caller.call(protocol, "GetUserByID", { userId: adminId() }, auth());
    const failure = await caller.call(protocol, "GetUserByID", { userId: "no-such-user" }, auth());
    expect(success.code).toBe(0);
    expect(failure.code).toBe(Code.NotFound);
    expect(success.header("x-request-id")).toMatch(UUID);
    expect(failure.header("x-request-id")).toMatch(UUID);
    expect(success.header("x-request-id")).not.toBe(failure.header("x-request-id"));
  });

  it("echoes a well-formed one", async () => {
    const id = `client-${protocol}-01HZX3:req/42=`;
    const outcome = await caller.call(protocol, "GetUserByID", { userId: adminId() }, { ...auth(), "x-request-id": id });
    expect(outcome.header("x-request-id")).toBe(id);
    const failed = await caller.call(protocol, "GetUserByID", { userId: "missing" }, { "x-request-id": `${id}-2` });
    expect(failed.code).toBe(Code.Unauthenticated);
    expect(failed.header("x-request-id")).toBe(`${id}-2`);
  });

  it("replaces a malformed one (too long, or characters a log could trip on)", async () => {
    for (const bad of ["a".repeat(129), "has space", "semi;colon", 'quo"te', "new\\nline"]) {
      const outcome = await caller.call(protocol, "GetUserByID", { userId: adminId() }, { ...auth(), "x-request-id": bad });
      expect(outcome.code).toBe(0);
      expect(outcome.header("x-request-id")).toMatch(UUID);
    }
  });

  it("names the request in its one access line, which holds no token", async () => {
    const id = `log-${protocol}-${Date.now()}`;
    const outcome = await caller.call(protocol, "GetUserByID", { userId: "no-such-user" }, { ...auth(), "x-request-id": id });
    expect(outcome.code).toBe(Code.NotFound);
    const line = await accessLine(id);
    expect(line).toMatchObject({ level: 30, reqId: id, protocol, service: "zitadel.user.v2.UserService", method: "GetUserByID", code: "NotFound" });
    expect(typeof line.durationMs).toBe("number");
    expect(JSON.stringify(lines)).not.toContain(suite.server.adminToken);
  });
});

describe("the error interceptor", () => {
  it("logs an internal error with the request's id", async () => {
    const logged: Record<string, unknown>[] = [];
    const base = capture(logged);
    const observation = new RequestObservation("req-internal-7", CONNECT, new MethodTable([]).unknown, base);
    const call = errorInterceptor((values) => requestLogger(values, base))(async () => {
      throw new Error("disk on fire");
    });
    const request = { method: { name: "GetUserByID" }, contextValues: createContextValues().set(observationKey, observation) };
    const error = await call(request as never).catch((e: unknown) => e);
    expect(ConnectError.from(error).code).toBe(Code.Internal);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ level: 50, reqId: "req-internal-7", msg: "internal error", procedure: "GetUserByID" });
    expect(JSON.stringify(logged[0])).toContain("disk on fire");
  });
});
