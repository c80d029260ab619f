// Tracing switched on by OTEL_EXPORTER_OTLP_ENDPOINT, against a loopback OTLP/HTTP receiver (the exporter sends
// JSON): a server span per RPC with the RPC attributes, continuing the caller's trace from `traceparent`, and a
// child span for the database statement of a change.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../helpers/app-server.js";
import { createCaller } from "./calls-with-headers.js";

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: { key: string; value: { stringValue?: string; intValue?: number | string } }[];
  status?: { code?: number };
}

const received: OtlpSpan[] = [];
let receiver: http.Server;
let server: TestServer;

beforeAll(async () => {
  receiver = http.createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      if (req.url === "/v1/traces" && (req.headers["content-type"] ?? "").startsWith("application/json")) {
        const payload = JSON.parse(body) as { resourceSpans: { scopeSpans: { spans: OtlpSpan[] }[] }[] };
        for (const r of payload.resourceSpans) for (const s of r.scopeSpans) received.push(...s.spans);
      }
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  const endpoint = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  server = await startTestServer({ env: { OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, OTEL_SERVICE_NAME: "users-under-test" } });
});
afterAll(async () => {
  await server?.stop().catch(() => {});
  await server?.drop();
  await new Promise((resolve) => receiver.close(resolve));
});

const attribute = (span: OtlpSpan, key: string) => {
  const value = span.attributes.find((a) => a.key === key)?.value;
  return value?.stringValue ?? (value?.intValue === undefined ? undefined : Number(value.intValue));
};

it("exports a server span per RPC, continuing the caller's trace, with a child span for the database", async () => {
  const caller = createCaller(server.url);
  const traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
  const parentId = "00f067aa0ba902b7";
  const auth = { authorization: `Bearer ${server.adminToken}` };
  const added = await caller.call("connect", "AddHumanUser", {
    username: "traced",
    profile: { givenName: "Tra", familyName: "Ced" },
    email: { email: "traced@example.com" },
  }, { ...auth, traceparent: `00-${traceId}-${parentId}-01` });
  expect(added.code).toBe(0);
  const missing = await caller.call("grpc", "GetUserByID", { userId: "nobody" }, auth);
  expect(missing.code).toBe(5);
  const rest = await caller.call("rest", "GetUserByID", { userId: server.app.bootstrap.adminUserId }, auth);
  expect(rest.code).toBe(0);
  caller.close();
  await server.stop(); // flushes the batch

  const add = received.find((s) => s.name === "zitadel.user.v2.UserService/AddHumanUser");
  expect(add, JSON.stringify(received.map((s) => s.name))).toBeDefined();
  expect(add!.kind).toBe(2); // SERVER
  expect(add!.traceId).toBe(traceId);
  expect(add!.parentSpanId).toBe(parentId);
  expect(attribute(add!, "rpc.system")).toBe("connect_rpc");
  expect(attribute(add!, "rpc.service")).toBe("zitadel.user.v2.UserService");
  expect(attribute(add!, "rpc.method")).toBe("AddHumanUser");
  expect(attribute(add!, "rpc.grpc.status_code")).toBe(0);
  expect(attribute(add!, "request.id")).toBe(added.header("x-request-id"));
  const children = received.filter((s) => s.parentSpanId === add!.spanId);
  expect(children.some((s) => s.name.startsWith("db ") && s.traceId === traceId && attribute(s, "db.system") !== undefined)).toBe(true);

  const get = received.filter((s) => s.name === "zitadel.user.v2.UserService/GetUserByID");
  const grpcGet = get.find((s) => attribute(s, "rpc.protocol") === "grpc")!;
  expect(grpcGet.traceId).not.toBe(traceId); // no traceparent: a new trace
  expect(grpcGet.parentSpanId ?? "").toBe("");
  expect(attribute(grpcGet, "rpc.system")).toBe("grpc");
  expect(attribute(grpcGet, "rpc.grpc.status_code")).toBe(5);
  // A REST request is one server span, named after the method it was routed to.
  const restGet = get.filter((s) => attribute(s, "rpc.protocol") === "rest");
  expect(restGet).toHaveLength(1);
  expect(attribute(restGet[0]!, "rpc.grpc.status_code")).toBe(0);
});
