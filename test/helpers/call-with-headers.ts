// One unary call on any of the four protocols with what the plain drivers (protocols.ts) leave out: request
// headers (If-Match), a client deadline, and the answer's headers (ETag, Retry-After) and RetryInfo.
import { fromBinary, fromJson, toBinary, toJson, type DescMethod, type JsonObject } from "@bufbuild/protobuf";
import { Code, ConnectError, createClient } from "@connectrpc/connect";
import { codeFromString } from "@connectrpc/connect/protocol-connect";
import { createConnectTransport, createGrpcWebTransport } from "@connectrpc/connect-node";
import * as grpc from "@grpc/grpc-js";
import { UserService } from "@zitadel/proto/zitadel/user/v2/user_service_pb.js";
import { ErrorDetailSchema } from "../../src/gen/zitadel/message_pb.js";
import { RetryInfoSchema } from "../../src/gen/google/rpc/error_details_pb.js";
import { StatusSchema } from "../../src/gen/google/rpc/status_pb.js";
import { restCallFor } from "./rest-routes.js";

export type Protocol = "grpc" | "grpc-web" | "connect" | "rest";
export const PROTOCOLS: readonly Protocol[] = ["grpc", "grpc-web", "connect", "rest"];

export interface CallOptions {
  token?: string;
  headers?: Record<string, string>;
  timeoutMs?: number;
}

export interface RawOutcome {
  ok: boolean;
  json: JsonObject;
  code: Code | undefined;
  message: string;
  errorId: string | undefined;
  httpStatus: number | undefined;
  /** Response headers and trailers, lower-case names. */
  headers: Record<string, string>;
  /** google.rpc.RetryInfo's retry_delay in ms, when the error carried one. */
  retryDelayMs: number | undefined;
}

const methodOf = (name: string): DescMethod => UserService.methods.find((m) => m.name === name)!;

function errorOutcome(code: Code, message: string, details: { type: string; value: Uint8Array }[], headers: Record<string, string>, httpStatus?: number): RawOutcome {
  let errorId: string | undefined;
  let retryDelayMs: number | undefined;
  for (const d of details) {
    if (d.type === ErrorDetailSchema.typeName) errorId = fromBinary(ErrorDetailSchema, d.value).id;
    if (d.type === RetryInfoSchema.typeName) {
      const delay = fromBinary(RetryInfoSchema, d.value).retryDelay;
      if (delay) retryDelayMs = Number(delay.seconds) * 1000 + delay.nanos / 1e6;
    }
  }
  return { ok: false, json: {}, code, message, errorId, httpStatus, headers, retryDelayMs };
}

const success = (json: JsonObject, headers: Record<string, string>, httpStatus?: number): RawOutcome => ({
  ok: true, json, code: undefined, message: "", errorId: undefined, httpStatus, headers, retryDelayMs: undefined,
});

function headerRecord(...sources: Headers[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const source of sources) source.forEach((value, name) => (out[name.toLowerCase()] ??= value));
  return out;
}

async function connectCall(protocol: "connect" | "grpc-web", url: string, method: DescMethod, request: JsonObject, options: CallOptions): Promise<RawOutcome> {
  const transport = protocol === "connect" ? createConnectTransport({ baseUrl: url, httpVersion: "1.1" }) : createGrpcWebTransport({ baseUrl: url, httpVersion: "1.1" });
  const client = createClient(UserService, transport) as unknown as Record<string, (req: unknown, opts: unknown) => Promise<unknown>>;
  let header = new Headers();
  let trailer = new Headers();
  try {
    const response = await client[method.localName]!(fromJson(method.input, request), {
      headers: { ...(options.token ? { authorization: `Bearer ${options.token}` } : {}), ...options.headers },
      timeoutMs: options.timeoutMs,
      onHeader: (h: Headers) => (header = h),
      onTrailer: (t: Headers) => (trailer = t),
    });
    return success(toJson(method.output, response as never) as JsonObject, headerRecord(header, trailer));
  } catch (error) {
    const e = ConnectError.from(error);
    const raw = e.details.filter((d): d is { type: string; value: Uint8Array } => "type" in d);
    return errorOutcome(e.code, e.rawMessage, raw, headerRecord(e.metadata, header, trailer));
  }
}

