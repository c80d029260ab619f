// Bytes no client should send, clients that send too little or too slowly, and clients that vanish: the
// server answers what it can, closes what it must, and keeps serving everyone else.
import http2 from "node:http2";
import net from "node:net";
import { Duplex } from "node:stream";
import { setTimeout as delay } from "node:timers/promises";
import { Code, ConnectError, createClient } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-node";
import { UserService } from "@zitadel/proto/zitadel/user/v2/user_service_pb.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HTTP2_PREFACE } from "../../../src/gateway/listener/protocol-sniffer.js";
import { exchange } from "./raw-socket.js";
import { startEdge, type EdgeUnderTest } from "./start-edge.js";

let edge: EdgeUnderTest;
beforeAll(async () => {
  edge = await startEdge({ limits: { sniffTimeoutMs: 1_000, headersTimeoutMs: 400, maxHeaderBytes: 8 * 1024 } });
});
afterAll(async () => {
  await edge?.close();
});

const healthy = async () => expect((await fetch(new URL("/healthz", edge.url))).status).toBe(200);

describe("garbage", () => {
  it.each([
    ["binary noise", Buffer.from([0xff, 0x00, 0x13, 0x37, 0x00, 0x00, 0x00, 0x00])],
    ["a preface that goes wrong late", Buffer.from("PRI * HTTP/2.0\r\n\r\nXX\r\n\r\n\x00\x01")],
    ["an unknown HTTP version", Buffer.from("GET / HTTP/9\r\n\r\n")],
    ["a TLS ClientHello on the cleartext port", Buffer.from("160301002a010000260303" + "00".repeat(32) + "0000020035010000", "hex")],
  ])("answers %s with 400, closes, and keeps serving", async (_name, junk) => {
    const { received } = await exchange(edge.port, [junk]);
    expect(received).toBe("HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n");
    await healthy();
  });

  it("ends an HTTP/2 session whose frames are garbage with GOAWAY", async () => {
    const { received } = await exchange(edge.port, [HTTP2_PREFACE, Buffer.from("\x00\x00\x04\x99\xff\xff\xff\xff\xffjunkjunk", "latin1")]);
    expect(frameTypes(Buffer.from(received, "latin1"))).toContain(GOAWAY);
    await healthy();
  });
});

describe("clients that say little, slowly", () => {
  it("waits for an HTTP/2 preface that arrives in pieces", async () => {
    const session = http2.connect(edge.url, { createConnection: () => trickleFirstBytes(edge.port, HTTP2_PREFACE.length) });
    try {
      const { status, body } = await h2Get(session, "/healthz");
      expect(status).toBe(200);
      expect(JSON.parse(body)).toEqual({ status: "SERVING" });
    } finally {
      session.close();
    }
  });

  it("waits for an HTTP/1.1 request whose first byte alone could still be the HTTP/2 preface", async () => {
    const { received } = await exchange(edge.port, ["P", { pauseMs: 100 }, "UT /v2/echo HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"]);
    expect(received).toMatch(/^HTTP\/1\.1 200 OK/);
    expect(received).toContain('{"echoed":true}');
  });

  it("closes a connection that sends nothing within the sniff timeout", async () => {
    const { received, closedAfterMs } = await exchange(edge.port, []);
    expect(received).toBe("");
    expect(closedAfterMs).toBeGreaterThanOrEqual(900);
    expect(closedAfterMs).toBeLessThan(4_000);
  });

  it("closes a connection that half-closes before its protocol is known", async () => {
    const { received, closedAfterMs } = await exchange(edge.port, ["PRI * HT", "half-close"]);
    expect(received).toBe("");
    expect(closedAfterMs).toBeLessThan(700); // on its end, not at the 1 s sniff timeout
  });

  it("answers 408 when HTTP/1.1 headers do not finish in time", async () => {
    const { received, closedAfterMs } = await exchange(edge.port, ["GET /healthz HTTP/1.1\r\nHost: x\r\n"]);
    expect(received).toMatch(/^HTTP\/1\.1 408 /);
    expect(closedAfterMs).toBeGreaterThanOrEqual(350);
  });

  it("answers 431 to HTTP/1.1 headers beyond the limit", async () => {
    const { received } = await exchange(edge.port, [`GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${"a".repeat(10 * 1024)}\r\n\r\n`]);
    expect(received).toMatch(/^HTTP\/1\.1 431 /);
    await healthy();
  });

  it("refuses HTTP/2 headers beyond the limit without harm to the session's neighbours", async () => {
    const session = http2.connect(edge.url);
    session.on("error", () => {});
    try {
      // A first round trip makes sure the server's SETTINGS (with the limit) are acknowledged and in force.
      expect((await h2Get(session, "/healthz")).status).toBe(200);
      await expect(h2Get(session, "/healthz", { "x-big": "a".repeat(10 * 1024) })).rejects.toThrow(/ENHANCE_YOUR_CALM|REFUSED_STREAM/);
      await healthy();
    } finally {
      session.destroy();
    }
  });
});

