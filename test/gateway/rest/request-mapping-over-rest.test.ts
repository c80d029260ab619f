// Request and response mapping over real HTTP with the test EchoService (see echo-service.ts): every method
// answers with the request message it received, so the JSON that comes back shows what the gateway built.
import { create, createRegistry } from "@bufbuild/protobuf";
import { Code, ConnectError, createRouterTransport, type ConnectRouter } from "@connectrpc/connect";
import { ErrorDetailSchema, file_zitadel_message } from "@zitadel/proto/zitadel/message_pb.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRestGateway } from "../../../src/gateway/rest/index.js";
import { EchoSchema, EchoService, echoRegistry } from "./echo-service.js";
import { FALL_THROUGH_BODY, startRestTestServer, type RestTestServer } from "./rest-test-server.js";

type Echo = ReturnType<typeof create<typeof EchoSchema>> & Record<string, unknown>;

const echoBack = (request: Echo) => request;
const routes = (router: ConnectRouter) =>
  router.service(EchoService, {
    get: echoBack,
    getSpecial: () => create(EchoSchema, { id: "the literal route" }),
    search: echoBack,
    update: echoBack,
    files: echoBack,
    byInnerName: echoBack,
    setInner: echoBack,
    tags: echoBack,
    purge: echoBack,
    async *watch(request: Echo) {
      yield request;
    },
    fail(request: Echo) {
      throw new ConnectError("it failed", request.num as Code, undefined, [
        { desc: ErrorDetailSchema, value: { id: "ECHO-1", message: "first" } },
        { desc: ErrorDetailSchema, value: { id: "ECHO-2", message: "second" } },
      ]);
    },
  } as never);

let server: RestTestServer;
beforeAll(async () => {
  const handler = createRestGateway({
    services: [EchoService],
    transport: createRouterTransport(routes),
    registry: createRegistry(echoRegistry, file_zitadel_message),
    maxBodyBytes: 65536,
  });
  server = await startRestTestServer(handler);
});
afterAll(() => server.close());

