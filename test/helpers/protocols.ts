// One way to call the service per protocol, all with ZITADEL's own published descriptors (@zitadel/proto),
// so every test can assert that gRPC, gRPC-web, Connect JSON and REST give the same outcome.
import { fromBinary, fromJson, toBinary, toJson, type DescMethod, type DescService, type JsonObject, type JsonValue } from "@bufbuild/protobuf";
import { base64Decode } from "@bufbuild/protobuf/wire";
import { Code, ConnectError, createClient, type Transport } from "@connectrpc/connect";
import { codeFromString } from "@connectrpc/connect/protocol-connect";
import { createConnectTransport, createGrpcWebTransport } from "@connectrpc/connect-node";
import * as grpc from "@grpc/grpc-js";
import { UserService } from "@zitadel/proto/zitadel/user/v2/user_service_pb.js";
import { ErrorDetailSchema } from "@zitadel/proto/zitadel/message_pb.js";
import { BadRequestSchema } from "../../src/gen/google/rpc/error_details_pb.js";
import { StatusSchema } from "../../src/gen/google/rpc/status_pb.js";
import { restCallFor } from "./rest-routes.js";

export type Outcome =
  | { ok: true; json: JsonObject; headers?: Record<string, string>; httpStatus?: number }
  | { ok: false; code: Code; message: string; violations: { field: string; reason: string }[]; errorId?: string; httpStatus?: number };

export interface Driver {
  name: "grpc" | "grpc-web" | "connect" | "rest";
  call(method: string, request: JsonObject, token?: string): Promise<Outcome>;
  close(): void;
}

const methodOf = (service: DescService, name: string): DescMethod => {
  const method = service.methods.find((m) => m.name === name);
  if (!method) throw new Error(`${service.typeName} has no method ${name}`);
  return method;
};

function detailsOutcome(code: Code, message: string, details: { type: string; value: Uint8Array }[], httpStatus?: number): Outcome {
  const violations: { field: string; reason: string }[] = [];
  let errorId: string | undefined;
  for (const detail of details) {
    if (detail.type === BadRequestSchema.typeName) {
      for (const v of fromBinary(BadRequestSchema, detail.value).fieldViolations) violations.push({ field: v.field, reason: v.reason });
    }
    if (detail.type === ErrorDetailSchema.typeName) errorId = fromBinary(ErrorDetailSchema, detail.value).id;
  }
  return { ok: false, code, message, violations, errorId, httpStatus };
}

function connectDriver(name: "connect" | "grpc-web", transport: Transport, service: DescService): Driver {
  const client = createClient(service, transport) as unknown as Record<string, (req: unknown, opts: unknown) => Promise<unknown>>;
  return {
    name,
    async call(methodName, request, token) {
      const method = methodOf(service, methodName);
      try {
        const response = await client[method.localName]!(fromJson(method.input, request), {
          headers: token ? { authorization: `Bearer ${token}` } : {},
        });
        return { ok: true, json: toJson(method.output, response as never) as JsonObject };
      } catch (error) {
        const e = ConnectError.from(error);
        const raw = e.details.filter((d): d is { type: string; value: Uint8Array } => "type" in d);
        return detailsOutcome(e.code, e.rawMessage, raw);
      }
    },
    close() {},
  };
}

function grpcJsDriver(url: string, service: DescService): Driver {
  const definition: Record<string, grpc.MethodDefinition<unknown, unknown>> = {};
  for (const method of service.methods) {
    definition[method.name] = {
      path: `/${service.typeName}/${method.name}`,
      requestStream: false,
      responseStream: false,
      requestSerialize: (m) => Buffer.from(toBinary(method.input, m as never)),
      requestDeserialize: (b: Buffer) => fromBinary(method.input, b),
      responseSerialize: (m) => Buffer.from(toBinary(method.output, m as never)),
      responseDeserialize: (b: Buffer) => fromBinary(method.output, b),
    };
  }
  const Client = grpc.makeGenericClientConstructor(definition, service.name);
  const client = new Client(new URL(url).host, grpc.credentials.createInsecure()) as unknown as Record<string, Function> & grpc.Client;
  return {
    name: "grpc",
    call(methodName, request, token) {
      const method = methodOf(service, methodName);
      const metadata = new grpc.Metadata();
      if (token) metadata.set("authorization", `Bearer ${token}`);
      return new Promise((resolve) => {
        client[method.name]!.call(client, fromJson(method.input, request), metadata, (error: grpc.ServiceError | null, response: never) => {
          if (!error) return resolve({ ok: true, json: toJson(method.output, response) as JsonObject });
          const bin = error.metadata?.get("grpc-status-details-bin")[0];
          const details = bin ? fromBinary(StatusSchema, bin as Buffer).details.map((a: { typeUrl: string; value: Uint8Array }) => ({ type: a.typeUrl.split("/").pop()!, value: a.value })) : [];
          resolve(detailsOutcome(error.code as number as Code, error.details, details));
        });
      });
    },
    close: () => client.close(),
  };
}

function restDriver(baseUrl: string): Driver {
  return {
    name: "rest",
    async call(methodName, request, token) {
      const { method, path, body } = restCallFor(methodName, request);
      const response = await fetch(new URL(path, baseUrl), {
        method,
        headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const json = (await response.json()) as JsonObject;
      if (response.ok) return { ok: true, json, httpStatus: response.status };
      // RPCs without a REST binding are called as Connect unary RPCs, whose errors name the code as text.
      if (typeof json.code === "string") return connectJsonError(json, response.status);
      const details = (json.details as JsonObject[] | undefined) ?? [];
      const violations = details
        .filter((d) => d["@type"] === `type.googleapis.com/${BadRequestSchema.typeName}`)
        .flatMap((d) => ((d.fieldViolations as JsonObject[]) ?? []).map((v) => ({ field: String(v.field), reason: String(v.reason ?? "") })));
      const errorId = details.find((d) => d["@type"] === `type.googleapis.com/${ErrorDetailSchema.typeName}`)?.id as string | undefined;
      return { ok: false, code: json.code as Code, message: String(json.message), violations, errorId, httpStatus: response.status };
    },
    close() {},
  };
}

/** A Connect protocol error body: {"code": "not_found", "message": …, "details": [{"type", "value": base64}]}. */
function connectJsonError(json: JsonObject, httpStatus: number): Outcome {
  const details = ((json.details as JsonObject[] | undefined) ?? []).map((d) => ({ type: String(d.type), value: base64Decode(String(d.value)) }));
  return detailsOutcome(codeFromString(String(json.code)) ?? Code.Unknown, String(json.message ?? ""), details, httpStatus);
}

/** Drivers for `service` (default: UserService), one per protocol. */
export function allDrivers(url: string, service: DescService = UserService): Driver[] {
  return [
    grpcJsDriver(url, service),
    connectDriver("grpc-web", createGrpcWebTransport({ baseUrl: url, httpVersion: "1.1" }), service),
    connectDriver("connect", createConnectTransport({ baseUrl: url, httpVersion: "1.1", useBinaryFormat: false }), service),
    restDriver(url),
  ];
}

export type { JsonObject, JsonValue };
