// SCIM requests are observed and limited as RPCs are: counted in rpc_server_requests_total under service "scim"
// and their operation (`Users.PATCH`, …), never as "unknown", over HTTP/1.1 and HTTP/2; the rate limiter counts
// them per caller on the same budget as the caller's RPCs (429 with Retry-After, in a SCIM error body), and
// failed authentication per address, so an address that keeps failing is refused without a token.
import http2 from "node:http2";
import { describe, expect, it } from "vitest";
import { serveForSuite } from "../helpers/serve-for-suite.js";
import { scrape, sumOf } from "../observe/prometheus-text.js";
import { expectScimError, scimClient } from "./scim-client.js";

const USER = "urn:ietf:params:scim:schemas:core:2.0:User";
const PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
const data = (userName: string) => ({ schemas: [USER], userName, name: { givenName: "M", familyName: userName }, emails: [{ value: `${userName}@example.com` }] });
const rename = (familyName: string) => ({ schemas: [PATCH_OP], Operations: [{ op: "replace", path: "name.familyName", value: familyName }] });

describe("metrics", () => {
  const suite = serveForSuite();

  it("count each SCIM operation under service scim and its name, with the answer's code, on HTTP/1.1 and HTTP/2", async () => {
    const scim = scimClient(suite.server);
    const anonymous = scimClient(suite.server, { token: "" });
    const before = await scrape(suite.server.url);

    const created = await scim.request("POST", "/Users", data("metered"));
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect((await scim.request("GET", `/Users/${id}`)).status).toBe(200);
    expect((await scim.request("GET", `/Users?filter=${encodeURIComponent('userName eq "metered"')}`)).status).toBe(200);
    expect((await scim.request("PATCH", `/Users/${id}`, rename("Once"))).status).toBe(200);
    expect((await scim.request("PATCH", "/Users/no-such-user", rename("Never"))).status).toBe(404);
    expect((await anonymous.request("GET", `/Users/${id}`)).status).toBe(401);
    expect((await anonymous.request("GET", "/ServiceProviderConfig")).status).toBe(200);
    const session = http2.connect(suite.server.url);
    try {
      const status = await new Promise<number>((resolve, reject) => {
        const stream = session.request({
          ":method": "PATCH",
          ":path": `/scim/v2/Users/${id}`,
          "content-type": "application/scim+json",
          authorization: `Bearer ${suite.server.adminToken}`,
        });
        stream.on("response", (headers) => resolve(Number(headers[":status"])));
        stream.on("error", reject);
        stream.resume();
        stream.end(JSON.stringify(rename("Twice")));
      });
      expect(status).toBe(200);
    } finally {
      session.close();
    }
    expect((await scim.request("DELETE", `/Users/${id}`)).status).toBe(204);

    // The observer records a request when its answer is done: scrape until the last one is in.
    const counted = (samples: Awaited<ReturnType<typeof scrape>>, method: string, code: string) =>
      sumOf(samples, "rpc_server_requests_total", { service: "scim", method, protocol: "rest", code }) -
      sumOf(before, "rpc_server_requests_total", { service: "scim", method, protocol: "rest", code });
    let after = await scrape(suite.server.url);
    for (let i = 0; i < 50 && counted(after, "Users.DELETE", "OK") === 0; i++) after = await scrape(suite.server.url);
    expect({
      post: counted(after, "Users.POST", "OK"),
      get: counted(after, "Users.GET", "OK"),
      list: counted(after, "Users.LIST", "OK"),
      patch: counted(after, "Users.PATCH", "OK"),
      patchMissing: counted(after, "Users.PATCH", "NotFound"),
      getWithoutToken: counted(after, "Users.GET", "Unauthenticated"),
      discovery: counted(after, "ServiceProviderConfig.GET", "OK"),
      delete: counted(after, "Users.DELETE", "OK"),
    }).toEqual({ post: 1, get: 1, list: 1, patch: 2, patchMissing: 1, getWithoutToken: 1, discovery: 1, delete: 1 });
    const unknown = (samples: Awaited<ReturnType<typeof scrape>>) => sumOf(samples, "rpc_server_requests_total", { service: "unknown" });
    expect(unknown(after) - unknown(before)).toBe(0);
    // The duration histogram has the same labels.
    expect(sumOf(after, "rpc_server_duration_seconds_count", { service: "scim", method: "Users.PATCH" })).toBeGreaterThanOrEqual(2);
  });
});

describe("rate limit", () => {
  const BURST = 20; // RATE_LIMIT_BURST calls per BURST / RATE_LIMIT_PER_SECOND = 20 s: the tests run inside one window
  const suite = serveForSuite({ env: { RATE_LIMIT_PER_SECOND: "1", RATE_LIMIT_BURST: String(BURST) } });

  it("counts failed authentication against the address: over the limit, a request without a token is 429, a valid token still works", async () => {
    const wrongToken = scimClient(suite.server, { token: "not-a-real-token" });
    for (let i = 0; i < BURST; i++) expectScimError(await wrongToken.request("GET", "/Users"), 401);
    const refused = await scimClient(suite.server, { token: "" }).request("GET", "/Users");
    expectScimError(refused, 429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(refused.body.detail).toContain("GATEWAY-Rate1");
    // Discovery needs no token and counts against the address too, as the RPCs' public services do.
    expectScimError(await scimClient(suite.server, { token: "" }).request("GET", "/ServiceProviderConfig"), 429);
    expect((await scimClient(suite.server).request("GET", "/Users?count=1")).status).toBe(200);
  });

  it("counts a caller's SCIM calls on the budget of its RPCs: once SCIM used it up, SCIM and REST both answer 429", async () => {
    const scim = scimClient(suite.server);
    let allowed = 0;
    let refused;
    for (let i = 0; i <= BURST && !refused; i++) {
      const answer = await scim.request("GET", "/Users?count=1");
      if (answer.status === 429) refused = answer;
      else expect(answer.status).toBe(200), allowed++;
    }
    expect(refused).toBeDefined();
    expectScimError(refused!, 429);
    expect(Number(refused!.headers.get("retry-after"))).toBeGreaterThan(0);
    // The first test's valid call came out of the same budget.
    expect(allowed).toBe(BURST - 1);
    const rest = await fetch(`${suite.server.url}/v2/users`, {
      method: "POST",
      headers: { authorization: `Bearer ${suite.server.adminToken}`, "content-type": "application/json" },
      body: "{}",
    });
    expect(rest.status).toBe(429);
  });
});
