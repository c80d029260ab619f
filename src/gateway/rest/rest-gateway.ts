import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from "node:http";
import type { Http2ServerRequest, Http2ServerResponse } from "node:http2";
import type { DescMethod, DescMethodUnary, Message, Registry } from "@bufbuild/protobuf";
import { reflect } from "@bufbuild/protobuf/reflect";
import { Code, ConnectError } from "@connectrpc/connect";
import type { Transport } from "@connectrpc/connect";
import { compileRoutes, type CompiledRoute } from "./compile-routes.js";
import type { RestDialect, RestService } from "./dialect.js";
import { dialectErrorBody, dialectStatus } from "./dialect-error.js";
import { dialectMessageJson, writeJson } from "./dialect-json.js";
import { copyResponseHeaders, forwardedRequest, type HeaderRules } from "./http-headers.js";
import { isBodyTooLarge, readBody } from "./read-body.js";
import { errorBody, httpStatusFromCode } from "./render-error.js";
import { responseJson } from "./render-response.js";
import { buildRequestMessage, type RequestBuildOptions } from "./request-message.js";
import type { PathMatch } from "./route-matcher.js";

// REST/JSON in front of Connect services, driven by their google.api.http annotations, in the manner of
// grpc-gateway (which ZITADEL uses): each REST call becomes one in-process unary call through `transport`, so
// authentication, validation and error mapping are the same as on the gRPC and Connect protocols.
//
// Where a choice had to be made:
// - unknown path: resolve false and leave the reply to the caller; known path, other verb: 405 with
//   {"code":12,"message":"Method Not Allowed"} and an Allow header (ZITADEL overrides grpc-gateway's 501 so).
// - body over maxBodyBytes: 413 with code 8 ResourceExhausted (what Connect/gRPC answer for an oversized message).
// - empty body where the rule maps one: an empty message, as grpc-gateway treats io.EOF.
// - unknown JSON body fields: InvalidArgument by default; `unknownFields: "ignore"` matches ZITADEL (DiscardUnknown).
// - query parameters naming no field: ignored, as grpc-gateway's DefaultQueryParser does (cache busters, tracking).
// - streaming methods: 501 Unimplemented; only unary calls are transcoded.
// - no request/response compression: a compressed body fails as malformed JSON.
// - a service may be mounted under a path prefix and speak a dialect of its own (dialect.ts): names, null
//   bodies, empty answers, statuses and the error and success bodies of the system it imitates.

export type RestRequest = IncomingMessage | Http2ServerRequest;
export type RestResponse = ServerResponse | Http2ServerResponse;

/** Handles the request and resolves true, or resolves false without touching `res` when no route matches. */
export type RestHandler = (req: RestRequest, res: RestResponse) => Promise<boolean>;

export interface RestGatewayOptions {
  /**
   * Services whose annotated methods are served; methods without `google.api.http` are skipped. A service
   * given with options may have a path prefix and a dialect (dialect.ts).
   */
  readonly services: readonly RestService[];
  /** Where calls go; in production a router transport over the same routes and interceptors as the network. */
  readonly transport: Transport;
  /** Types for Any fields in requests/responses and for decoding error details. */
  readonly registry: Registry;
  /** Larger bodies are refused with HTTP 413 (code ResourceExhausted) before the call. */
  readonly maxBodyBytes: number;
  /** Request headers passed to the call as they are (case-insensitive); default DEFAULT_FORWARD_HEADERS. */
  readonly forwardHeaders?: readonly string[];
  /** Request header prefixes passed as they are; default DEFAULT_FORWARD_HEADER_PREFIXES. */
  readonly forwardHeaderPrefixes?: readonly string[];
  /** Response headers/trailers (or error metadata) copied to the HTTP reply; default DEFAULT_RESPONSE_HEADERS. */
  readonly responseHeaders?: readonly string[];
  /**
   * JSON body fields (and enum names) naming nothing: "reject" (InvalidArgument, the default) or "ignore" (what
   * ZITADEL's gateway does: protojson DiscardUnknown). Query parameters naming no field are always ignored.
   */
  readonly unknownFields?: "reject" | "ignore";
  /** HTTP status of a successful call; 200 when it returns undefined. */
  readonly successStatus?: (method: DescMethod) => number | undefined;
  /** Told about anything thrown that is not a ConnectError (a bug); the client gets a bare Internal. */
  readonly onInternalError?: (error: unknown) => void;
  /**
   * Told which method a request was routed to; the headers it returns are set on the in-process call, replacing
   * any the client sent under those names (the request observer links the call to the request so).
   */
  readonly onRoute?: (req: RestRequest, method: DescMethod) => readonly [string, string][];
  /** The deadline of calls without `grpc-timeout`, and the cap on longer ones (default: none). */
  readonly maxTimeoutMs?: number;
  /** The HTTP status of an error, where it differs from grpc-gateway's mapping of its code (e.g. 412 for If-Match). */
  readonly errorStatus?: (error: ConnectError) => number | undefined;
}

