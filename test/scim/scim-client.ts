// A SCIM client for the tests: plain fetch against the real server, as an identity provider calls it.
import type { TestServer } from "../helpers/app-server.js";

export interface ScimAnswer {
  status: number;
  headers: Headers;
  body: any;
}

export interface ScimClient {
  request(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<ScimAnswer>;
  /** The base URL of the default organisation's SCIM, e.g. http://127.0.0.1:1234/scim/v2 */
  base: string;
}

export function scimClient(server: TestServer, options: { token?: string; prefix?: string } = {}): ScimClient {
  const base = `${server.url}${options.prefix ?? "/scim/v2"}`;
  return {
    base,
    async request(method, path, body, headers = {}) {
      const response = await fetch(`${base}${path}`, {
        method,
        headers: {
          ...(options.token === "" ? {} : { authorization: `Bearer ${options.token ?? server.adminToken}` }),
          ...(body === undefined ? {} : { "content-type": "application/scim+json" }),
          ...headers,
        },
        body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
      });
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = text === "" ? undefined : JSON.parse(text);
      } catch {
        // left as text
      }
      return { status: response.status, headers: response.headers, body: parsed };
    },
  };
}

/** A SCIM error answer: RFC 7644 §3.12. */
export function expectScimError(answer: ScimAnswer, status: number, scimType?: string): void {
  const problems: string[] = [];
  if (answer.status !== status) problems.push(`status ${answer.status}, expected ${status}: ${JSON.stringify(answer.body)}`);
  if (answer.headers.get("content-type") !== "application/scim+json") problems.push(`content-type ${answer.headers.get("content-type")}`);
  const body = answer.body as Record<string, unknown> | undefined;
  if (!body || JSON.stringify(body.schemas) !== JSON.stringify(["urn:ietf:params:scim:api:messages:2.0:Error"])) problems.push(`schemas ${JSON.stringify(body?.schemas)}`);
  if (body?.status !== String(status)) problems.push(`body status ${JSON.stringify(body?.status)}`);
  if (scimType !== undefined && body?.scimType !== scimType) problems.push(`scimType ${JSON.stringify(body?.scimType)}, expected ${scimType}: ${JSON.stringify(body?.detail)}`);
  if (typeof body?.detail !== "string") problems.push("no detail");
  if (problems.length > 0) throw new Error(problems.join("; "));
}
