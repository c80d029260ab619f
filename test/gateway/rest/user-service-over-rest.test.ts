// The gateway in front of ZITADEL's UserService over real HTTP (see user-service-fixture.ts): successful calls,
// header forwarding and the HTTP/2 compat API.
import { connect as connectHttp2, createServer as createHttp2Server, type Http2Server } from "node:http2";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FALL_THROUGH_BODY, type RestTestServer } from "./rest-test-server.js";
import { callGateway, startUserServiceGateway, userServiceGateway } from "./user-service-fixture.js";

let server: RestTestServer;
beforeAll(async () => {
  server = await startUserServiceGateway();
});
afterAll(() => server.close());

const call = (method: string, path: string, init?: Parameters<typeof callGateway>[3]) => callGateway(server, method, path, init);

describe("UserService over REST: success", () => {
  it("maps the path variable and renders proto3 JSON the way ZITADEL's gateway does", async () => {
    const { status, headers, json } = await call("GET", "/v2/users/u-123");
    expect(status).toBe(200);
    expect(headers.get("content-type")).toBe("application/json");
    // lowerCamelCase names, enums by name, uint64 as a string, unpopulated fields (changeDate…) left out
    expect(json).toMatchObject({
      details: { sequence: "42", resourceOwner: "org-1" },
      user: {
        userId: "u-123",
        state: "USER_STATE_ACTIVE",
        username: "ada",
        human: { profile: { givenName: "Ada", familyName: "Lovelace" } },
      },
    });
    expect(Object.keys(json.details)).toEqual(["sequence", "resourceOwner"]);
    expect(Object.keys(json.user.human.profile)).toEqual(["givenName", "familyName"]);
  });

  it("percent-decodes a path variable", async () => {
    const { json } = await call("GET", "/v2/users/a%20b%2Fc");
    expect(json.user.userId).toBe("a b/c");
  });

  it("forwards the configured headers and grpc-gateway's Grpc-Metadata- prefix, and nothing else", async () => {
    const { json } = await call("GET", "/v2/users/u-1", {
      headers: {
        authorization: "Bearer secret-token",
        "x-request-id": "req-9",
        "if-match": '"v-1"',
        "x-zitadel-orgid": "org-7",
        "grpc-metadata-tenant": "acme",
        "grpc-metadata-connect-timeout-ms": "60000", // would steer the in-process protocol: dropped
        cookie: "session=1", // not in the list
        "x-forwarded-for": "10.0.0.1",
      },
    });
    const seen = Object.fromEntries((json.user.loginNames as string[]).map((entry) => entry.split(/=(.*)/s)));
    expect(seen).toMatchObject({
      authorization: "Bearer secret-token",
      "x-request-id": "req-9",
      "if-match": '"v-1"',
      "x-zitadel-orgid": "org-7",
      tenant: "acme",
      cookie: "-",
      "x-forwarded-host": new URL(server.url).host,
      "x-forwarded-for": "10.0.0.1, 127.0.0.1",
    });
    expect(json.user.preferredLoginName).toBe("timeout=none"); // no deadline smuggled in
  });

  it("passes grpc-timeout on as the call's deadline and refuses a malformed one", async () => {
    const { json } = await call("GET", "/v2/users/u-1", { headers: { "grpc-timeout": "5S" } });
    const remaining = Number(String(json.user.preferredLoginName).replace("timeout=", ""));
    expect(remaining).toBeGreaterThan(0);
    expect(remaining).toBeLessThanOrEqual(5000);
    expect((await call("GET", "/v2/users/u-1")).json.user.preferredLoginName).toBe("timeout=none");
    const bad = await call("GET", "/v2/users/u-1", { headers: { "grpc-timeout": "soon" } });
    expect(bad.status).toBe(400);
    expect(bad.json).toEqual({ code: 3, message: 'invalid grpc-timeout "soon"' });
  });

  it("copies the configured response headers back, and only those", async () => {
    const { headers } = await call("GET", "/v2/users/u-5", { headers: { "x-request-id": "req-5" } });
    expect(headers.get("etag")).toBe('"v-u-5"');
    expect(headers.get("x-request-id")).toBe("req-5");
    expect(headers.get("x-internal")).toBeNull();
  });

  it('maps a body: "*" request, accepting JSON names and proto names alike', async () => {
    const body = JSON.stringify({
      user_id: "new-1",
      organization: { orgId: "org-3" },
      profile: { given_name: "Grace", familyName: "Hopper" },
      email: { email: "grace@example.com", isVerified: true },
    });
    const { status, json } = await call("POST", "/v2/users/human", { body, headers: { "content-type": "application/json" } });
    expect(status).toBe(200);
    expect(json).toEqual({
      userId: "new-1",
      details: { resourceOwner: "org-3" },
      emailCode: "Grace|Hopper|grace@example.com",
    });
  });

  it("treats an empty body as an empty message, as grpc-gateway does", async () => {
    const { status, json } = await call("POST", "/v2/users/human", { body: "" });
    expect(status).toBe(200);
    // details was set (to an empty message), so it is rendered, as protojson does
    expect(json).toEqual({ userId: "generated", details: {}, emailCode: "||" });
  });

  it("serves DELETE", async () => {
    const { status, json } = await call("DELETE", "/v2/users/gone-1");
    expect(status).toBe(200);
    expect(json).toEqual({ details: { sequence: "7", resourceOwner: "deleted gone-1" } });
  });

  it("maps nested messages, enums, oneofs and 64-bit integers of a list request", async () => {
    const body = JSON.stringify({
      query: { offset: "9007199254740993", limit: 10, asc: true },
      sorting_column: "USER_FIELD_NAME_CREATION_DATE",
      queries: [
        { userNameQuery: { userName: "ada", method: "TEXT_QUERY_METHOD_STARTS_WITH" } },
        { user_name_query: { user_name: "bob", method: 4 } },
      ],
    });
    const { status, json } = await call("POST", "/v2/users", { body });
    expect(status).toBe(200);
    expect(json).toEqual({
      details: { totalResult: "9007199254741003" },
      sortingColumn: "USER_FIELD_NAME_CREATION_DATE",
      result: [{ username: "ada/2" }, { username: "bob/4" }],
    });
  });
});