describe("clients that vanish", () => {
  it("survives an HTTP/1.1 connection reset while its call is in flight", async () => {
    const body = JSON.stringify({ userId: "held-reset-1" });
    const connection = exchange(edge.port, [
      `POST /${UserService.typeName}/GetUserByID HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
      { pauseMs: 150 },
      "reset",
    ]);
    await edge.held.arrived("held-reset-1");
    await connection;
    edge.held.release("held-reset-1");
    await delay(50);
    await healthy();
  });

  it("survives a connection reset while its protocol is being sniffed", async () => {
    await exchange(edge.port, ["PRI * HTTP", { pauseMs: 50 }, "reset"]);
    await delay(50);
    await healthy();
  });

  it("survives an HTTP/2 connection reset (TCP RST) while a call is in flight", async () => {
    const socket = net.connect({ port: edge.port, host: "127.0.0.1" });
    socket.on("error", () => {});
    const session = http2.connect(edge.url, { createConnection: () => socket });
    session.on("error", () => {});
    const request = session.request({ ":method": "POST", ":path": `/${UserService.typeName}/GetUserByID`, "content-type": "application/json" });
    request.on("error", () => {});
    request.end(JSON.stringify({ userId: "held-rst-1" }));
    await edge.held.arrived("held-rst-1");
    socket.resetAndDestroy();
    await delay(100);
    edge.held.release("held-rst-1");
    await delay(50);
    await healthy();
  });

  it("survives an HTTP/2 stream cancelled and a session destroyed while calls are in flight", async () => {
    const users = createClient(UserService, createConnectTransport({ baseUrl: edge.url, httpVersion: "2" }));
    const abort = new AbortController();
    const cancelled = users.getUserByID({ userId: "held-cancel-1" }, { signal: abort.signal }).catch((e: unknown) => ConnectError.from(e));
    await edge.held.arrived("held-cancel-1");
    abort.abort();
    expect(await cancelled).toMatchObject({ code: Code.Canceled });
    edge.held.release("held-cancel-1");

    const session = http2.connect(edge.url);
    session.on("error", () => {});
    const request = session.request({ ":method": "POST", ":path": `/${UserService.typeName}/GetUserByID`, "content-type": "application/json" });
    request.on("error", () => {});
    request.end(JSON.stringify({ userId: "held-destroy-1" }));
    await edge.held.arrived("held-destroy-1");
    session.destroy();
    edge.held.release("held-destroy-1");
    await delay(50);
    await healthy();
    expect(edge.logged).toEqual([]);
  });
});

const GOAWAY = 0x7;

/** The types of the HTTP/2 frames in `bytes` (each frame: 3-byte length, type, flags, 4-byte stream id, payload). */
function frameTypes(bytes: Buffer): number[] {
  const types: number[] = [];
  for (let at = 0; at + 9 <= bytes.length; at += 9 + bytes.readUIntBE(at, 3)) types.push(bytes[at + 3]!);
  return types;
}

/** A connection whose first `count` bytes go out one per TCP write, a few milliseconds apart. */
function trickleFirstBytes(port: number, count: number): Duplex {
  const socket = net.connect({ port, host: "127.0.0.1", noDelay: true });
  let trickled = 0;
  const duplex = new Duplex({
    read: () => void socket.resume(),
    write(chunk: Buffer, _encoding, done) {
      void (async () => {
        let rest = chunk;
        while (trickled < count && rest.length > 0) {
          socket.write(rest.subarray(0, 1));
          rest = rest.subarray(1);
          trickled++;
          await delay(3);
        }
        if (rest.length > 0) socket.write(rest);
        done();
      })();
    },
    final(done) {
      socket.end();
      done();
    },
    destroy(error, done) {
      socket.destroy();
      done(error);
    },
  });
  socket.on("data", (data) => duplex.push(data) || socket.pause());
  socket.on("end", () => duplex.push(null));
  socket.on("error", (error) => duplex.destroy(error));
  return duplex;
}

function h2Get(session: http2.ClientHttp2Session, path: string, headers: http2.OutgoingHttpHeaders = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = session.request({ ":path": path, ...headers });
    let status = 0;
    let body = "";
    request.on("response", (h) => (status = Number(h[":status"])));
    request.on("data", (chunk: Buffer) => (body += chunk));
    request.on("end", () => (status ? resolve({ status, body }) : reject(new Error("stream ended without a response"))));
    request.on("error", reject);
    request.end();
  });
}
