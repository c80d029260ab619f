// Prisma 7 wraps database failures in layers that differ by adapter and by call: raw queries throw
// PrismaClientKnownRequestError P2010, model calls P2002 and friends, both with meta.driverAdapterError
// whose `cause` holds the adapter's mapping ({ kind, originalCode, originalMessage, … }); pg's own errors
// (connection timeouts, dropped sockets) can surface unwrapped. These helpers read every layer so callers
// can decide on the PostgreSQL SQLSTATE alone.

export interface PostgresErrorInfo {
  /** SQLSTATE, e.g. "23505" unique_violation, "23514" check_violation. */
  code: string;
  /** Constraint or index name, when PostgreSQL names one. */
  constraint?: string;
  /** PostgreSQL's DETAIL line. Both adapters drop it for 23505, so never rely on it for unique violations. */
  detail?: string;
  message: string;
}

const SQLSTATE = /^[0-9A-Z]{5}$/;

export function postgresErrorOf(err: unknown): PostgresErrorInfo | undefined {
  for (const layer of layersOf(err)) {
    const info = fromAdapterMapping(layer) ?? fromDriverError(layer);
    if (info) return info;
  }
  return undefined;
}

/** True when the database could not be reached or dropped the connection: worth answering Unavailable. */
export function isConnectionError(err: unknown): boolean {
  for (const layer of layersOf(err)) {
    if (layer.name === "PrismaClientInitializationError") return true;
    if (typeof layer.code === "string" && PRISMA_CONNECTION_CODES.has(layer.code)) return true;
    if (typeof layer.errorCode === "string" && PRISMA_CONNECTION_CODES.has(layer.errorCode)) return true;
    if (typeof layer.kind === "string" && ADAPTER_CONNECTION_KINDS.has(layer.kind)) return true;
    if (typeof layer.code === "string" && SOCKET_CODES.has(layer.code)) return true;
    if (typeof layer.message === "string" && DRIVER_CONNECTION_MESSAGES.test(layer.message)) return true;
  }
  const code = postgresErrorOf(err)?.code;
  return code !== undefined && isConnectionSqlState(code);
}

/** Class 08 connection_exception, 57P01-57P03 server shutting down or starting, 53300 too_many_connections. */
function isConnectionSqlState(code: string): boolean {
  return code.startsWith("08") || code === "57P01" || code === "57P02" || code === "57P03" || code === "53300";
}

// P1001 can't reach, P1002 timed out, P1008 operation timed out, P1017 server closed the connection,
// P2024 timed out waiting for a pooled connection.
const PRISMA_CONNECTION_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024"]);
const ADAPTER_CONNECTION_KINDS = new Set([
  "DatabaseNotReachable",
  "ConnectionClosed",
  "SocketTimeout",
  "TlsConnectionError",
  "TooManyConnections",
]);
const SOCKET_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "ENOTFOUND", "EHOSTUNREACH", "ENETUNREACH", "EPIPE", "EAI_AGAIN"]);
// pg and pg-pool throw plain Errors with only these messages; PGlite after close() likewise.
const DRIVER_CONNECTION_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection closed|PGlite is closed/i;

type Layer = Record<string, unknown>;

/** The error, Prisma's meta.driverAdapterError, and every `cause` below them. */
function* layersOf(err: unknown): Generator<Layer> {
  const queue: unknown[] = [err];
  const seen = new Set<unknown>();
  while (queue.length > 0) {
    const item = queue.shift();
    if (typeof item !== "object" || item === null || seen.has(item)) continue;
    seen.add(item);
    const layer = item as Layer;
    yield layer;
    const meta = layer.meta as Layer | undefined;
    if (meta && typeof meta === "object") queue.push(meta.driverAdapterError);
    queue.push(layer.cause);
  }
}

/** The `cause` of a DriverAdapterError: { kind, originalCode, originalMessage, constraint?, detail? }. */
function fromAdapterMapping(layer: Layer): PostgresErrorInfo | undefined {
  if (typeof layer.kind !== "string" || typeof layer.originalCode !== "string") return undefined;
  if (!SQLSTATE.test(layer.originalCode)) return undefined;
  const constraint = layer.constraint as { index?: unknown } | undefined;
  return withConstraint({
    code: layer.originalCode,
    message: typeof layer.originalMessage === "string" ? layer.originalMessage : "",
    constraint: typeof constraint?.index === "string" ? constraint.index : undefined,
    detail: typeof layer.detail === "string" ? layer.detail : undefined,
  });
}

/** pg's or PGlite's DatabaseError, when something hands it over unwrapped. */
function fromDriverError(layer: Layer): PostgresErrorInfo | undefined {
  if (typeof layer.code !== "string" || !SQLSTATE.test(layer.code) || typeof layer.severity !== "string") return undefined;
  return withConstraint({
    code: layer.code,
    message: typeof layer.message === "string" ? layer.message : "",
    constraint: typeof layer.constraint === "string" ? layer.constraint : undefined,
    detail: typeof layer.detail === "string" ? layer.detail : undefined,
  });
}

/** PGlite's adapter keeps no constraint name, but PostgreSQL's message always quotes it. */
function withConstraint(info: { code: string; message: string; constraint?: string; detail?: string }): PostgresErrorInfo {
  const constraint = info.constraint ?? /constraint "((?:[^"]|"")+)"/.exec(info.message)?.[1]?.replaceAll('""', '"');
  const result: PostgresErrorInfo = { code: info.code, message: info.message };
  if (constraint !== undefined) result.constraint = constraint;
  if (info.detail !== undefined) result.detail = info.detail;
  return result;
}
