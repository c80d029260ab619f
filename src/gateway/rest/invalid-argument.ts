import { Code, ConnectError } from "@connectrpc/connect";

/** A client mistake in the REST request itself (path, query, body): always InvalidArgument, HTTP 400. */
export function invalidArgument(message: string, cause?: unknown): ConnectError {
  return new ConnectError(message, Code.InvalidArgument, undefined, undefined, cause);
}

/** The message of whatever was thrown, for wrapping library errors into client errors. */
export function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
