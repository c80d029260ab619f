// ZITADEL's published UserService descriptors with a small echoing implementation behind a router transport,
// and the gateway in front of it on a real HTTP server: what a ZITADEL REST client sends and gets back.
import { createRegistry } from "@bufbuild/protobuf";
import { DurationSchema } from "@bufbuild/protobuf/wkt";
import { Code, ConnectError, createRouterTransport, type ConnectRouter } from "@connectrpc/connect";
import { ErrorDetailSchema, file_zitadel_message } from "@zitadel/proto/zitadel/message_pb.js";
import { ListDetailsSchema } from "@zitadel/proto/zitadel/object/v2/object_pb.js";
import { UserService } from "@zitadel/proto/zitadel/user/v2/user_service_pb.js";
import { UserState } from "@zitadel/proto/zitadel/user/v2/user_pb.js";
import { createRestGateway, type RestGatewayOptions, type RestHandler } from "../../../src/gateway/rest/index.js";
import { startRestTestServer, type RestTestServer } from "./rest-test-server.js";

export const MAX_BODY = 4096;
const ECHOED_HEADERS = ["authorization", "x-request-id", "if-match", "x-zitadel-orgid", "tenant",
  "x-forwarded-host", "x-forwarded-for", "cookie"];

export const routes = (router: ConnectRouter) =>
  router.service(UserService, {
    getUserByID(request, context) {
      context.responseHeader.set("etag", `"v-${request.userId}"`);
      context.responseHeader.set("x-request-id", context.requestHeader.get("x-request-id") ?? "none");
      context.responseHeader.set("x-internal", "not for clients");
      return {
        details: { sequence: 42n, resourceOwner: "org-1" },
        user: {
          userId: request.userId,
          state: UserState.ACTIVE,
          username: "ada",
          // What reached the implementation, so the test can see which headers were forwarded.
          loginNames: ECHOED_HEADERS.map((name) => `${name}=${context.requestHeader.get(name) ?? "-"}`),
          preferredLoginName: `timeout=${context.timeoutMs() ?? "none"}`,
          type: { case: "human", value: { profile: { givenName: "Ada", familyName: "Lovelace" } } },
        },
      };
    },
    addHumanUser(request) {
      return {
        userId: request.userId ?? "generated",
        details: { resourceOwner: request.organization?.org.value ?? "" },
        emailCode: [request.profile?.givenName, request.profile?.familyName, request.email?.email].join("|"),
      };
    },
    updateHumanUser() {
      throw new ConnectError("Errors.User.NotFound (COMMAND-abc12)", Code.NotFound, { "retry-after": "7" }, [
        { desc: ErrorDetailSchema, value: { id: "COMMAND-abc12", message: "Errors.User.NotFound" } },
      ]);
    },
    deleteUser(request) {
      return { details: { sequence: 7n, resourceOwner: `deleted ${request.userId}` } };
    },
    lockUser(request) {
      // "code-N" answers gRPC code N, to walk the status mapping.
      const code = Number(request.userId.replace("code-", "")) as Code;
      throw new ConnectError(`failed with ${Code[code]}`, code, { "x-request-id": "err-req" });
    },
    unlockUser() {
      throw new ConnectError("odd details", Code.FailedPrecondition, undefined, [
        { desc: ListDetailsSchema, value: { totalResult: 3n } }, // not in the gateway's registry
        { desc: DurationSchema, value: { seconds: 1n, nanos: 500_000_000 } }, // special JSON form
      ]);
    },
    listUsers(request) {
      return {
        details: { totalResult: (request.query?.offset ?? 0n) + BigInt(request.query?.limit ?? 0) },
        sortingColumn: request.sortingColumn,
        result: request.queries.map((q) => ({
          username: q.query.case === "userNameQuery" ? `${q.query.value.userName}/${q.query.value.method}` : "?",
        })),
      };
    },
  });

export const registry = createRegistry(file_zitadel_message, DurationSchema);

export function userServiceGateway(extra: Partial<RestGatewayOptions> = {}): RestHandler {
  return createRestGateway({
    services: [UserService],
    transport: createRouterTransport(routes),
    registry,
    maxBodyBytes: MAX_BODY,
    ...extra,
  });
}

export function startUserServiceGateway(extra: Partial<RestGatewayOptions> = {}): Promise<RestTestServer> {
  return startRestTestServer(userServiceGateway(extra));
}

export async function callGateway(
  server: RestTestServer,
  method: string,
  path: string,
  init: { body?: BodyInit; headers?: Record<string, string> } = {},
) {
  const response = await fetch(server.url + path, { method, body: init.body, headers: init.headers, duplex: "half" } as RequestInit);
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, json: text.startsWith("{") ? JSON.parse(text) : undefined };
}
