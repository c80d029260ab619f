// The gateway in front of ZITADEL's UserService over real HTTP (see user-service-fixture.ts): requests the
// gateway refuses, routing misses, and errors of the call rendered as google.rpc.Status.
import { create, toBinary } from "@bufbuild/protobuf";
import { base64Encode } from "@bufbuild/protobuf/wire";
import { Code } from "@connectrpc/connect";
import { ListDetailsSchema } from "@zitadel/proto/zitadel/object/v2/object_pb.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FALL_THROUGH_BODY, type RestTestServer } from "./rest-test-server.js";
import { callGateway, MAX_BODY, startUserServiceGateway } from "./user-service-fixture.js";

let server: RestTestServer;
let lenient: RestTestServer;
beforeAll(async () => {
  server = await startUserServiceGateway();
  lenient = await startUserServiceGateway({ unknownFields: "ignore" });
});
afterAll(async () => {
  await server.close();
  await lenient.close();
});

const call = (method: string, path: string, init?: Parameters<typeof callGateway>[3]) => callGateway(server, method, path, init);

describe("UserService over REST: request errors", () => {
  it("rejects an unknown JSON field with InvalidArgument", async () => {
    const { status, json } = await call("POST", "/v2/users/human", { body: '{"profile":{"givenName":"x","shoeSize":42}}' });
    expect(status).toBe(400);
    expect(json.code).toBe(3);
    expect(json.message).toContain('key "shoeSize" is unknown');
  });

  it("ignores unknown JSON fields and query parameters when configured like ZITADEL (DiscardUnknown)", async () => {
    const response = await fetch(`${lenient.url}/v2/users/human?utm_source=mail`, {
      method: "POST",
      body: '{"userId":"u-9","shoeSize":42,"profile":{"gender":"GENDER_UNKNOWN_TO_US"}}',
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ userId: "u-9" });
    const get = await fetch(`${lenient.url}/v2/users/u-9?utm_source=mail`);
    expect(get.status).toBe(200);
  });

  it("ignores an unknown query parameter by default too, as grpc-gateway's DefaultQueryParser", async () => {
    const { status, json } = await call("GET", "/v2/users/u-1?utm_source=mail&user_id.x=1");
    expect(status).toBe(200);
    expect(json.user.userId).toBe("u-1");
  });

  it("lets the path win over a query parameter for the same field, silently as grpc-gateway", async () => {
    const { json } = await call("GET", "/v2/users/from-path?user_id=from-query&userId=again");
    expect(json.user.userId).toBe("from-path");
  });

  it.each([
    ["a wrong JSON type", '{"profile":{"givenName":5}}', "SetHumanProfile.given_name from JSON: expected string, got 5"],
    ["an invalid enum name", '{"profile":{"gender":"GENDER_BOTH"}}', "GENDER_BOTH"],
    ["malformed JSON", '{"profile":', "JSON"],
    ["a JSON array instead of an object", "[]", "AddHumanUserRequest"],
    ["a field set by both of its names", '{"userId":"a","user_id":"b"}', "set multiple times"],
  ])("rejects %s with InvalidArgument", async (_, body, mention) => {
    const { status, json } = await call("POST", "/v2/users/human", { body });
    expect(status).toBe(400);
    expect(json.code).toBe(3);
    expect(json.message).toContain(mention);
  });

  it("refuses a body over maxBodyBytes with 413 and ResourceExhausted, declared or streamed", async () => {
    const big = JSON.stringify({ username: "x".repeat(MAX_BODY) });
    const declared = await call("POST", "/v2/users/human", { body: big });
    expect(declared.status).toBe(413);
    expect(declared.json).toEqual({ code: 8, message: `request body exceeds ${MAX_BODY} bytes` });

    const chunks = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 4; i++) controller.enqueue(new TextEncoder().encode("x".repeat(MAX_BODY / 2)));
        controller.close();
      },
    });
    // a streamed body has no content-length: the limit is enforced while reading
    const streamed = await fetch(`${server.url}/v2/users/human`, { method: "POST", body: chunks, duplex: "half" } as RequestInit);
    expect(streamed.status).toBe(413);
    expect(await streamed.json()).toEqual({ code: 8, message: `request body exceeds ${MAX_BODY} bytes` });
  });

  it("leaves an unknown path to the caller", async () => {
    const { status, text } = await call("GET", "/v2/nothing/here");
    expect(status).toBe(404);
    expect(text).toBe(FALL_THROUGH_BODY);
    expect((await call("GET", "/v2/users/u-1/")).text).toBe(FALL_THROUGH_BODY); // trailing slash: no match
  });

  it("answers a known path with the wrong verb 405 Unimplemented, as ZITADEL's gateway does", async () => {
    const { status, headers, json } = await call("PATCH", "/v2/users/u-1");
    expect(status).toBe(405);
    expect(headers.get("allow")).toBe("DELETE, GET");
    expect(json).toEqual({ code: 12, message: "Method Not Allowed" });
  });
});

describe("UserService over REST: call errors", () => {
  it("renders a ConnectError as a google.rpc.Status with its details decoded", async () => {
    const { status, headers, json } = await call("PUT", "/v2/users/human/u-404", { body: '{"username":"x"}' });
    expect(status).toBe(404);
    expect(headers.get("retry-after")).toBe("7");
    expect(headers.get("content-type")).toBe("application/json");
    expect(json).toEqual({
      code: 5,
      message: "Errors.User.NotFound (COMMAND-abc12)",
      details: [{ "@type": "type.googleapis.com/zitadel.v1.ErrorDetail", id: "COMMAND-abc12", message: "Errors.User.NotFound" }],
    });
  });

  it("renders a detail the registry lacks as Any with base64 bytes, and a well-known type under value", async () => {
    const { status, json } = await call("POST", "/v2/users/u-1/unlock", { body: "{}" });
    expect(status).toBe(400);
    expect(json.details).toEqual([
      {
        "@type": "type.googleapis.com/zitadel.object.v2.ListDetails",
        value: base64Encode(toBinary(ListDetailsSchema, create(ListDetailsSchema, { totalResult: 3n }))),
      },
      { "@type": "type.googleapis.com/google.protobuf.Duration", value: "1.500s" },
    ]);
  });

  it.each([
    [Code.InvalidArgument, 400],
    [Code.FailedPrecondition, 400],
    [Code.OutOfRange, 400],
    [Code.Unauthenticated, 401],
    [Code.PermissionDenied, 403],
    [Code.NotFound, 404],
    [Code.AlreadyExists, 409],
    [Code.Aborted, 409],
    [Code.ResourceExhausted, 429],
    [Code.Canceled, 499],
    [Code.Unknown, 500],
    [Code.Internal, 500],
    [Code.DataLoss, 500],
    [Code.Unimplemented, 501],
    [Code.Unavailable, 503],
    [Code.DeadlineExceeded, 504],
  ])("maps code %i to HTTP %i", async (code, httpStatus) => {
    const { status, headers, json } = await call("POST", `/v2/users/code-${code}/lock`, { body: "{}" });
    expect(status).toBe(httpStatus);
    expect(json).toEqual({ code, message: `failed with ${Code[code]}` });
    expect(headers.get("x-request-id")).toBe("err-req");
    expect(headers.get("www-authenticate")).toBe(code === Code.Unauthenticated ? "failed with Unauthenticated" : null);
  });
});

