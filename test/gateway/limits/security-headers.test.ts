// Security headers on REST and the other HTTP/1.1 answers (Connect, gRPC-web, 404, CORS preflight): nosniff,
// a CSP for JSON answers, no referrer, no framing, no caching; HSTS only over TLS. Plain gRPC is left alone,
// and CORS preflights and gRPC-web calls still work.
import https from "node:https";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../../helpers/app-server.js";
import { callWith, okJson } from "../../helpers/call-with-headers.js";
import { serveForSuite } from "../../helpers/serve-for-suite.js";
import { selfSignedCert } from "../server/self-signed-cert.js";

const suite = serveForSuite();

function expectApiHeaders(headers: Record<string, string | undefined>) {
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["content-security-policy"]).toBe("default-src 'none';frame-ancestors 'none'");
  expect(headers["referrer-policy"]).toBe("no-referrer");
  expect(headers["x-frame-options"]).toBe("DENY");
  expect(headers["cache-control"]).toBe("no-store");
}

const record = (headers: Headers) => Object.fromEntries([...headers.entries()].map(([k, v]) => [k.toLowerCase(), v]));

describe("security headers", () => {
  it("are on REST answers, successful or not, and on 404s, without HSTS on plain HTTP", async () => {
    const { url, adminToken, app } = suite.server;
    const found = await fetch(new URL(`/v2/users/${app.bootstrap.adminUserId}`, url), { headers: { authorization: `Bearer ${adminToken}` } });
    expect(found.status).toBe(200);
    expectApiHeaders(record(found.headers));
    expect(found.headers.get("strict-transport-security")).toBeNull();
    for (const path of ["/v2/users/nobody", "/no/such/path", "/healthz"]) {
      const answer = await fetch(new URL(path, url));
      expectApiHeaders(record(answer.headers));
    }
  });

  it("do not break a CORS preflight", async () => {
    const answer = await fetch(new URL("/v2/users/human", suite.server.url), {
      method: "OPTIONS",
      headers: { origin: "https://app.example.com", "access-control-request-method": "POST", "access-control-request-headers": "authorization, content-type" },
    });
    expect(answer.status).toBeLessThan(300);
    expect(answer.headers.get("access-control-allow-origin")).toBeTruthy();
    expect(answer.headers.get("access-control-allow-methods")).toMatch(/POST/);
    expectApiHeaders(record(answer.headers));
  });

  it("are on Connect and gRPC-web answers, which still work; plain gRPC answers carry none", async () => {
    const { url, adminToken, app } = suite.server;
    for (const protocol of ["connect", "grpc-web"] as const) {
      const outcome = await callWith(protocol, url, "GetUserByID", { userId: app.bootstrap.adminUserId }, { token: adminToken });
      okJson(outcome);
      expectApiHeaders(outcome.headers);
    }
    const grpc = await callWith("grpc", url, "GetUserByID", { userId: app.bootstrap.adminUserId }, { token: adminToken });
    okJson(grpc);
    expect(grpc.headers["content-security-policy"]).toBeUndefined();
  });
});

describe("over TLS", () => {
  let server: TestServer;
  let ca: Buffer;
  beforeAll(async () => {
    const cert = selfSignedCert();
    ca = cert.cert;
    server = await startTestServer({ tls: cert });
  });
  afterAll(async () => {
    await server?.stop();
    await server?.drop();
  });

  it("adds Strict-Transport-Security", async () => {
    const headers = await new Promise<Record<string, string | undefined>>((resolve, reject) => {
      https
        .get(new URL(`/v2/users/${server.app.bootstrap.adminUserId}`, server.url), { ca, headers: { authorization: `Bearer ${server.adminToken}` } }, (res) => {
          res.resume();
          resolve(Object.fromEntries(Object.entries(res.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(", ") : v])));
        })
        .on("error", reject);
    });
    expectApiHeaders(headers);
    expect(headers["strict-transport-security"]).toBe("max-age=31536000; includeSubDomains");
  });
});
