import type { IncomingMessage, OutgoingHttpHeaders } from "node:http";
import type { Http2ServerRequest } from "node:http2";
import { invalidArgument } from "./invalid-argument.js";

// Which request headers reach the Connect call, and which response headers come back. The in-process call
// speaks the Connect protocol, so headers that would steer that protocol (content-type, connect-*, grpc-*) are
// never taken from the client, not even through grpc-gateway's "Grpc-Metadata-" prefix.

export interface HeaderRules {
  /** Lower-case names forwarded as they are. */
  readonly forward: ReadonlySet<string>;
  /** Lower-case prefixes forwarded as they are (ZITADEL forwards `x-zitadel-*`). */
  readonly forwardPrefixes: readonly string[];
  /** Lower-case names copied from the call's response headers/trailers (or error metadata) to the HTTP reply. */
  readonly responseHeaders: readonly string[];
}

export interface ForwardedRequest {
  readonly headers: [string, string][];
  readonly timeoutMs: number | undefined;
}

const METADATA_PREFIX = "grpc-metadata-";
const PROTOCOL_HEADERS = new Set([
  "content-type",
  "content-length",
  "content-encoding",
  "accept-encoding",
  "transfer-encoding",
  "te",
  "trailer",
  "host",
  "connection",
  "keep-alive",
  "upgrade",
  "x-forwarded-for",
  "x-forwarded-host",
]);

export function forwardedRequest(req: IncomingMessage | Http2ServerRequest, rules: HeaderRules): ForwardedRequest {
  const headers: [string, string][] = [];
  const raw = req.rawHeaders;
  let host: string | undefined;
  let forwardedHost: string | undefined;
  let forwardedFor: string | undefined;
  let timeoutMs: number | undefined;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase();
    const value = raw[i + 1]!;
    if (name === "host" || name === ":authority") {
      host = value;
    } else if (name === "x-forwarded-host") {
      forwardedHost = value;
    } else if (name === "x-forwarded-for") {
      forwardedFor = value;
    } else if (name === "grpc-timeout") {
      timeoutMs = parseGrpcTimeout(value);
    } else if (rules.forward.has(name) || hasPrefix(name, rules.forwardPrefixes)) {
      if (!isProtocolHeader(name)) {
        headers.push([name, value]);
      }
    } else if (name.startsWith(METADATA_PREFIX)) {
      const key = name.slice(METADATA_PREFIX.length);
      if (key !== "" && !isProtocolHeader(key)) {
        headers.push([key, value]);
      }
    }
  }
  // As grpc-gateway does: the service sees which host was asked and who asked, not the in-process hop.
  const askedHost = forwardedHost ?? host;
  if (askedHost !== undefined) {
    headers.push(["x-forwarded-host", askedHost]);
  }
  const remote = req.socket?.remoteAddress;
  if (remote !== undefined) {
    headers.push(["x-forwarded-for", forwardedFor === undefined ? remote : `${forwardedFor}, ${remote}`]);
  } else if (forwardedFor !== undefined) {
    headers.push(["x-forwarded-for", forwardedFor]);
  }
  return { headers, timeoutMs };
}

/** Copies the configured headers from the first source that has them. */
export function copyResponseHeaders(
  target: OutgoingHttpHeaders,
  names: readonly string[],
  ...sources: readonly Headers[]
): void {
  for (const name of names) {
    for (const source of sources) {
      const value = source.get(name);
      if (value !== null) {
        target[name] = value;
        break;
      }
    }
  }
}

const TIMEOUT = /^(\d{1,8})([HMSmun])$/;
const UNIT_MS: Record<string, number> = { H: 3_600_000, M: 60_000, S: 1000, m: 1, u: 0.001, n: 0.000_001 };

/** gRPC's `grpc-timeout` header (e.g. `5S`, `200m`), which grpc-gateway honours on REST requests too. */
export function parseGrpcTimeout(value: string): number {
  const parsed = TIMEOUT.exec(value);
  if (parsed === null) {
    throw invalidArgument(`invalid grpc-timeout "${value}"`);
  }
  // At least 1 ms: a sub-millisecond deadline still has to expire rather than mean "no deadline".
  return Math.max(1, Math.ceil(Number(parsed[1]) * UNIT_MS[parsed[2]!]!));
}

function isProtocolHeader(name: string): boolean {
  return (
    PROTOCOL_HEADERS.has(name) || name.startsWith(":") || name.startsWith("connect-") || name.startsWith("grpc-")
  );
}

function hasPrefix(name: string, prefixes: readonly string[]): boolean {
  for (const prefix of prefixes) {
    if (name.startsWith(prefix)) {
      return true;
    }
  }
  return false;
}
