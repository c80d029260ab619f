// The edge of the one cleartext port: CORS for browsers, 404 for unknown paths, garbage bytes, and a
// graceful shutdown that lets in-flight requests finish while refusing new connections.
import http from "node:http";
import net from "node:net";
import { createClient } from "@connectrpc/connect";
import { createConnectTransport, createGrpcWebTransport } from "@connectrpc/connect-node";
import { UserService } from "@zitadel/proto/zitadel/user/v2/user_service_pb.js";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../../helpers/app-server.js";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ env: { CORS_ORIGINS: "https://app.example" } });
});
afterAll(async () => {
  await server?.stop().catch(() => {});
  await server?.drop();
});

it("answers a CORS preflight from an allowed origin and exposes the status headers", async () => {
  const response = await fetch(new URL("/zitadel.user.v2.UserService/GetUserByID", server.url), {
    method: "OPTIONS",
    headers: { origin: "https://app.example", "access-control-request-method": "POST", "access-control-request-headers": "content-type,x-grpc-web,authorization" },
  });
  expect(response.status).toBe(204);
  expect(response.headers.get("access-control-allow-origin")).toBe("https://app.example");
  expect(response.headers.get("access-control-allow-headers")?.toLowerCase()).toContain("authorization");
  const simple = await fetch(new URL("/v2/users/1", server.url), { headers: { origin: "https://app.example" } });
  const exposed = simple.headers.get("access-control-expose-headers")?.toLowerCase() ?? "";
  for (const header of ["grpc-status", "grpc-message", "grpc-status-details-bin"]) expect(exposed).toContain(header);
});

it("gives no CORS grant to other origins", async () => {
  const response = await fetch(new URL("/v2/users/1", server.url), { headers: { origin: "https://evil.example" } });
  expect(response.headers.get("access-control-allow-origin")).toBeNull();
});

it("answers unknown paths with a gRPC-gateway style 404", async () => {
  const response = await fetch(new URL("/no/such/path", server.url));
  expect(response.status).toBe(404);
  expect(await response.json()).toMatchObject({ code: 5 });
});

it("survives garbage bytes on the port", async () => {
  for (const junk of [Buffer.from("PRI * HTTP/2.0\r\n\r\nXX\r\n\r\n\x00\x01"), Buffer.from([0xff, 0x00, 0x13, 0x37]), Buffer.from("GET / HTTP/9\r\n\r\n")]) {
    await new Promise<void>((resolve) => {
      const socket = net.connect(server.port, "127.0.0.1", () => socket.end(junk));
      socket.on("error", () => resolve());
      socket.on("close", () => resolve());
      socket.resume();
    });
  }
  expect((await fetch(new URL("/healthz", server.url))).status).toBe(200);
});

it.each([
  ["Connect binary over h2c", () => createConnectTransport({ baseUrl: server.url, httpVersion: "2", useBinaryFormat: true })],
  ["Connect JSON over h2c", () => createConnectTransport({ baseUrl: server.url, httpVersion: "2" })],
  ["gRPC-web over h2c", () => createGrpcWebTransport({ baseUrl: server.url, httpVersion: "2" })],
  ["Connect binary over HTTP/1.1", () => createConnectTransport({ baseUrl: server.url, httpVersion: "1.1", useBinaryFormat: true })],
] as const)("serves %s", async (_name, transport) => {
  const users = createClient(UserService, transport());
  const adminId = server.app.bootstrap.adminUserId;
  const { user } = await users.getUserByID({ userId: adminId }, { headers: { authorization: `Bearer ${server.adminToken}` } });
  expect(user?.userId).toBe(adminId);
});

it("finishes in-flight requests on shutdown and refuses new connections", async () => {
  // A request whose body is still arriving is in flight: the server has its headers and waits for the rest.
  const body = JSON.stringify({ username: "slow", profile: { givenName: "S", familyName: "Low" }, email: { email: "slow@example.com", isVerified: true } });
  const url = new URL("/v2/users/human", server.url);
  let requestArrived!: () => void;
  const arrived = new Promise<void>((resolve) => (requestArrived = resolve));
  const response = new Promise<{ status: number; text: string }>((resolve, reject) => {
    const request = http.request(url, {
      agent: false, // a fresh connection, not a kept-alive one from an earlier test
      method: "POST",
      headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body), authorization: `Bearer ${server.adminToken}` },
    });
    request.on("response", (res) => {
      let text = "";
      res.on("data", (chunk) => (text += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
    });
    request.on("error", reject);
    request.write(body.slice(0, 10));
    request.on("socket", (socket) => socket.once("connect", () => setTimeout(requestArrived, 200)));
    void arrived.then(() => setTimeout(() => request.end(body.slice(10)), 100));
  });
  await arrived;
  const closing = server.stop();
  const answered = await response;
  expect(answered.status, answered.text).toBe(200);
  expect(JSON.parse(answered.text).userId).toMatch(/^\d+$/);
  await closing;
  await expect(fetch(new URL("/healthz", server.url))).rejects.toThrow();
});
