// What the node handler answers before and after the RPC routes: CORS, /healthz, the REST fallback, 404 and
// faults turned into a generic 500 that is logged.
import { createClient } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-node";
import { UserService } from "@zitadel/proto/zitadel/user/v2/user_service_pb.js";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startEdge, type EdgeUnderTest } from "./start-edge.js";

const APP = "https://app.example";
let edge: EdgeUnderTest;
beforeAll(async () => {
  edge = await startEdge({ corsOrigins: [APP, "https://other.example"] });
});
afterAll(async () => {
  await edge?.close();
});

describe("/healthz and /readyz", () => {
  afterEach(() => {
    edge.health = "serving";
  });

  it("is 200 SERVING when the check resolves true", async () => {
    const response = await fetch(new URL("/readyz", edge.url));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/json");
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.json()).toEqual({ status: "SERVING" });
  });

  it.each(["not-serving", "throws", "hangs"] as const)("is 503 NOT_SERVING when the check %s, while /healthz (alive) stays 200", async (health) => {
    edge.health = health;
    const response = await fetch(new URL("/readyz", edge.url));
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ status: "NOT_SERVING" });
    const alive = await fetch(new URL("/healthz", edge.url));
    expect(alive.status).toBe(200);
    expect(alive.headers.get("cache-control")).toBe("no-store");
    expect(await alive.json()).toEqual({ status: "SERVING" });
  });

  it.each(["/healthz", "/readyz"])("%s answers HEAD with the status only, and ignores a query string", async (path) => {
    const head = await fetch(new URL(path, edge.url), { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe("");
    expect((await fetch(new URL(`${path}?probe=1`, edge.url))).status).toBe(200);
  });

  it.each(["/healthz", "/readyz"])("%s is not answered for other methods", async (path) => {
    const response = await fetch(new URL(path, edge.url), { method: "POST" });
    expect(response.status).toBe(404);
  });
});

describe("fallbacks", () => {
  it("hands non-RPC paths to the REST gateway", async () => {
    const response = await fetch(new URL("/v2/echo", edge.url));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ echoed: true });
  });

  it("answers a path nobody serves with a gRPC-gateway style 404", async () => {
    const response = await fetch(new URL("/no/such/path", edge.url));
    expect(response.status).toBe(404);
    expect(response.headers.get("content-type")).toBe("application/json");
    expect(await response.json()).toEqual({ code: 5, message: "Not Found" });
  });

  it.each(["/v2/throws", "/v2/rejects"])("turns a fault in %s into a generic, logged 500", async (path) => {
    const logged = edge.logged.length;
    const response = await fetch(new URL(path, edge.url));
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ code: 13, message: "Internal" });
    expect(edge.logged.slice(logged)).toMatchObject([{ err: { message: expect.stringMatching(/^REST handler/) } }]);
    expect((await fetch(new URL("/healthz", edge.url))).status).toBe(200);
  });
});

describe("CORS", () => {
  it("answers a preflight from an allowed origin with 204 and the allowed methods and headers", async () => {
    const response = await fetch(new URL(`/${UserService.typeName}/GetUserByID`, edge.url), {
      method: "OPTIONS",
      headers: { origin: APP, "access-control-request-method": "POST", "access-control-request-headers": "content-type,x-grpc-web,authorization" },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get("access-control-allow-origin")).toBe(APP);
    expect(response.headers.get("vary")).toMatch(/^Origin\b/);
    const methods = response.headers.get("access-control-allow-methods")?.split(/,\s*/) ?? [];
    expect(methods).toEqual(expect.arrayContaining(["POST", "GET", "PUT", "PATCH", "DELETE"]));
    const allowed = response.headers.get("access-control-allow-headers")?.toLowerCase().split(/,\s*/) ?? [];
    for (const header of ["content-type", "connect-protocol-version", "connect-timeout-ms", "x-grpc-web", "x-user-agent", "grpc-timeout", "authorization", "x-request-id", "if-match"]) {
      expect(allowed).toContain(header);
    }
    expect(Number(response.headers.get("access-control-max-age"))).toBeGreaterThan(0);
  });

  it("grants a simple request from an allowed origin and exposes the status and REST headers", async () => {
    const response = await fetch(new URL("/v2/echo", edge.url), { headers: { origin: APP } });
    expect(response.status).toBe(200);
    expect(response.headers.get("access-control-allow-origin")).toBe(APP);
    expect(response.headers.get("vary")).toBe("Origin");
    const exposed = response.headers.get("access-control-expose-headers")?.toLowerCase().split(/,\s*/) ?? [];
    for (const header of ["grpc-status", "grpc-message", "grpc-status-details-bin", "connect-content-encoding", "x-request-id", "etag"]) {
      expect(exposed).toContain(header);
    }
  });

  it("adds its headers to RPC responses too", async () => {
    const users = createClient(UserService, createConnectTransport({ baseUrl: edge.url, httpVersion: "1.1" }));
    let headers: Headers | undefined;
    await users.getUserByID({ userId: "cors-1" }, { headers: { origin: APP }, onHeader: (h) => (headers = h) });
    expect(headers?.get("access-control-allow-origin")).toBe(APP);
    expect(headers?.get("access-control-expose-headers")?.toLowerCase()).toContain("grpc-status-details-bin");
  });

  it("gives nothing to another origin, and refuses its preflight", async () => {
    const simple = await fetch(new URL("/v2/echo", edge.url), { headers: { origin: "https://evil.example" } });
    expect(simple.status).toBe(200);
    expect(simple.headers.get("access-control-allow-origin")).toBeNull();
    expect(simple.headers.get("access-control-expose-headers")).toBeNull();
    const preflight = await fetch(new URL("/v2/echo", edge.url), {
      method: "OPTIONS",
      headers: { origin: "https://evil.example", "access-control-request-method": "GET" },
    });
    expect(preflight.status).toBe(403);
    expect(preflight.headers.get("access-control-allow-origin")).toBeNull();
    expect(preflight.headers.get("access-control-allow-methods")).toBeNull();
  });
});

describe("CORS allowing every origin", () => {
  let open: EdgeUnderTest;
  beforeAll(async () => {
    open = await startEdge({ corsOrigins: "*" });
  });
  afterAll(async () => {
    await open?.close();
  });

  it("echoes whichever origin asks", async () => {
    for (const origin of ["https://a.example", "http://localhost:3000"]) {
      const response = await fetch(new URL("/healthz", open.url), { headers: { origin } });
      expect(response.headers.get("access-control-allow-origin")).toBe(origin);
    }
  });
});
