import { create } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import type { FieldViolation } from "../../domain/errors.js";
import { BadRequestSchema } from "../../gen/google/rpc/error_details_pb.js";

/** A client mistake in the REST request itself (path, query, body): always InvalidArgument, HTTP 400. */
export function invalidArgument(message: string, cause?: unknown): ConnectError {
  return new ConnectError(message, Code.InvalidArgument, undefined, undefined, cause);
}

/** The message of whatever was thrown, for wrapping library errors into client errors. */
export function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** InvalidArgument listing every violated field of the request as google.rpc.BadRequest. */
export function invalidFields(message: string, violations: readonly FieldViolation[]): ConnectError {
  const detail = create(BadRequestSchema, {
    fieldViolations: violations.map((v) => ({ field: v.field, description: v.description, reason: v.rule })),
  });
  return new ConnectError(message, Code.InvalidArgument, undefined, [{ desc: BadRequestSchema, value: detail }]);
}
