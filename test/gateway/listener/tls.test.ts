// TLS on the one port: ALPN offers h2 and http/1.1; gRPC, Connect over both HTTP versions and REST work.
import https from "node:https";
import tls from "node:tls";
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { createClient } from "@connectrpc/connect";
import { createConnectTransport, createGrpcTransport } from "@connectrpc/connect-node";
import * as grpc from "@grpc/grpc-js";
import { GetUserByIDRequestSchema, GetUserByIDResponseSchema, UserService } from "@zitadel/proto/zitadel/user/v2/user_service_pb.js";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../../helpers/app-server.js";
import { makeSelfSignedCert } from "./tls-cert.js";

let server: TestServer;
let ca: Buffer;
let adminId: string;
beforeAll(async () => {
  const cert = makeSelfSignedCert();
  ca = cert.cert;
  server = await startTestServer({ tls: cert });
  adminId = server.app.bootstrap.adminUserId;
});
afterAll(async () => {
  await server?.stop();
  await server?.drop();
});

const alpnOf = (protocols: string[]) =>
  new Promise<string | false>((resolve, reject) => {
    const socket = tls.connect({ host: "127.0.0.1", port: server.port, ca, ALPNProtocols: protocols, servername: "localhost" }, () => {
      resolve(socket.alpnProtocol ?? false);
      socket.end();
    });
    socket.on("error", reject);
  });

it("negotiates h2 and http/1.1 by ALPN", async () => {
  expect(server.url).toMatch(/^https:/);
  expect(await alpnOf(["h2", "http/1.1"])).toBe("h2");
  expect(await alpnOf(["http/1.1"])).toBe("http/1.1");
});

it("serves grpc-js over TLS", async () => {
  const Client = grpc.makeGenericClientConstructor(
    {
      GetUserByID: {
        path: `/${UserService.typeName}/GetUserByID`,
        requestStream: false,
        responseStream: false,
        requestSerialize: (m: never) => Buffer.from(toBinary(GetUserByIDRequestSchema, m)),
        requestDeserialize: (b: Buffer) => fromBinary(GetUserByIDRequestSchema, b),
        responseSerialize: (m: never) => Buffer.from(toBinary(GetUserByIDResponseSchema, m)),
        responseDeserialize: (b: Buffer) => fromBinary(GetUserByIDResponseSchema, b),
      },
    } as unknown as grpc.ServiceDefinition,
    "UserService",
  );
  const client = new Client(`localhost:${server.port}`, grpc.credentials.createSsl(ca)) as grpc.Client & Record<string, Function>;
  const metadata = new grpc.Metadata();
  metadata.set("authorization", `Bearer ${server.adminToken}`);
  const response = await new Promise<{ user?: { userId: string } }>((resolve, reject) =>
    client.GetUserByID!(create(GetUserByIDRequestSchema, { userId: adminId }), metadata, (error: Error | null, value: never) => (error ? reject(error) : resolve(value))),
  );
  client.close();
  expect(response.user?.userId).toBe(adminId);
});

it.each(["1.1", "2"] as const)("serves Connect JSON over TLS with HTTP/%s", async (httpVersion) => {
  const transport = createConnectTransport({ baseUrl: server.url, httpVersion, nodeOptions: { ca } });
  const users = createClient(UserService, transport);
  const { user } = await users.getUserByID({ userId: adminId }, { headers: { authorization: `Bearer ${server.adminToken}` } });
  expect(user?.userId).toBe(adminId);
});

it("serves gRPC (connect-node's transport) and REST over TLS", async () => {
  const users = createClient(UserService, createGrpcTransport({ baseUrl: server.url, nodeOptions: { ca } }));
  expect((await users.getUserByID({ userId: adminId }, { headers: { authorization: `Bearer ${server.adminToken}` } })).user?.userId).toBe(adminId);
  const body = await new Promise<string>((resolve, reject) => {
    https
      .get(`${server.url}/v2/users/${adminId}`, { ca, headers: { authorization: `Bearer ${server.adminToken}` } }, (res) => {
        let text = "";
        res.on("data", (chunk) => (text += chunk));
        res.on("end", () => (res.statusCode === 200 ? resolve(text) : reject(new Error(`${res.statusCode} ${text}`))));
      })
      .on("error", reject);
  });
  expect(JSON.parse(body).user.userId).toBe(adminId);
});