async function call(method: string, path: string, body?: string) {
  const response = await fetch(server.url + path, { method, body });
  const text = await response.text();
  return { status: response.status, text, json: /^[[{"]/.test(text) ? JSON.parse(text) : undefined };
}

describe("query parameters", () => {
  it("fill scalars, 64-bit ints, enums by name or number, repeated fields, nested messages, maps and WKTs", async () => {
    const query = [
      "num=-7",
      "big=-9007199254740993",
      "ubig=18446744073709551615",
      "flag=true",
      "color=COLOR_RED",
      "colors=2",
      "colors=COLOR_RED",
      "tags=x",
      "tags=y%20z",
      "inner.name=n",
      "inner.count=5",
      "inner.child.tags=a",
      "inner.child.tags=b",
      "labels[one]=1",
      "labels[two]=2",
      "ratio=1.5",
      "when=2024-01-02T03:04:05Z",
      "maybe=false",
      "data=aGk",
      "first=uno",
    ].join("&");
    const { status, json } = await call("GET", `/v1/things/abc?${query}`);
    expect(status).toBe(200);
    expect(json).toEqual({
      id: "abc",
      num: -7,
      big: "-9007199254740993",
      ubig: "18446744073709551615",
      flag: true,
      color: "COLOR_RED",
      colors: ["COLOR_BLUE", "COLOR_RED"],
      tags: ["x", "y z"],
      inner: { name: "n", count: "5", child: { tags: ["a", "b"] } },
      labels: { one: 1, two: 2 },
      ratio: 1.5,
      when: "2024-01-02T03:04:05Z",
      maybe: false,
      data: "aGk=",
      first: "uno",
    });
  });

  it("accept JSON names as well as proto names, and merge a list named both ways", async () => {
    const { json } = await call("GET", "/v1/things/abc?inner.child.display_name=deep&extra_tags=a&extraTags=b");
    expect(json).toEqual({ id: "abc", inner: { child: { displayName: "deep" } }, extraTags: ["a", "b"] });
    const { json: camel } = await call("GET", "/v1/things/abc?inner.displayName=x");
    expect(camel).toEqual({ id: "abc", inner: { displayName: "x" } });
  });

  it.each([["1"], ["t"], ["True"], ["TRUE"]])("read %s as a true bool, as Go's ParseBool", async (text) => {
    expect((await call("GET", `/v1/things/abc?flag=${text}`)).json.flag).toBe(true);
  });

  it.each([
    ["a bad bool", "flag=yes", '"yes" is not a bool'],
    ["an unknown enum name", "color=COLOR_PINK", '"COLOR_PINK" is not a value of test.rest.v1.Color'],
    ["an undefined enum number", "colors=7", '"7" is not a value of test.rest.v1.Color'],
    ["a non-numeric int64", "big=lots", "test.rest.v1.Echo.big"],
    ["an int32 out of range", "num=4294967296", "test.rest.v1.Echo.num"],
    ["an empty number", "num=", "test.rest.v1.Echo.num"],
    ["two values for a singular field", "num=1&num=2", 'too many values for query parameter "num"'],
    ["two members of one oneof", "first=a&second=b", "oneof set multiple times"],
    ["a map without a key", "labels=1", 'query parameter "labels" is a map'],
    ["a key on a non-map", "tags[a]=1", 'query parameter "tags" is not a map'],
    ["a path into a well-known type", "when.seconds=1", '"when" has no sub-fields'],
    ["a path through a repeated field", "inners.name=x", '"inners" has no sub-fields'],
    ["a message without a text form", "inner=x", "test.rest.v1.Inner cannot be given as text"],
    ["a bad timestamp", "when=yesterday", "google.protobuf.Timestamp from JSON: invalid RFC 3339 string"],
  ])("reject %s with InvalidArgument", async (_, query, mention) => {
    const { status, json } = await call("GET", `/v1/things/abc?${query}`);
    expect(status).toBe(400);
    expect(json.code).toBe(3);
    expect(json.message).toContain(mention);
  });

  it.each([["nonsense=1"], ["inner.nickname=x"], ["utm_source=mail&num=3"]])(
    "ignore %s naming no field, at any depth, as grpc-gateway's DefaultQueryParser",
    async (query) => {
      const { status, json } = await call("GET", `/v1/things/abc?${query}`);
      expect(status).toBe(200);
      expect(json).not.toHaveProperty("inner");
      expect(json.num ?? 3).toBe(3);
    },
  );

  it('are not read when the body is the whole message (body: "*")', async () => {
    const { json } = await call("POST", "/v1/things:search?num=5&nonsense=1", '{"tags":["t"]}');
    expect(json).toEqual({ tags: ["t"] });
  });
});

describe("path templates", () => {
  it("serve additional_bindings, with a {name=projects/*} variable", async () => {
    expect((await call("GET", "/v1/projects/p1/things/t1")).json).toEqual({ parent: "projects/p1", id: "t1" });
    expect((await call("GET", "/v1/things/t1")).json).toEqual({ id: "t1" });
  });

  it("prefer the literal route over a variable", async () => {
    expect((await call("GET", "/v1/things/special")).json).toEqual({ id: "the literal route" });
  });

  it("capture ** across segments, decoding all but %2F", async () => {
    expect((await call("GET", "/v1/files/a/b%2Fc/d%20e")).json).toEqual({ path: "a/b%2Fc/d e" });
    expect((await call("GET", "/v1/files")).json).toEqual({});
  });

  it("set a nested field from a dotted variable", async () => {
    expect((await call("GET", "/v1/inner/bob/items")).json).toEqual({ inner: { name: "bob" } });
  });

  it("serve a custom verb and a custom HTTP method", async () => {
    expect((await call("POST", "/v1/things:search", '{"num":3}')).json).toEqual({ num: 3 });
    expect((await call("PURGE", "/v1/things/old")).json).toEqual({ id: "old" });
  });

  it("reject malformed percent-encoding in a variable", async () => {
    const { status, json } = await call("GET", "/v1/things/%E0%A4%A");
    expect(status).toBe(400);
    expect(json).toEqual({ code: 3, message: 'malformed percent-encoding in path variable "id"' });
  });

  it("let the path win over the same field in the body", async () => {
    expect((await call("PUT", "/v1/things/from-path", '{"id":"from-body","num":3}')).json).toEqual({
      id: "from-path",
      num: 3,
    });
  });

  it("fall through for a method without annotation and for unknown paths", async () => {
    expect((await call("POST", "/test.rest.v1.EchoService/NotAnnotated", "{}")).text).toBe(FALL_THROUGH_BODY);
    expect((await call("GET", "/v1/elsewhere")).text).toBe(FALL_THROUGH_BODY);
  });
});

describe('body: "field" and response_body', () => {
  it("put the body into the named field and render only the response field", async () => {
    const { status, json } = await call("PATCH", "/v1/things/t/inner", '{"name":"n","count":"3"}');
    expect(status).toBe(200);
    expect(json).toEqual({ name: "n", count: "3" });
  });

  it("skip query parameters aimed at the body field, and read the others", async () => {
    const { json } = await call("PATCH", "/v1/things/t/inner?inner.name=ignored&first=x", '{"name":"n"}');
    expect(json).toEqual({ name: "n" });
  });

  it("render an unset message field as {} and an empty list as []", async () => {
    expect((await call("PATCH", "/v1/things/t/inner", "")).text).toBe("{}");
    expect((await call("GET", "/v1/things/t/tags")).text).toBe("[]");
    expect((await call("GET", "/v1/things/t/tags?tags=a&tags=b")).json).toEqual(["a", "b"]);
  });

  it("refuse a body that is not one JSON value, so it cannot smuggle sibling fields", async () => {
    const { status, json } = await call("PATCH", "/v1/things/t/inner", '{"name":"n"}, "id": "evil"');
    expect(status).toBe(400);
    expect(json.code).toBe(3);
  });
});

describe("methods and errors", () => {
  it("answer a streaming method with 501 Unimplemented", async () => {
    const { status, json } = await call("GET", "/v1/watch");
    expect(status).toBe(501);
    expect(json).toEqual({ code: 12, message: "server_streaming methods are not served over REST" });
  });

  it("render every detail of an error, in order", async () => {
    const { status, json } = await call("POST", "/v1/fail", `{"num":${Code.AlreadyExists}}`);
    expect(status).toBe(409);
    expect(json).toEqual({
      code: 6,
      message: "it failed",
      details: [
        { "@type": "type.googleapis.com/zitadel.v1.ErrorDetail", id: "ECHO-1", message: "first" },
        { "@type": "type.googleapis.com/zitadel.v1.ErrorDetail", id: "ECHO-2", message: "second" },
      ],
    });
  });
});