function grpcCall(url: string, method: DescMethod, request: JsonObject, options: CallOptions): Promise<RawOutcome> {
  const client = new grpc.Client(new URL(url).host, grpc.credentials.createInsecure());
  const metadata = new grpc.Metadata();
  if (options.token) metadata.set("authorization", `Bearer ${options.token}`);
  for (const [name, value] of Object.entries(options.headers ?? {})) metadata.set(name, value);
  const headers: Record<string, string> = {};
  const take = (md: grpc.Metadata) => {
    for (const [name, value] of Object.entries(md.getMap())) headers[name] ??= String(value);
  };
  return new Promise((resolve) => {
    const call = client.makeUnaryRequest(
      `/${UserService.typeName}/${method.name}`,
      (m: unknown) => Buffer.from(toBinary(method.input, m as never)),
      (b: Buffer) => fromBinary(method.output, b),
      fromJson(method.input, request),
      metadata,
      options.timeoutMs === undefined ? {} : { deadline: Date.now() + options.timeoutMs },
      (error, response) => {
        client.close();
        if (!error) return resolve(success(toJson(method.output, response as never) as JsonObject, headers));
        take(error.metadata);
        const bin = error.metadata?.get("grpc-status-details-bin")[0];
        const details = bin ? fromBinary(StatusSchema, bin as Buffer).details.map((a) => ({ type: a.typeUrl.split("/").pop()!, value: a.value })) : [];
        resolve(errorOutcome(error.code as number as Code, error.details, details, headers));
      },
    );
    call.on("metadata", take);
    call.on("status", (status: grpc.StatusObject) => take(status.metadata));
  });
}

async function restCall(url: string, method: DescMethod, request: JsonObject, options: CallOptions): Promise<RawOutcome> {
  const { method: verb, path, body } = restCallFor(method.name, request);
  const response = await fetch(new URL(path, url), {
    method: verb,
    headers: {
      "content-type": "application/json",
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...(options.timeoutMs === undefined ? {} : { "grpc-timeout": `${options.timeoutMs}m` }),
      ...options.headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const headers = headerRecord(response.headers);
  const json = (await response.json()) as JsonObject;
  if (response.ok) return success(json, headers, response.status);
  if (typeof json.code === "string") {
    // Connect protocol error (RPCs without a REST binding)
    const details = ((json.details as JsonObject[] | undefined) ?? []).map((d) => ({ type: String(d.type), value: Buffer.from(String(d.value), "base64") }));
    return errorOutcome(codeFromString(json.code) ?? Code.Unknown, String(json.message ?? ""), details, headers, response.status);
  }
  const details = (json.details as JsonObject[] | undefined) ?? [];
  const errorId = details.find((d) => d["@type"] === `type.googleapis.com/${ErrorDetailSchema.typeName}`)?.id as string | undefined;
  const retry = details.find((d) => d["@type"] === `type.googleapis.com/${RetryInfoSchema.typeName}`)?.retryDelay;
  const retryDelayMs = typeof retry === "string" ? Number(retry.replace(/s$/, "")) * 1000 : undefined;
  return { ok: false, json, code: json.code as Code, message: String(json.message ?? ""), errorId, httpStatus: response.status, headers, retryDelayMs };
}

export function callWith(protocol: Protocol, url: string, methodName: string, request: JsonObject, options: CallOptions = {}): Promise<RawOutcome> {
  const method = methodOf(methodName);
  if (protocol === "grpc") return grpcCall(url, method, request, options);
  if (protocol === "rest") return restCall(url, method, request, options);
  return connectCall(protocol, url, method, request, options);
}

/** The call's JSON answer, or a thrown error naming the failure. */
export function okJson(outcome: RawOutcome): JsonObject {
  if (!outcome.ok) throw new Error(`expected success, got code ${outcome.code}: ${outcome.message}`);
  return outcome.json;
}
