// The one port with TLS: ALPN offers h2 and http/1.1, and every client kind negotiates the one it asks for.
import net from "node:net";
import tls from "node:tls";
import { Code, ConnectError, createClient, type Transport } from "@connectrpc/connect";
import { createConnectTransport, createGrpcTransport, createGrpcWebTransport } from "@connectrpc/connect-node";
import * as grpc from "@grpc/grpc-js";
import { UserService } from "@zitadel/proto/zitadel/user/v2/user_service_pb.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { grpcJsUserClient } from "./grpc-js-client.js";
import { selfSignedCert } from "./self-signed-cert.js";
import { startEdge, type EdgeUnderTest } from "./start-edge.js";

let edge: EdgeUnderTest;
let ca: Buffer;
let keyOfCa: Buffer;
beforeAll(async () => {
  const cert = selfSignedCert();
  ca = cert.cert;
  keyOfCa = cert.key;
  edge = await startEdge({ tls: cert });
});
afterAll(async () => {
  await edge?.close();
});

const negotiate = (offered: string[] | undefined) =>
  new Promise<string | false | null>((resolve, reject) => {
    const socket = tls.connect({ host: "127.0.0.1", port: edge.port, ca, servername: "localhost", ALPNProtocols: offered }, () => {
      resolve(socket.alpnProtocol);
      socket.end();
    });
    socket.on("error", reject);
  });

it("listens with an https URL and chooses the protocol by ALPN", async () => {
  expect(edge.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
  expect(await negotiate(["h2", "http/1.1"])).toBe("h2");
  expect(await negotiate(["http/1.1"])).toBe("http/1.1");
  expect(await negotiate(["h2"])).toBe("h2");
});

it("serves HTTP/1.1 to a client that offers no ALPN at all", async () => {
  expect(await negotiate(undefined)).toBe(false);
  const before = edge.seen.length;
  const response = await new Promise<string>((resolve, reject) => {
    const socket = tls.connect({ host: "127.0.0.1", port: edge.port, ca, servername: "localhost" }, () =>
      socket.end("GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"),
    );
    let text = "";
    socket.on("data", (chunk) => (text += chunk));
    socket.on("end", () => resolve(text));
    socket.on("error", reject);
  });
  expect(response).toMatch(/^HTTP\/1\.1 200 /);
  expect(response).toContain('{"status":"SERVING"}');
  expect(edge.seen.slice(before)).toMatchObject([{ httpVersion: "1.1", alpn: undefined }]);
});

it("serves grpc-js over TLS (h2)", async () => {
  const client = grpcJsUserClient(`localhost:${edge.port}`, grpc.credentials.createSsl(ca));
  try {
    const before = edge.seen.length;
    const response = (await client.unary("GetUserByID", { userId: "tls-1" })) as { user?: { userId: string } };
    expect(response.user?.userId).toBe("tls-1");
    expect(edge.seen.slice(before)).toMatchObject([{ httpVersion: "2.0", alpn: "h2" }]);
    await expect(client.unary("DeleteUser", { userId: "x" })).rejects.toMatchObject({ code: grpc.status.NOT_FOUND });
  } finally {
    client.close();
  }
});

// Node's https client offers no ALPN by default (then HTTP/1.1 is the only choice); these offer http/1.1
// explicitly so the negotiation itself is checked.
const http1Options = () => ({ ca, ALPNProtocols: ["http/1.1"] });

const transports: [string, () => Transport, { httpVersion: string; alpn: string }][] = [
  ["connect-node gRPC", () => createGrpcTransport({ baseUrl: edge.url, nodeOptions: { ca } }), { httpVersion: "2.0", alpn: "h2" }],
  ["gRPC-web over HTTP/1.1", () => createGrpcWebTransport({ baseUrl: edge.url, httpVersion: "1.1", nodeOptions: http1Options() }), { httpVersion: "1.1", alpn: "http/1.1" }],
  ["Connect JSON over HTTP/1.1", () => createConnectTransport({ baseUrl: edge.url, httpVersion: "1.1", nodeOptions: http1Options() }), { httpVersion: "1.1", alpn: "http/1.1" }],
  ["Connect binary over HTTP/2", () => createConnectTransport({ baseUrl: edge.url, httpVersion: "2", useBinaryFormat: true, nodeOptions: { ca } }), { httpVersion: "2.0", alpn: "h2" }],
];

describe.each(transports)("%s over TLS", (_name, transport, expected) => {
  it(`negotiates ${expected.alpn} and gets a user`, async () => {
    const users = createClient(UserService, transport());
    const before = edge.seen.length;
    const { user } = await users.getUserByID({ userId: "tls-2" });
    expect(user?.userId).toBe("tls-2");
    expect(edge.seen.slice(before)).toMatchObject([expected]);
  });

  it("receives the service's error", async () => {
    const users = createClient(UserService, transport());
    const error = await users.deleteUser({ userId: "u1" }).catch((e: unknown) => ConnectError.from(e));
    expect(error).toMatchObject({ code: Code.NotFound, rawMessage: "user u1 not found" });
  });
});

it("refuses cleartext on the TLS port without harm", async () => {
  const reply = await new Promise<string>((resolve) => {
    const socket = net.connect(edge.port, "127.0.0.1", () => socket.end("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"));
    let text = "";
    socket.on("data", (chunk: Buffer) => (text += chunk.toString("latin1")));
    socket.on("error", () => resolve(text));
    socket.on("close", () => resolve(text));
  });
  expect(reply).not.toContain("SERVING");
  expect(await negotiate(["h2"])).toBe("h2");
});

describe("HTTP/1.1 limits over TLS", () => {
  let strict: EdgeUnderTest;
  beforeAll(async () => {
    strict = await startEdge({ tls: { cert: ca, key: keyOfCa }, limits: { headersTimeoutMs: 300, maxHeaderBytes: 8 * 1024 } });
  });
  afterAll(async () => {
    await strict?.close();
  });

  const http1OverTls = (text: string) =>
    new Promise<{ received: string; closedAfterMs: number }>((resolve, reject) => {
      const started = Date.now();
      const socket = tls.connect({ host: "127.0.0.1", port: strict.port, ca, servername: "localhost", ALPNProtocols: ["http/1.1"] }, () => socket.write(text));
      let received = "";
      socket.on("data", (chunk) => (received += chunk));
      socket.on("close", () => resolve({ received, closedAfterMs: Date.now() - started }));
      socket.on("error", reject);
    });

  it("answers 431 to headers beyond the limit", async () => {
    const { received } = await http1OverTls(`GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${"a".repeat(10 * 1024)}\r\n\r\n`);
    expect(received).toMatch(/^HTTP\/1\.1 431 /);
  });

  it("answers 408 when headers do not finish in time", async () => {
    const { received, closedAfterMs } = await http1OverTls("GET /healthz HTTP/1.1\r\nHost: x\r\n");
    expect(received).toMatch(/^HTTP\/1\.1 408 /);
    expect(closedAfterMs).toBeGreaterThanOrEqual(250);
  });
});
