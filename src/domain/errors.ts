// The error vocabulary of the domain. Every refusal the service gives is a DomainError with a kind
// (which becomes the protocol status in src/gateway/errors.ts), a stable searchable id, and a message
// safe to show to the caller. Anything that is not a DomainError is an internal fault.

export type ErrorKind =
  | "invalid_argument"
  | "failed_precondition"
  | "not_found"
  | "already_exists"
  | "permission_denied"
  | "unauthenticated"
  | "resource_exhausted"
  | "aborted"
  | "unavailable"
  | "deadline_exceeded"
  | "internal";

/** One violated rule of one request field; `field` is the proto field path, e.g. `profile.given_name`. */
export interface FieldViolation {
  field: string;
  /** The violated rule, e.g. `string.min_len`, `string.email`, `phone.e164`. */
  rule: string;
  description: string;
}

export class DomainError extends Error {
  override readonly name = "DomainError";
  constructor(
    readonly kind: ErrorKind,
    /** Stable id, e.g. `COMMAND-u2Kfx`, searchable in code and logs. */
    readonly id: string,
    message: string,
    readonly violations: readonly FieldViolation[] = [],
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export const invalidArgument = (id: string, message: string, violations: readonly FieldViolation[] = []) =>
  new DomainError("invalid_argument", id, message, violations);
/** `violations` name the fields a refused state is about (a new password equal to the stored one), where there are any. */
export const failedPrecondition = (id: string, message: string, violations: readonly FieldViolation[] = []) =>
  new DomainError("failed_precondition", id, message, violations);
export const notFound = (id: string, message: string) => new DomainError("not_found", id, message);
export const alreadyExists = (id: string, message: string) => new DomainError("already_exists", id, message);
export const permissionDenied = (id: string, message: string) => new DomainError("permission_denied", id, message);
export const unauthenticated = (id: string, message: string) => new DomainError("unauthenticated", id, message);
export const resourceExhausted = (id: string, message: string) => new DomainError("resource_exhausted", id, message);
export const unavailable = (id: string, message: string) => new DomainError("unavailable", id, message);
export const aborted = (id: string, message: string) => new DomainError("aborted", id, message);

/** A single-field InvalidArgument, the common case for value checks in src/domain. */
export const invalidField = (id: string, field: string, rule: string, description: string) =>
  invalidArgument(id, description, [{ field, rule, description }]);

/**
 * Ends a stream part-way (a change feed cut off, a server shutting down, a token no longer valid) and tells the
 * client where to resume: the gateway sends `resumePosition` with the status (usersvc.history.v1.ResumeInfo).
 */
export class StreamInterrupted extends DomainError {
  constructor(kind: ErrorKind, id: string, message: string, readonly resumePosition: string) {
    super(kind, id, `${message}; resume after position ${resumePosition}`);
  }
}
