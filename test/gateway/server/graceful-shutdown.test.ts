// close(graceMs): new connections are refused at once, new requests on open connections are refused (GOAWAY
// on HTTP/2, 503 and `connection: close` on HTTP/1.1), requests in flight finish, and whatever is still open
// when the grace period ends is cut.
import http2 from "node:http2";
import net from "node:net";
import tls from "node:tls";
import { setTimeout as delay } from "node:timers/promises";
import { ConnectError, createClient } from "@connectrpc/connect";
import { createConnectTransport, createGrpcWebTransport } from "@connectrpc/connect-node";
import * as grpc from "@grpc/grpc-js";
import { UserService } from "@zitadel/proto/zitadel/user/v2/user_service_pb.js";
import { afterEach, expect, it } from "vitest";
import { grpcJsUserClient, type GrpcJsUserClient } from "./grpc-js-client.js";
import { exchange } from "./raw-socket.js";
import { selfSignedCert } from "./self-signed-cert.js";
import { startEdge, type EdgeUnderTest } from "./start-edge.js";

const GET_USER = `/${UserService.typeName}/GetUserByID`;
let edge: EdgeUnderTest | undefined;
let grpcClient: GrpcJsUserClient | undefined;
afterEach(async () => {
  grpcClient?.close();
  await edge?.close(0);
});

