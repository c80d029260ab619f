// WatchUserChanges readers over gRPC (grpc-js), gRPC-web and Connect (connect-node's transports over HTTP/1.1),
// recording every message and how the stream ended, including the position a cut-off status carries.
import { fromBinary, toBinary, toJson, type JsonObject } from "@bufbuild/protobuf";
import { Code, ConnectError, createClient } from "@connectrpc/connect";
import { createConnectTransport, createGrpcWebTransport } from "@connectrpc/connect-node";
import * as grpc from "@grpc/grpc-js";
import http2 from "node:http2";
import { StatusSchema } from "../../src/gen/google/rpc/status_pb.js";
import {
  ResumeInfoSchema,
  UserHistoryService,
  WatchUserChangesRequestSchema,
  WatchUserChangesResponseSchema,
  type WatchUserChangesRequest,
} from "../../src/gen/usersvc/history/v1/history_service_pb.js";
import { fromJson } from "@bufbuild/protobuf";

/** "grpc-raw": gRPC framed by hand on node:http2 with a small flow-control window, for clients that stop reading. */
export type FeedProtocol = "grpc" | "grpc-web" | "connect" | "grpc-raw";

export interface FeedMessageJson {
  position: string;
  change?: JsonObject;
  checkpoint?: JsonObject;
}

export interface FeedEnd {
  code: Code | "OK";
  message: string;
  /** From the status's usersvc.history.v1.ResumeInfo detail, when the server cut the stream off. */
  resumePosition?: string;
}

export interface FeedReader {
  readonly protocol: FeedProtocol;
  readonly messages: FeedMessageJson[];
  readonly ended: Promise<FeedEnd>;
  /** The client goes away mid-stream. */
  cancel(): void;
  /** grpc-raw only: stop reading (HTTP/2 flow control then holds the server back), and go on. */
  pause(): void;
  resume(): void;
}

export interface OpenFeedOptions {
  token: string;
  request?: JsonObject;
  /** The client's own deadline. */
  timeoutMs?: number;
}

const changes = (reader: FeedReader) => reader.messages.filter((m) => m.change);
export { changes as changesOf };

export function openFeed(protocol: FeedProtocol, url: string, options: OpenFeedOptions): FeedReader {
  const request = fromJson(WatchUserChangesRequestSchema, options.request ?? {});
  if (protocol === "grpc-raw") return rawGrpcReader(url, request, options);
  return protocol === "grpc" ? grpcReader(url, request, options) : connectReader(protocol, url, request, options);
}

function connectReader(protocol: "grpc-web" | "connect", url: string, request: WatchUserChangesRequest, options: OpenFeedOptions): FeedReader {
  const transport =
    protocol === "connect"
      ? createConnectTransport({ baseUrl: url, httpVersion: "1.1" })
      : createGrpcWebTransport({ baseUrl: url, httpVersion: "1.1" });
  const client = createClient(UserHistoryService, transport);
  const abort = new AbortController();
  const messages: FeedMessageJson[] = [];
  const ended = (async (): Promise<FeedEnd> => {
    try {
      const stream = client.watchUserChanges(request, { signal: abort.signal, headers: { authorization: `Bearer ${options.token}` }, timeoutMs: options.timeoutMs });
      for await (const message of stream) messages.push(toJson(WatchUserChangesResponseSchema, message) as unknown as FeedMessageJson);
      return { code: "OK", message: "" };
    } catch (error) {
      const e = ConnectError.from(error);
      return { code: e.code, message: e.rawMessage, resumePosition: e.findDetails(ResumeInfoSchema)[0]?.position };
    }
  })();
  return { protocol, messages, ended, cancel: () => abort.abort(), pause() {}, resume() {} };
}

