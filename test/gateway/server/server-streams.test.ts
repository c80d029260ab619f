// Server streams on the edge's two adapters (Express + connect-express on HTTP/1.1, connect-node on HTTP/2), with
// a stand-in WatchUserChanges that streams until its client leaves:
// - a path in `longLivedStreams` keeps only the client's deadline: REQUEST_TIMEOUT_MS does not cut it, while it
//   does cut the same stream on an edge where the path is not listed;
// - a client that takes no data is reset after `streamWriteTimeoutMs` (the HTTP/1.1 connection closed, the HTTP/2
//   stream RST_STREAM CANCEL) and the server's stream ends; without the option such a client holds it open.
import { setTimeout as delay } from "node:timers/promises";
import http2 from "node:http2";
import net from "node:net";
import { create, toBinary } from "@bufbuild/protobuf";
import { Code, ConnectError, createClient, type ConnectRouter } from "@connectrpc/connect";
import { createConnectTransport, createGrpcTransport } from "@connectrpc/connect-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEdgeHandler, type RpcOptions } from "../../../src/gateway/http/edge-handler.js";
import { startServer, type RunningServer, type ServerLogger } from "../../../src/gateway/listener/server.js";
import { UserHistoryService, WatchUserChangesRequestSchema } from "../../../src/gen/usersvc/history/v1/history_service_pb.js";

const WATCH_PATH = `/${UserHistoryService.typeName}/${UserHistoryService.method.watchUserChanges.name}`;
const REQUEST_TIMEOUT_MS = 400;
const STALL_MS = 800;
/** after_position "big": 256 KB messages as fast as they are taken, to fill a client's buffers quickly. */
const BIG = "big";

interface Edge {
  url: string;
  port: number;
  /** Streams the stand-in is serving right now. */
  open(): number;
  close(): Promise<void>;
}

const resets: number[] = [];
const logger = { error: () => {}, warn: () => resets.push(Date.now()), info: () => {}, debug: () => {} } as unknown as ServerLogger;

async function startStreamingEdge(rpc: Omit<RpcOptions, "routes">): Promise<Edge> {
  // A call is open until its signal aborts (client gone, stream reset, deadline): a generator suspended at a
  // yield nobody takes never gets to run its finally.
  const calls = new Set<AbortSignal>();
  const big = "x".repeat(256 * 1024);
  const routes = (router: ConnectRouter) =>
    router.service(UserHistoryService, {
      async *watchUserChanges(request, context) {
        calls.add(context.signal);
        for (let i = 0; ; i++) {
          context.signal.throwIfAborted(); // at the deadline: DeadlineExceeded
          yield { position: request.afterPosition === BIG ? big : String(i) };
          if (request.afterPosition !== BIG) await delay(50, undefined, { signal: context.signal }).catch(() => {});
        }
      },
    });
  const open = () => [...calls].filter((signal) => !signal.aborted).length;
  const handler = createEdgeHandler({ rpc: { routes, logger, ...rpc }, ui: false, corsOrigins: "*", ready: async () => true, logger });
  const server: RunningServer = await startServer({ port: 0, host: "127.0.0.1", logger, handler });
  return { url: server.url, port: server.port, open, close: () => server.close(500) };
}

let feedEdge: Edge; // the change feed's settings
let cappedEdge: Edge; // the path not listed as long-lived
let unguardedEdge: Edge; // no stall timeout

beforeAll(async () => {
  feedEdge = await startStreamingEdge({ requestTimeoutMs: REQUEST_TIMEOUT_MS, longLivedStreams: new Set([WATCH_PATH]), streamWriteTimeoutMs: STALL_MS });
  cappedEdge = await startStreamingEdge({ requestTimeoutMs: REQUEST_TIMEOUT_MS });
  unguardedEdge = await startStreamingEdge({});
});
afterAll(async () => {
  await Promise.all([feedEdge, cappedEdge, unguardedEdge].map((edge) => edge?.close()));
});

const transports = {
  "Connect over HTTP/1.1 (Express)": (url: string) => createConnectTransport({ baseUrl: url, httpVersion: "1.1" }),
  "gRPC over HTTP/2 (connect-node)": (url: string) => createGrpcTransport({ baseUrl: url }),
};

/** Reads the stream for `forMs` (or until it ends): the messages read and how it ended ("open" when it did not). */
async function readFor(url: string, transport: keyof typeof transports, forMs: number): Promise<{ messages: number; end: Code | "open" | "OK" }> {
  const client = createClient(UserHistoryService, transports[transport](url));
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), forMs);
  let messages = 0;
  try {
    for await (const message of client.watchUserChanges({}, { signal: abort.signal })) if (message.position !== "") messages++;
    return { messages, end: "OK" };
  } catch (error) {
    return { messages, end: abort.signal.aborted ? "open" : ConnectError.from(error).code };
  } finally {
    clearTimeout(timer);
  }
}

