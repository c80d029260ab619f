// SCIM errors (RFC 7644 §3.12): an HTTP status, an optional scimType and a detail, rendered as
// {"schemas": [Error], "status": "400", "scimType": …, "detail": …}. Domain errors of the commands and
// queries map onto them here, so a SCIM caller gets the same judgement as a ZITADEL API caller.
import { STALE_SEQUENCE_ID } from "../../command/user/expected-sequence.js";
import { DomainError, type ErrorKind } from "../../domain/errors.js";
import { ERROR_SCHEMA } from "./scim-schema.js";

export type ScimType =
  | "invalidFilter"
  | "tooMany"
  | "uniqueness"
  | "mutability"
  | "invalidSyntax"
  | "invalidPath"
  | "noTarget"
  | "invalidValue"
  | "invalidVers"
  | "sensitive";

export class ScimError extends Error {
  constructor(
    readonly status: number,
    readonly scimType: ScimType | undefined,
    detail: string,
  ) {
    super(detail);
  }
}

export const scimError = (status: number, scimType: ScimType | undefined, detail: string) => new ScimError(status, scimType, detail);
export const invalidValue = (detail: string) => new ScimError(400, "invalidValue", detail);
export const invalidSyntax = (detail: string) => new ScimError(400, "invalidSyntax", detail);
export const invalidFilter = (detail: string) => new ScimError(400, "invalidFilter", detail);
export const invalidPath = (detail: string) => new ScimError(400, "invalidPath", detail);
export const scimNotFound = (detail: string) => new ScimError(404, undefined, detail);

const byKind: Record<ErrorKind, [number, ScimType | undefined]> = {
  invalid_argument: [400, "invalidValue"],
  failed_precondition: [400, undefined],
  not_found: [404, undefined],
  already_exists: [409, "uniqueness"],
  permission_denied: [403, undefined],
  unauthenticated: [401, undefined],
  resource_exhausted: [429, undefined],
  aborted: [409, undefined],
  unavailable: [503, undefined],
  deadline_exceeded: [504, undefined],
  internal: [500, undefined],
};

/** A command's or query's refusal as a SCIM error; the message keeps ZITADEL's id, the violations their fields. */
export function fromDomainError(error: DomainError): ScimError {
  if (error.id === STALE_SEQUENCE_ID) return new ScimError(412, undefined, `${error.message} (${error.id})`);
  // An existing id is ZITADEL's FailedPrecondition, but for SCIM it is the uniqueness conflict it is.
  if (error.id === "COMMAND-UsrEx1") return new ScimError(409, "uniqueness", `${error.message} (${error.id})`);
  const [status, scimType] = byKind[error.kind];
  const fields = error.violations.map((v) => `${v.field}: ${v.description}`).join("; ");
  return new ScimError(status, scimType, `${error.message} (${error.id})${fields ? `: ${fields}` : ""}`);
}

export function errorBody(error: ScimError): Record<string, unknown> {
  return { schemas: [ERROR_SCHEMA], status: String(error.status), ...(error.scimType ? { scimType: error.scimType } : {}), detail: error.message };
}