function grpcReader(url: string, request: WatchUserChangesRequest, options: OpenFeedOptions): FeedReader {
  const method = UserHistoryService.method.watchUserChanges;
  const Client = grpc.makeGenericClientConstructor(
    {
      WatchUserChanges: {
        path: `/${UserHistoryService.typeName}/${method.name}`,
        requestStream: false,
        responseStream: true,
        requestSerialize: (m: WatchUserChangesRequest) => Buffer.from(toBinary(WatchUserChangesRequestSchema, m)),
        requestDeserialize: (b: Buffer) => fromBinary(WatchUserChangesRequestSchema, b),
        responseSerialize: (m: unknown) => Buffer.from(toBinary(WatchUserChangesResponseSchema, m as never)),
        responseDeserialize: (b: Buffer) => fromBinary(WatchUserChangesResponseSchema, b),
      },
    },
    "UserHistoryService",
  );
  const client = new Client(new URL(url).host, grpc.credentials.createInsecure()) as unknown as grpc.Client & {
    WatchUserChanges(request: WatchUserChangesRequest, metadata: grpc.Metadata, options: grpc.CallOptions): grpc.ClientReadableStream<never>;
  };
  const metadata = new grpc.Metadata();
  metadata.set("authorization", `Bearer ${options.token}`);
  const call = client.WatchUserChanges(request, metadata, options.timeoutMs ? { deadline: Date.now() + options.timeoutMs } : {});
  const messages: FeedMessageJson[] = [];
  call.on("data", (message) => messages.push(toJson(WatchUserChangesResponseSchema, message) as unknown as FeedMessageJson));
  const ended = new Promise<FeedEnd>((resolve) => {
    call.on("status", (status: grpc.StatusObject) => {
      client.close();
      if (status.code === grpc.status.OK) return resolve({ code: "OK", message: "" });
      const bin = status.metadata.get("grpc-status-details-bin")[0];
      const details = bin ? fromBinary(StatusSchema, bin as Buffer).details : [];
      const resume = details.find((d) => d.typeUrl.endsWith(ResumeInfoSchema.typeName));
      resolve({
        code: status.code as number as Code,
        message: status.details,
        resumePosition: resume ? fromBinary(ResumeInfoSchema, resume.value).position : undefined,
      });
    });
    call.on("error", () => {}); // the status event carries it
  });
  return { protocol: "grpc", messages, ended, cancel: () => call.cancel(), pause() {}, resume() {} };
}

// gRPC framed by hand on an HTTP/2 stream with a 16 KB window, so that a client that stops reading holds the
// server's writes back after a few messages (flow control), whatever a client library buffers on its own.
function rawGrpcReader(url: string, request: WatchUserChangesRequest, options: OpenFeedOptions): FeedReader {
  const session = http2.connect(url, { settings: { initialWindowSize: 16 * 1024 } });
  session.on("error", () => {});
  const stream = session.request({
    ":method": "POST",
    ":path": `/${UserHistoryService.typeName}/${UserHistoryService.method.watchUserChanges.name}`,
    "content-type": "application/grpc+proto",
    te: "trailers",
    authorization: `Bearer ${options.token}`,
  });
  const body = toBinary(WatchUserChangesRequestSchema, request);
  const frame = Buffer.alloc(5 + body.length);
  frame.writeUInt32BE(body.length, 1);
  frame.set(body, 5);
  stream.end(frame);
  const messages: FeedMessageJson[] = [];
  let pending = Buffer.alloc(0);
  stream.on("data", (chunk: Buffer) => {
    pending = Buffer.concat([pending, chunk]);
    while (pending.length >= 5 && pending.length >= 5 + pending.readUInt32BE(1)) {
      const length = pending.readUInt32BE(1);
      messages.push(toJson(WatchUserChangesResponseSchema, fromBinary(WatchUserChangesResponseSchema, pending.subarray(5, 5 + length))) as unknown as FeedMessageJson);
      pending = pending.subarray(5 + length);
    }
  });
  const ended = new Promise<FeedEnd>((resolve) => {
    let trailers: http2.IncomingHttpHeaders | undefined;
    stream.on("trailers", (headers) => (trailers = headers));
    stream.on("response", (headers) => {
      if (headers["grpc-status"] !== undefined) trailers = headers; // trailers-only answer
    });
    stream.on("error", () => {});
    stream.on("close", () => {
      session.close();
      if (!trailers) return resolve({ code: Code.Canceled, message: `stream closed without a status (RST_STREAM ${stream.rstCode})` });
      const code = Number(trailers["grpc-status"]);
      const bin = trailers["grpc-status-details-bin"];
      const details = typeof bin === "string" ? fromBinary(StatusSchema, Buffer.from(bin, "base64")).details : [];
      const resume = details.find((d) => d.typeUrl.endsWith(ResumeInfoSchema.typeName));
      resolve({
        code: code === 0 ? "OK" : (code as Code),
        message: decodeURIComponent(String(trailers["grpc-message"] ?? "")),
        resumePosition: resume ? fromBinary(ResumeInfoSchema, resume.value).position : undefined,
      });
    });
  });
  return { protocol: "grpc-raw", messages, ended, cancel: () => stream.close(http2.constants.NGHTTP2_CANCEL), pause: () => stream.pause(), resume: () => stream.resume() };
}

/** Polls `predicate` until it holds or `timeoutMs` passes; answers whether it held. */
export async function waitFor(predicate: () => boolean, timeoutMs: number): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > until) return false;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return true;
}

/** The feed's order of two positions ("<transaction>-<position>"); tests may look inside, clients must not. */
export function positionOrder(a: string, b: string): number {
  const [ta, pa] = a.split("-").map(BigInt) as [bigint, bigint];
  const [tb, pb] = b.split("-").map(BigInt) as [bigint, bigint];
  if (ta !== tb) return ta < tb ? -1 : 1;
  return pa === pb ? 0 : pa < pb ? -1 : 1;
}
