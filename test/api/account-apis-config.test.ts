// The other update-user APIs as the configuration sets them up: one switched off is served on no protocol
// (REST, gRPC, reflection); the others under their path prefixes only, counted in /metrics by their own
// service and method. Bad prefixes stop the start.
import { create } from "@bufbuild/protobuf";
import { Code, ConnectError, createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config.js";
import { ServerReflection, ServerReflectionRequestSchema } from "../../src/gen/grpc/reflection/v1/reflection_pb.js";
import { UserService as CloneSystems } from "../../src/gen/usersvc/clonesystems/v2/user_service_pb.js";
import { scrape, sumOf } from "../observe/prometheus-text.js";
import { serveForSuite } from "../helpers/serve-for-suite.js";
import { http } from "./account-api-helpers.js";

const suite = serveForSuite({ env: { CLONE_SYSTEMS_API: "false", EXANTE_API_PREFIX: "/exante", VMS_API_PREFIX: "/vms/v2/" } });

describe("the other update-user APIs, configured", () => {
  it("serves a switched-off API on no protocol", async () => {
    const { url, adminToken: token } = suite.server;
    expect((await http(url, "GET", "/v2/user/me", { token })).status).toBe(404);
    expect((await http(url, "PUT", "/v2/user/me", { token, body: { user: {} } })).status).toBe(404);
    const client = createClient(CloneSystems, createGrpcTransport({ baseUrl: url }));
    const refused = await client.getCurrentUser({}, { headers: { authorization: `Bearer ${token}` } }).then(
      () => undefined,
      (error: unknown) => ConnectError.from(error),
    );
    expect(refused?.code).toBe(Code.Unimplemented);
    const reflection = createClient(ServerReflection, createGrpcTransport({ baseUrl: url }));
    async function* ask() {
      yield create(ServerReflectionRequestSchema, { messageRequest: { case: "listServices", value: "" } });
    }
    const services: string[] = [];
    for await (const answer of reflection.serverReflectionInfo(ask())) {
      if (answer.messageResponse.case === "listServicesResponse") services.push(...answer.messageResponse.value.service.map((s) => s.name));
    }
    expect(services).toEqual(expect.arrayContaining(["usersvc.exante.v1.UserService", "usersvc.vms.v1.UserService", "zitadel.user.v2.UserService"]));
    expect(services).not.toContain("usersvc.clonesystems.v2.UserService");
  });

  it("serves the others under their prefixes only, and counts them by service and method", async () => {
    const { url, adminToken: token } = suite.server;
    const exante = await http(url, "PATCH", "/exante/api/user", { token, body: { timezone: "UTC" } });
    expect(exante.status).toBe(200);
    expect((exante.json as { status: string }).status).toBe("success");
    expect((await http(url, "PATCH", "/api/user", { token, body: {} })).status).toBe(404);
    expect((await http(url, "PUT", "/vms/v2/api/v1/users/self", { token, body: "null" })).status).toBe(200);
    expect((await http(url, "PUT", "/api/v1/users/self", { token, body: "null" })).status).toBe(404);
    const samples = await scrape(url);
    const counted = (service: string) => sumOf(samples, "rpc_server_requests_total", { service, method: "UpdateCurrentUser", protocol: "rest", code: "OK" });
    expect(counted("usersvc.exante.v1.UserService")).toBe(1);
    expect(counted("usersvc.vms.v1.UserService")).toBe(1);
  });

  it("refuses a prefix that is no path, and a switch that is no boolean", () => {
    expect(() => loadConfig({ VMS_API_PREFIX: "vms" })).toThrow(ConfigError);
    expect(() => loadConfig({ EXANTE_API_PREFIX: "/ex ante" })).toThrow(/EXANTE_API_PREFIX/);
    expect(() => loadConfig({ CLONE_SYSTEMS_API: "maybe" })).toThrow(/CLONE_SYSTEMS_API/);
    expect(loadConfig({}).accountApis).toEqual({
      cloneSystems: { enabled: true, pathPrefix: "" },
      exante: { enabled: true, pathPrefix: "" },
      vms: { enabled: true, pathPrefix: "" },
    });
  });
});

describe("rate limits", () => {
  const limited = serveForSuite({ env: { RATE_LIMIT_PER_SECOND: "1", RATE_LIMIT_BURST: "2" } });

  it("apply to these APIs as to ZITADEL's: 429 with Retry-After, in each API's error body", async () => {
    const { url, adminToken: token } = limited.server;
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await http(url, "PUT", "/api/v1/users/self", { token, body: "null" }));
    const refused = answers.find((a) => a.status === 429);
    expect(refused).toBeDefined();
    expect(Number(refused!.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(refused!.json).toEqual({ message: expect.stringContaining("GATEWAY-Rate1") });
    const exante = await http(url, "PATCH", "/api/user", { token, body: {} });
    expect(exante.status).toBe(429);
    expect(exante.json).toMatchObject({ status: "error", status_code: 429, data: null });
  });
});
