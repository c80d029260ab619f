import type { ConnectError } from "@connectrpc/connect";
import { BadRequestSchema } from "../../gen/google/rpc/error_details_pb.js";
import type { RestDialect, RestError } from "./dialect.js";
import { httpStatusFromCode } from "./render-error.js";

// An error answered in a dialect: its status (the gateway's own special cases, else the dialect's table, else
// grpc-gateway's) and the body the dialect builds from the message and the violated fields.

export function dialectStatus(dialect: RestDialect, error: ConnectError): number {
  return dialect.errorStatus?.[error.code] ?? httpStatusFromCode(error.code);
}

export function dialectErrorBody(dialect: RestDialect, error: ConnectError, status: number): string {
  const fields = error
    .findDetails(BadRequestSchema)
    .flatMap((detail) => detail.fieldViolations.map((v) => ({ field: v.field, description: v.description, reason: v.reason })));
  const restError: RestError = { status, code: error.code, message: error.rawMessage, fields };
  return JSON.stringify(dialect.errorBody(restError));
}