describe("UserService over REST on HTTP/2 (h2c, the compat API)", () => {
  let h2: Http2Server;
  let origin: string;
  beforeAll(async () => {
    const handler = userServiceGateway();
    h2 = createHttp2Server((req, res) => {
      void handler(req, res).then((handled) => {
        if (!handled) {
          res.writeHead(404);
          res.end(FALL_THROUGH_BODY);
        }
      });
    });
    await new Promise<void>((resolve) => h2.listen(0, "127.0.0.1", resolve));
    origin = `http://127.0.0.1:${(h2.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => h2.close(() => resolve())));

  async function h2call(headers: Record<string, string>, body?: string) {
    const session = connectHttp2(origin);
    try {
      const stream = session.request(headers);
      stream.end(body);
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      const [responseHeaders] = await Promise.all([
        new Promise<Record<string, unknown>>((resolve) => stream.on("response", resolve)),
        new Promise<void>((resolve, reject) => {
          stream.on("end", resolve);
          stream.on("error", reject);
        }),
      ]);
      return { status: responseHeaders[":status"], text: Buffer.concat(chunks).toString("utf8") };
    } finally {
      session.close();
    }
  }

  it("serves a call, an error and a fall-through", async () => {
    const ok = await h2call({ ":method": "GET", ":path": "/v2/users/h2-user", authorization: "Bearer h2" });
    expect(ok.status).toBe(200);
    const json = JSON.parse(ok.text);
    expect(json.user.userId).toBe("h2-user");
    expect(json.user.loginNames).toContain("authorization=Bearer h2");
    expect(json.user.loginNames).toContain(`x-forwarded-host=${new URL(origin).host}`);

    const failed = await h2call({ ":method": "PUT", ":path": "/v2/users/human/u-1" }, "{}");
    expect(failed.status).toBe(404);
    expect(JSON.parse(failed.text)).toMatchObject({ code: 5 });

    expect((await h2call({ ":method": "GET", ":path": "/v3/other" })).text).toBe(FALL_THROUGH_BODY);
  });
});