/** `grpc-timeout` is read too, as the call's deadline; `Grpc-Metadata-<name>` is forwarded as `<name>`. */
export const DEFAULT_FORWARD_HEADERS: readonly string[] = ["authorization", "x-request-id", "if-match", "accept-language"];
export const DEFAULT_FORWARD_HEADER_PREFIXES: readonly string[] = ["x-zitadel-"];
export const DEFAULT_RESPONSE_HEADERS: readonly string[] = ["etag", "x-request-id"];

const JSON_CONTENT_TYPE = "application/json";

export function createRestGateway(options: RestGatewayOptions): RestHandler {
  const { matcher } = compileRoutes(options.services, { successStatus: options.successStatus });
  const { transport, registry, maxBodyBytes, onInternalError } = options;
  const rules: HeaderRules = {
    forward: new Set((options.forwardHeaders ?? DEFAULT_FORWARD_HEADERS).map((h) => h.toLowerCase())),
    forwardPrefixes: (options.forwardHeaderPrefixes ?? DEFAULT_FORWARD_HEADER_PREFIXES).map((h) => h.toLowerCase()),
    responseHeaders: (options.responseHeaders ?? DEFAULT_RESPONSE_HEADERS).map((h) => h.toLowerCase()),
  };
  const errorHeaders = [...new Set([...rules.responseHeaders, "retry-after"])];
  // A dialect may forward headers of its own (e.g. a client or device id the service checks).
  const dialectRules = new Map<RestDialect, HeaderRules>();
  const rulesFor = (dialect: RestDialect | undefined): HeaderRules => {
    if (dialect?.forwardHeaders === undefined) return rules;
    let own = dialectRules.get(dialect);
    if (own === undefined) {
      own = { ...rules, forward: new Set([...rules.forward, ...dialect.forwardHeaders.map((h) => h.toLowerCase())]) };
      dialectRules.set(dialect, own);
    }
    return own;
  };
  const ignoreUnknown = options.unknownFields === "ignore";
  const buildOptions: RequestBuildOptions = {
    readOptions: { registry, ignoreUnknownFields: ignoreUnknown },
  };
  const writeOptions = { registry };

  async function serve(match: PathMatch<CompiledRoute>, query: string, req: RestRequest, res: RestResponse) {
    const { route } = match;
    const abort = new AbortController();
    const onClose = (): void => {
      if (!res.writableFinished) {
        abort.abort(new ConnectError("client closed the request", Code.Canceled)); // stop the call's work
      }
    };
    res.once("close", onClose);
    const routed = options.onRoute?.(req, route.method);
    try {
      if (route.method.methodKind !== "unary") {
        throw new ConnectError(`${route.method.methodKind} methods are not served over REST`, Code.Unimplemented);
      }
      const forwarded = forwardedRequest(req, rulesFor(route.dialect));
      if (routed !== undefined && routed.length > 0) {
        const names = new Set(routed.map(([name]) => name));
        forwarded.headers.splice(0, forwarded.headers.length, ...forwarded.headers.filter(([name]) => !names.has(name)), ...routed);
      }
      const bodyText = route.body.kind === "none" ? undefined : await readBody(req, maxBodyBytes);
      const input = buildRequestMessage(match, query, bodyText, buildOptions);
      const response = await transport.unary(
        route.method as DescMethodUnary,
        abort.signal,
        options.maxTimeoutMs === undefined ? forwarded.timeoutMs : Math.min(forwarded.timeoutMs ?? options.maxTimeoutMs, options.maxTimeoutMs),
        forwarded.headers,
        input,
      );
      const headers: OutgoingHttpHeaders = { "content-type": JSON_CONTENT_TYPE };
      copyResponseHeaders(headers, rules.responseHeaders, response.header, response.trailer);
      if (route.dialect?.noBodyMethods?.includes(route.method.name)) {
        delete headers["content-type"];
        send(res, route.successStatus, headers, "");
      } else {
        const body = route.dialect ? dialectResponse(route, route.dialect, response.message) : responseJson(route, response.message, writeOptions);
        send(res, route.successStatus, headers, body);
      }
    } catch (error) {
      sendError(req, res, error, route.dialect);
    } finally {
      res.off("close", onClose);
    }
  }

  function dialectResponse(route: CompiledRoute, dialect: RestDialect, message: Message): string {
    let json;
    const field = route.responseField;
    if (field === undefined) {
      json = dialectMessageJson(route.method.output, message, dialect, registry);
    } else if (field.fieldKind === "message") {
      const value = reflect(route.method.output, message).get(field);
      json = dialectMessageJson(field.message, value.message, dialect, registry);
    } else {
      throw new ConnectError(`response_body ${field.name} must be a message field in a dialect`, Code.Internal);
    }
    return writeJson(dialect.successBody ? dialect.successBody(json, route.successStatus) : json);
  }

  function sendError(req: RestRequest, res: RestResponse, thrown: unknown, dialect?: RestDialect): void {
    let error: ConnectError;
    if (thrown instanceof ConnectError) {
      error = thrown;
    } else {
      onInternalError?.(thrown);
      error = new ConnectError("internal error", Code.Internal); // never the cause's message
    }
    const headers: OutgoingHttpHeaders = { "content-type": JSON_CONTENT_TYPE };
    copyResponseHeaders(headers, errorHeaders, error.metadata);
    if (error.code === Code.Unauthenticated && isSafeHeaderValue(error.rawMessage)) {
      headers["www-authenticate"] = error.rawMessage; // as grpc-gateway (RFC 7235 asks for it on a 401)
    }
    let status = options.errorStatus?.(error) ?? (dialect ? dialectStatus(dialect, error) : httpStatusFromCode(error.code));
    if (isBodyTooLarge(error)) {
      status = 413;
      if (req.httpVersionMajor === 1) {
        headers.connection = "close"; // do not read the rest of an oversized upload to keep the connection
      }
    }
    send(res, status, headers, dialect ? dialectErrorBody(dialect, error, status) : errorBody(error, registry));
  }

  return async function handleRest(req, res) {
    const url = req.url ?? "/";
    const queryStart = url.indexOf("?");
    const path = queryStart < 0 ? url : url.slice(0, queryStart);
    if (path.charCodeAt(0) !== 47 /* "/" */) {
      return false;
    }
    const segments = path === "/" ? [] : path.slice(1).split("/");
    const match = matcher.match(req.method ?? "GET", segments);
    if (match !== undefined) {
      await serve(match, queryStart < 0 ? "" : url.slice(queryStart + 1), req, res);
      return true;
    }
    const allowed = matcher.allowedMethods(segments);
    if (allowed.length === 0) {
      return false;
    }
    // ZITADEL's gateway answers a known path with the wrong verb 405 {"code":12,"message":"Method Not Allowed"};
    // a dialect's path answers 405 in its own error body.
    const headers: OutgoingHttpHeaders = { "content-type": JSON_CONTENT_TYPE, allow: allowed.join(", ") };
    const error = new ConnectError("Method Not Allowed", Code.Unimplemented);
    const dialect = matcher.match(allowed[0]!, segments)?.route.dialect;
    send(res, 405, headers, dialect ? dialectErrorBody(dialect, error, 405) : errorBody(error, registry));
    return true;
  };
}

function send(res: RestResponse, status: number, headers: OutgoingHttpHeaders, body: string): void {
  if (res.headersSent || res.writableEnded || res.destroyed === true) {
    return; // something else answered already, or the client is gone
  }
  const bytes = Buffer.from(body, "utf8");
  headers["content-length"] = bytes.length;
  try {
    // The casts only pick one of two compatible signatures (http1 and the http2 compat API).
    (res as ServerResponse).writeHead(status, headers);
    (res as ServerResponse).end(bytes);
  } catch {
    // An HTTP/2 stream the client reset refuses writes (it has no `destroyed` flag); nobody is left to answer.
  }
}

function isSafeHeaderValue(value: string): boolean {
  return value !== "" && /^[\t\x20-\x7e\x80-\xff]*$/.test(value);
}