const connectionRefused = (port: number) =>
  new Promise<string>((resolve) => {
    const socket = net.connect(port, "127.0.0.1", () => {
      socket.destroy();
      resolve("connected");
    });
    socket.on("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? "error"));
  });

const settled = (promise: Promise<unknown>) => {
  const state = { done: false };
  void promise.finally(() => (state.done = true));
  return state;
};

it("lets in-flight gRPC (h2c) and HTTP/1.1 calls finish while refusing new connections", async () => {
  edge = await startEdge();
  grpcClient = grpcJsUserClient(`127.0.0.1:${edge.port}`, grpc.credentials.createInsecure());
  const viaGrpc = grpcClient.unary("GetUserByID", { userId: "held-g1" });
  const viaHttp1 = createClient(UserService, createConnectTransport({ baseUrl: edge.url, httpVersion: "1.1" })).getUserByID({ userId: "held-c1" });
  await Promise.all([edge.held.arrived("held-g1"), edge.held.arrived("held-c1")]);

  const started = Date.now();
  const closing = edge.close(10_000);
  const closed = settled(closing);
  expect(await connectionRefused(edge.port)).toBe("ECONNREFUSED");
  await delay(100);
  expect(closed.done).toBe(false);

  edge.held.release("held-g1");
  edge.held.release("held-c1");
  expect(await viaGrpc).toMatchObject({ user: { userId: "held-g1" } });
  expect((await viaHttp1).user?.userId).toBe("held-c1");
  await closing;
  expect(Date.now() - started).toBeLessThan(2_000);
});

it("sends GOAWAY to HTTP/2 sessions: the call in flight finishes, a new stream is refused", async () => {
  edge = await startEdge();
  const session = http2.connect(edge.url);
  session.on("error", () => {});
  const goaway = new Promise<void>((resolve) => session.once("goaway", () => resolve()));
  const held = h2Post(session, GET_USER, { userId: "held-h2" });
  await edge.held.arrived("held-h2");

  const closing = edge.close(10_000);
  await goaway;
  await expect(h2Post(session, GET_USER, { userId: "late" })).rejects.toThrow();
  edge.held.release("held-h2");
  expect(await held).toMatchObject({ status: 200, body: { user: { userId: "held-h2" } } });
  await closing;
  expect(session.destroyed || session.closed).toBe(true);
});

it("closes idle kept-alive HTTP/1.1 connections at once and answers a request arriving during shutdown with 503", async () => {
  edge = await startEdge();
  // An idle kept-alive connection: one request answered, the socket left open.
  const idle = exchange(edge.port, ["GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"]);
  // A call in flight on its own connection keeps the shutdown going.
  const inFlight = exchange(edge.port, [jsonPost(GET_USER, { userId: "held-k1" })]);
  // A request whose headers are still arriving when shutdown begins.
  const late = exchange(edge.port, ["GET /healthz HTTP/1.1\r\nHost: x\r\n", { pauseMs: 400 }, "\r\n"]);
  await edge.held.arrived("held-k1");
  await delay(100);

  const closing = edge.close(10_000);
  // Closed while the held call is still in flight: idle connections do not wait for the others.
  const idleClosed = await idle;
  expect(idleClosed.received).toMatch(/^HTTP\/1\.1 200 OK\r\n[^]*\r\nConnection: keep-alive\r\n/);

  const refused = await late;
  expect(refused.received).toMatch(/^HTTP\/1\.1 503 Service Unavailable\r\n/);
  expect(refused.received).toMatch(/\r\nconnection: close\r\n/i);
  expect(refused.received).toMatch(/\r\n\r\n\{"code":14,"message":"the server is shutting down"\}$/);

  edge.held.release("held-k1");
  const answered = await inFlight;
  expect(answered.received).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
  expect(answered.received).toMatch(/\r\nconnection: close\r\n/i);
  expect(answered.received).toContain('"userId":"held-k1"');
  await closing;
});

it("does not wait for a pipelined request queued behind the last answer on its connection", async () => {
  edge = await startEdge();
  const connection = exchange(edge.port, [jsonPost(GET_USER, { userId: "held-p1" }), { pauseMs: 200 }, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"]);
  await edge.held.arrived("held-p1");
  const closing = edge.close(10_000);
  await delay(300); // the second request is queued now
  const released = Date.now();
  edge.held.release("held-p1");
  const { received } = await connection;
  expect(received).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
  expect(received).toMatch(/\r\nconnection: close\r\n/i);
  await closing;
  expect(Date.now() - released).toBeLessThan(1_000);
});

it("cuts calls still running when the grace period ends", async () => {
  edge = await startEdge();
  const users = createClient(UserService, createGrpcWebTransport({ baseUrl: edge.url, httpVersion: "1.1" }));
  const stuck = users.getUserByID({ userId: "held-forever" }).catch((e: unknown) => ConnectError.from(e));
  await edge.held.arrived("held-forever");
  const started = Date.now();
  await edge.close(300);
  const waited = Date.now() - started;
  expect(waited).toBeGreaterThanOrEqual(290);
  expect(waited).toBeLessThan(2_000);
  expect(await stuck).toBeInstanceOf(ConnectError);
  edge.held.release("held-forever");
});

it("closes at once when nothing is in flight, and a second close waits for the same shutdown", async () => {
  edge = await startEdge();
  grpcClient = grpcJsUserClient(`127.0.0.1:${edge.port}`, grpc.credentials.createInsecure());
  await grpcClient.unary("GetUserByID", { userId: "warm" }); // an open, idle HTTP/2 session
  const started = Date.now();
  const first = edge.close(10_000);
  const second = edge.close(10_000);
  expect(second).toBe(first);
  await first;
  expect(Date.now() - started).toBeLessThan(1_000);
});

it("lets a second close bring the deadline forward", async () => {
  edge = await startEdge();
  const users = createClient(UserService, createConnectTransport({ baseUrl: edge.url, httpVersion: "2" }));
  const stuck = users.getUserByID({ userId: "held-urgent" }).catch((e: unknown) => ConnectError.from(e));
  await edge.held.arrived("held-urgent");
  const started = Date.now();
  const patient = edge.close(60_000);
  await delay(100);
  await edge.close(0);
  await patient;
  expect(Date.now() - started).toBeLessThan(1_000);
  expect(await stuck).toBeInstanceOf(ConnectError);
  edge.held.release("held-urgent");
});

it("shuts down gracefully over TLS too, for h2 and http/1.1", async () => {
  const cert = selfSignedCert();
  edge = await startEdge({ tls: cert });
  const h2 = createClient(UserService, createConnectTransport({ baseUrl: edge.url, httpVersion: "2", nodeOptions: { ca: cert.cert } }));
  const h1 = createClient(UserService, createConnectTransport({ baseUrl: edge.url, httpVersion: "1.1", nodeOptions: { ca: cert.cert } }));
  const idle = idleTlsConnection(edge.port, cert.cert);
  await idle.answered;
  const viaH2 = h2.getUserByID({ userId: "held-t2" });
  const viaH1 = h1.getUserByID({ userId: "held-t1" });
  await Promise.all([edge.held.arrived("held-t2"), edge.held.arrived("held-t1")]);
  const closing = edge.close(10_000);
  expect(await connectionRefused(edge.port)).toBe("ECONNREFUSED");
  await idle.closed; // while both calls are still held
  edge.held.release("held-t2");
  edge.held.release("held-t1");
  expect((await viaH2).user?.userId).toBe("held-t2");
  expect((await viaH1).user?.userId).toBe("held-t1");
  await closing;
  expect(edge.seen.filter((r) => r.path === GET_USER).map((r) => r.alpn).sort()).toEqual(["h2", undefined]);
});

/** An HTTPS connection that got one answer and stays open (kept alive), idle. */
function idleTlsConnection(port: number, ca: Buffer): { answered: Promise<void>; closed: Promise<void> } {
  const socket = tls.connect({ host: "127.0.0.1", port, ca, servername: "localhost", ALPNProtocols: ["http/1.1"] }, () =>
    socket.write("GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n"),
  );
  socket.on("error", () => {});
  return {
    answered: new Promise((resolve) => socket.once("data", () => resolve())),
    closed: new Promise((resolve) => socket.once("close", () => resolve())),
  };
}

function jsonPost(path: string, json: object): string {
  const body = JSON.stringify(json);
  return `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
}

function h2Post(session: http2.ClientHttp2Session, path: string, json: object): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const request = session.request({ ":method": "POST", ":path": path, "content-type": "application/json" });
    let status = 0;
    let text = "";
    request.on("response", (headers) => (status = Number(headers[":status"])));
    request.on("data", (chunk: Buffer) => (text += chunk));
    request.on("end", () => (status ? resolve({ status, body: JSON.parse(text) as unknown }) : reject(new Error("no response"))));
    request.on("error", reject);
    request.end(JSON.stringify(json));
  });
}
