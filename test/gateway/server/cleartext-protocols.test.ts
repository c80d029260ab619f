// Every client kind on the one cleartext port: grpc-js and connect-node's gRPC transport over h2c with prior
// knowledge, gRPC-web and Connect JSON over HTTP/1.1, Connect binary over HTTP/2; the server sees the HTTP
// version each client chose.
import http from "node:http";
import { Code, ConnectError, createClient, type Transport } from "@connectrpc/connect";
import { createConnectTransport, createGrpcTransport, createGrpcWebTransport } from "@connectrpc/connect-node";
import * as grpc from "@grpc/grpc-js";
import { SessionService } from "@zitadel/proto/zitadel/session/v2/session_service_pb.js";
import { UserService } from "@zitadel/proto/zitadel/user/v2/user_service_pb.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { grpcJsUserClient, type GrpcJsUserClient } from "./grpc-js-client.js";
import { startEdge, type EdgeUnderTest } from "./start-edge.js";

let edge: EdgeUnderTest;
beforeAll(async () => {
  edge = await startEdge();
});
afterAll(async () => {
  await edge?.close();
});

describe("grpc-js over h2c", () => {
  let client: GrpcJsUserClient;
  beforeAll(() => {
    client = grpcJsUserClient(`127.0.0.1:${edge.port}`, grpc.credentials.createInsecure());
  });
  afterAll(() => client?.close());

  it("gets a user", async () => {
    const before = edge.seen.length;
    const response = (await client.unary("GetUserByID", { userId: "grpc-js-1" })) as { user?: { userId: string; username: string } };
    expect(response.user).toMatchObject({ userId: "grpc-js-1", username: "user-grpc-js-1" });
    expect(edge.seen.slice(before).map((r) => r.httpVersion)).toEqual(["2.0"]);
  });

  it("receives the service's error code and message", async () => {
    await expect(client.unary("DeleteUser", { userId: "u9" })).rejects.toMatchObject({ code: grpc.status.NOT_FOUND, details: "user u9 not found" });
  });

  it("gets Unimplemented for a method the service leaves out", async () => {
    await expect(client.unary("ListUsers", {})).rejects.toMatchObject({ code: grpc.status.UNIMPLEMENTED });
  });

  it("gets Unimplemented for a service the server does not have (the 404 fallback)", async () => {
    const raw = new grpc.Client(`127.0.0.1:${edge.port}`, grpc.credentials.createInsecure());
    const call = new Promise((resolve, reject) =>
      raw.makeUnaryRequest(`/${SessionService.typeName}/GetSession`, (b: Buffer) => b, (b: Buffer) => b, Buffer.alloc(0), (e, v) => (e ? reject(e) : resolve(v))),
    );
    await expect(call).rejects.toMatchObject({ code: grpc.status.UNIMPLEMENTED });
    raw.close();
  });
});

const transports: [string, () => Transport, string][] = [
  ["connect-node gRPC (h2c)", () => createGrpcTransport({ baseUrl: edge.url }), "2.0"],
  ["gRPC-web over HTTP/1.1", () => createGrpcWebTransport({ baseUrl: edge.url, httpVersion: "1.1" }), "1.1"],
  ["Connect JSON over HTTP/1.1", () => createConnectTransport({ baseUrl: edge.url, httpVersion: "1.1" }), "1.1"],
  ["Connect binary over HTTP/2", () => createConnectTransport({ baseUrl: edge.url, httpVersion: "2", useBinaryFormat: true }), "2.0"],
];

describe.each(transports)("%s", (_name, transport, httpVersion) => {
  it(`gets a user over HTTP/${httpVersion}`, async () => {
    const users = createClient(UserService, transport());
    const before = edge.seen.length;
    const { user } = await users.getUserByID({ userId: "c-1" });
    expect(user).toMatchObject({ userId: "c-1", username: "user-c-1" });
    expect(edge.seen.slice(before).map((r) => r.httpVersion)).toEqual([httpVersion]);
  });

  it("receives the service's error", async () => {
    const users = createClient(UserService, transport());
    const error = await users.deleteUser({ userId: "u7" }).catch((e: unknown) => ConnectError.from(e));
    expect(error).toMatchObject({ code: Code.NotFound, rawMessage: "user u7 not found" });
  });

  it("gets Unimplemented for a method the service leaves out, and for a service the server does not have", async () => {
    const users = createClient(UserService, transport());
    expect(await users.listUsers({}).catch((e: unknown) => ConnectError.from(e))).toMatchObject({ code: Code.Unimplemented });
    const sessions = createClient(SessionService, transport());
    expect(await sessions.getSession({ sessionId: "s" }).catch((e: unknown) => ConnectError.from(e))).toMatchObject({ code: Code.Unimplemented });
  });
});

it("serves several HTTP/1.1 requests on one kept-alive connection", async () => {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const get = () =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      http
        .get(new URL("/healthz", edge.url), { agent }, (res) => {
          let body = "";
          res.on("data", (chunk) => (body += chunk));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
        })
        .on("error", reject);
    });
  const before = edge.seen.length;
  expect(await get()).toEqual({ status: 200, body: '{"status":"SERVING"}' });
  expect(await get()).toEqual({ status: 200, body: '{"status":"SERVING"}' });
  agent.destroy();
  const ports = edge.seen.slice(before).map((r) => r.remotePort);
  expect(ports).toHaveLength(2);
  expect(ports[0]).toBe(ports[1]);
});
