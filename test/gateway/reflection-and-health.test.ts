// gRPC server reflection (v1 and v1alpha) and grpc.health.v1.Health on the API port, with real clients:
// buf curl resolves our schema by reflection alone, grpc-js asks the health service. Neither needs a token.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import * as grpc from "@grpc/grpc-js";
import { FileDescriptorProtoSchema } from "@bufbuild/protobuf/wkt";
import { Code, createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { describe, expect, it } from "vitest";
import {
  ExtensionRequestSchema,
  ServerReflection,
  ServerReflectionRequestSchema,
  type ServerReflectionRequest,
  type ServerReflectionResponse,
} from "../../src/gen/grpc/reflection/v1/reflection_pb.js";
import {
  HealthCheckRequestSchema,
  HealthCheckResponseSchema,
  HealthCheckResponse_ServingStatus as Status,
  type HealthCheckResponse,
} from "../../src/gen/grpc/health/v1/health_pb.js";
import { serveForSuite } from "../helpers/serve-for-suite.js";

const run = promisify(execFile);
const suite = serveForSuite();

async function bufCurl(...args: string[]): Promise<string> {
  const { stdout } = await run("node_modules/.bin/buf", ["curl", "--protocol", "grpc", "--http2-prior-knowledge", ...args], { timeout: 30_000 });
  return stdout;
}

function healthClient(): grpc.Client {
  return new grpc.Client(new URL(suite.server.url).host, grpc.credentials.createInsecure());
}

function check(client: grpc.Client, service: string): Promise<HealthCheckResponse> {
  return new Promise((resolve, reject) =>
    client.makeUnaryRequest(
      "/grpc.health.v1.Health/Check",
      (request: string) => Buffer.from(toBinary(HealthCheckRequestSchema, create(HealthCheckRequestSchema, { service: request }))),
      (bytes: Buffer) => fromBinary(HealthCheckResponseSchema, bytes),
      service,
      (error, response) => (error ? reject(error) : resolve(response!)),
    ),
  );
}

describe("server reflection", () => {
  it("lets buf curl call GetUserByID knowing only the URL (reflection v1)", async () => {
    const userId = suite.server.app.bootstrap.adminUserId;
    const out = await bufCurl(
      "--reflect",
      "-H",
      `Authorization: Bearer ${suite.server.adminToken}`,
      "-d",
      JSON.stringify({ userId }),
      `${suite.server.url}/zitadel.user.v2.UserService/GetUserByID`,
    );
    expect(JSON.parse(out).user.userId).toBe(userId);
  });

  it.each(["grpc-v1", "grpc-v1alpha"])("lists our services over %s without a token", async (protocol) => {
    const out = await bufCurl("--reflect", "--reflect-protocol", protocol, "--list-services", suite.server.url);
    const services = out.trim().split("\n");
    expect(services).toEqual(
      expect.arrayContaining(["zitadel.user.v2.UserService", "zitadel.org.v2.OrganizationService", "usersvc.user.v1.UserMoveService", "grpc.health.v1.Health"]),
    );
  });

  it("lists the methods of every service, each resolved by symbol (v1alpha)", async () => {
    const out = await bufCurl("--reflect", "--reflect-protocol", "grpc-v1alpha", "--list-methods", suite.server.url);
    expect(out).toContain("zitadel.org.v2.OrganizationService/AddOrganization");
    expect(out).toContain("zitadel.user.v2.UserService/AddHumanUser");
    expect(out).toContain("usersvc.user.v1.UserMoveService/MoveUser");
    expect(out).toContain("grpc.health.v1.Health/Watch");
  });

  it("answers files, symbols and extensions, and NOT_FOUND in an error_response on the same stream", async () => {
    const transport = createGrpcTransport({ baseUrl: suite.server.url });
    const client = createClient(ServerReflection, transport);
    const questions: ServerReflectionRequest["messageRequest"][] = [
      { case: "fileByFilename", value: "zitadel/user/v2/user_service.proto" },
      { case: "fileContainingSymbol", value: "no.such.Service" },
      { case: "fileContainingSymbol", value: "zitadel.user.v2.AddHumanUserRequest" },
      { case: "fileContainingExtension", value: create(ExtensionRequestSchema, { containingType: "google.protobuf.FieldOptions", extensionNumber: 1071 }) },
      { case: "allExtensionNumbersOfType", value: "google.protobuf.MethodOptions" },
    ];
    async function* requests() {
      for (const messageRequest of questions) yield create(ServerReflectionRequestSchema, { messageRequest });
    }
    const answers: ServerReflectionResponse["messageResponse"][] = [];
    for await (const response of client.serverReflectionInfo(requests())) answers.push(response.messageResponse);
    expect(answers.map((a) => a.case)).toEqual([
      "fileDescriptorResponse",
      "errorResponse",
      "fileDescriptorResponse",
      "fileDescriptorResponse",
      "allExtensionNumbersResponse",
    ]);
    const names = (i: number) => {
      const answer = answers[i]!;
      if (answer.case !== "fileDescriptorResponse") throw new Error("no files");
      return answer.value.fileDescriptorProto.map((bytes) => fromBinary(FileDescriptorProtoSchema, bytes).name);
    };
    // The file first, then every file it imports, directly or not.
    expect(names(0)[0]).toBe("zitadel/user/v2/user_service.proto");
    expect(names(0)).toEqual(expect.arrayContaining(["google/api/annotations.proto", "google/protobuf/descriptor.proto", "validate/validate.proto", "zitadel/object/v2/object.proto", "usersvc/api/v1/http_response.proto"]));
    expect(answers[1]).toMatchObject({ value: { errorCode: Code.NotFound } });
    expect(names(2)[0]).toBe("zitadel/user/v2/user_service.proto");
    expect(names(3)[0]).toBe("validate/validate.proto");
    // google.api.http, and our usersvc.api.v1.http_response (the REST success status).
    expect(answers[4]).toMatchObject({ value: { baseTypeName: "google.protobuf.MethodOptions", extensionNumber: [52351, 72295728] } });
  });

  it("still requires a token for the API itself", async () => {
    await expect(bufCurl("--reflect", "-d", "{}", `${suite.server.url}/zitadel.user.v2.UserService/GetUserByID`)).rejects.toThrow(/unauthenticated/i);
  });
});

describe("grpc.health.v1.Health", () => {
  it("answers SERVING overall and per service, NOT_FOUND for unknown names (grpc-js, no token)", async () => {
    const client = healthClient();
    try {
      expect((await check(client, "")).status).toBe(Status.SERVING);
      expect((await check(client, "zitadel.user.v2.UserService")).status).toBe(Status.SERVING);
      expect((await check(client, "zitadel.org.v2.OrganizationService")).status).toBe(Status.SERVING);
      expect((await check(client, "usersvc.user.v1.UserMoveService")).status).toBe(Status.SERVING);
      await expect(check(client, "no.such.Service")).rejects.toMatchObject({ code: grpc.status.NOT_FOUND });
    } finally {
      client.close();
    }
  });

  it("answers Check over buf curl and Watch over grpc-js", async () => {
    expect(JSON.parse(await bufCurl("--reflect", "-d", '{"service":""}', `${suite.server.url}/grpc.health.v1.Health/Check`))).toEqual({ status: "SERVING" });
    // Watch streams: the current status first, then changes; a client takes the first and cancels.
    const client = healthClient();
    try {
      const first = (service: string) =>
        new Promise<HealthCheckResponse>((resolve, reject) => {
          const call = client.makeServerStreamRequest(
            "/grpc.health.v1.Health/Watch",
            (request: string) => Buffer.from(toBinary(HealthCheckRequestSchema, create(HealthCheckRequestSchema, { service: request }))),
            (bytes: Buffer) => fromBinary(HealthCheckResponseSchema, bytes),
            service,
          );
          call.on("data", (response: HealthCheckResponse) => (resolve(response), call.cancel()));
          call.on("error", (error: grpc.ServiceError) => error.code !== grpc.status.CANCELLED && reject(error));
        });
      expect((await first("zitadel.user.v2.UserService")).status).toBe(Status.SERVING);
      expect((await first("no.such.Service")).status).toBe(Status.SERVICE_UNKNOWN);
    } finally {
      client.close();
    }
  });
});