async function until(predicate: () => boolean, timeoutMs: number): Promise<boolean> {
  for (const end = Date.now() + timeoutMs; Date.now() < end; await delay(20)) if (predicate()) return true;
  return predicate();
}

describe.each(Object.keys(transports) as (keyof typeof transports)[])("%s", (transport) => {
  it("a long-lived stream outlives REQUEST_TIMEOUT_MS; the same stream not listed as long-lived is cut at it", async () => {
    const feed = await readFor(feedEdge.url, transport, REQUEST_TIMEOUT_MS * 4);
    expect(feed.end).toBe("open");
    expect(feed.messages).toBeGreaterThan(3);
    const capped = await readFor(cappedEdge.url, transport, 15_000);
    expect(capped.end).toBe(Code.DeadlineExceeded);
  }, 30_000);
});

interface StalledStream {
  /** Resolves when the client sees its stream end (on HTTP/1.1 only once it reads again: `resume`). */
  closed: Promise<number>;
  resume(): void;
  destroy(): void;
}

/** An HTTP/1.1 Connect stream on a raw socket that reads the first bytes, then nothing. */
function stalledHttp1Stream(edge: Edge): StalledStream {
  const body = Buffer.from(JSON.stringify({ afterPosition: BIG }));
  const envelope = Buffer.alloc(5 + body.length);
  envelope.writeUInt32BE(body.length, 1);
  body.copy(envelope, 5);
  const socket = net.connect({ port: edge.port, host: "127.0.0.1" });
  socket.on("error", () => {});
  socket.write(
    `POST ${WATCH_PATH} HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/connect+json\r\nconnect-protocol-version: 1\r\n` +
      `content-length: ${envelope.length}\r\n\r\n`,
  );
  socket.write(envelope);
  socket.once("data", () => socket.pause());
  return { closed: new Promise((resolve) => socket.on("close", () => resolve(0))), resume: () => socket.resume(), destroy: () => socket.destroy() };
}

/** A gRPC stream on HTTP/2 with a 16 KB window that reads the first bytes, then nothing. */
function stalledHttp2Stream(edge: Edge): StalledStream {
  const session = http2.connect(edge.url, { settings: { initialWindowSize: 16 * 1024 } });
  session.on("error", () => {});
  const stream = session.request({ ":method": "POST", ":path": WATCH_PATH, "content-type": "application/grpc+proto", te: "trailers" });
  stream.on("error", () => {});
  const body = toBinary(WatchUserChangesRequestSchema, create(WatchUserChangesRequestSchema, { afterPosition: BIG }));
  const frame = Buffer.alloc(5 + body.length);
  frame.writeUInt32BE(body.length, 1);
  frame.set(body, 5);
  stream.end(frame);
  stream.once("data", () => stream.pause());
  return {
    closed: new Promise((resolve) => stream.on("close", () => (session.close(), resolve(stream.rstCode ?? 0)))),
    resume: () => stream.resume(),
    destroy: () => session.destroy(),
  };
}

describe("a client that takes no data", () => {
  it("over HTTP/1.1 (Express): the connection is closed after streamWriteTimeoutMs and the server's stream ends", async () => {
    const before = resets.length;
    const stalled = stalledHttp1Stream(feedEdge);
    expect(await until(() => feedEdge.open() === 1, 10_000)).toBe(true);
    expect(await until(() => feedEdge.open() === 0, 10_000)).toBe(true);
    expect(resets.length).toBe(before + 1);
    stalled.resume(); // what the socket still holds, then the end
    await stalled.closed;
  }, 30_000);

  it("over HTTP/2 (connect-node): the stream is reset with CANCEL after streamWriteTimeoutMs and the server's stream ends", async () => {
    const before = resets.length;
    const stalled = stalledHttp2Stream(feedEdge);
    expect(await until(() => feedEdge.open() === 1, 10_000)).toBe(true);
    const rstCode = await Promise.race([stalled.closed, delay(10_000, "still open")]);
    expect(rstCode).toBe(http2.constants.NGHTTP2_CANCEL);
    expect(await until(() => feedEdge.open() === 0, 10_000)).toBe(true);
    expect(resets.length).toBe(before + 1);
  }, 30_000);

  it("without streamWriteTimeoutMs holds its stream open on either adapter (the checks above are the option's doing)", async () => {
    const streams = [stalledHttp1Stream(unguardedEdge), stalledHttp2Stream(unguardedEdge)];
    expect(await until(() => unguardedEdge.open() === 2, 10_000)).toBe(true);
    await delay(STALL_MS * 4);
    expect(unguardedEdge.open()).toBe(2);
    streams.forEach((s) => s.destroy());
    expect(await until(() => unguardedEdge.open() === 0, 10_000)).toBe(true);
  }, 30_000);
});
