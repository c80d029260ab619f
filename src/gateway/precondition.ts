// Lost-update protection on the user RPCs, the HTTP way on every protocol: answers that carry a user's
// details also carry `ETag: "<sequence>"`, and a call that changes one user may send `If-Match: "<sequence>"`
// (a header, or gRPC metadata) to have it refused with FailedPrecondition when the user has moved on. This
// interceptor only parses the header into a context value; the command checks it against the write model
// under the user's lock (src/command/user/expected-sequence.ts), so no other change can slip in between.
import type { DescMethod } from "@bufbuild/protobuf";
import { Code, ConnectError, type Interceptor } from "@connectrpc/connect";
import { expectedSequenceKey } from "../api/request-context.js";
import { STALE_SEQUENCE_ID } from "../command/user/expected-sequence.js";
import { invalidArgument } from "../domain/errors.js";
import { ErrorDetailSchema } from "../gen/zitadel/message_pb.js";

const USER_SERVICE = "zitadel.user.v2.UserService";

/** UserService methods that change one existing user: If-Match applies. */
const CHANGES_ONE_USER = new Set([
  "UpdateHumanUser",
  "UpdateUser",
  "SetEmail",
  "ResendEmailCode",
  "SendEmailCode",
  "VerifyEmail",
  "SetPhone",
  "ResendPhoneCode",
  "VerifyPhone",
  "RemovePhone",
  "PasswordReset",
  "SetPassword",
  "LockUser",
  "UnlockUser",
  "DeactivateUser",
  "ReactivateUser",
  "DeleteUser",
  "SetUserMetadata",
  "DeleteUserMetadata",
  "AddPersonalAccessToken",
  "RemovePersonalAccessToken",
]);

/** Methods whose response `details` are the user's: the answer carries its sequence as ETag. */
const ANSWERS_USER_DETAILS = new Set([...CHANGES_ONE_USER, "GetUserByID", "AddHumanUser", "CreateUser"]);

/** Our own RPCs (usersvc.*, as "<service>/<method>") that change one existing user and answer its details. */
const OWN_USER_CHANGES = new Set(["usersvc.user.v1.UserMoveService/MoveUser"]);

// An entity tag as RFC 9110 writes it (optionally weak), or a bare number as a convenience for gRPC metadata.
const ENTITY_TAG = /^(?:W\/)?"(\d{1,15})"$|^(\d{1,15})$/;

/** `*` → undefined (any current state); `"12"`, `W/"12"` or `12` → 12; anything else is InvalidArgument. */
export function parseIfMatch(value: string): number | undefined {
  const trimmed = value.trim();
  if (trimmed === "*") return undefined;
  const match = ENTITY_TAG.exec(trimmed);
  if (!match) {
    throw invalidArgument("GATEWAY-IfMtch1", 'Errors.InvalidArgument: If-Match must be one user sequence, e.g. "12" (or *)');
  }
  return Number(match[1] ?? match[2]);
}

export interface PreconditionOptions {
  /**
   * Methods of other services that change one existing user (the other update-user APIs): If-Match applies to
   * them too. They answer no `details`, so their handlers set the ETag themselves.
   */
  changesOneUser?: readonly DescMethod[];
}

export function preconditionInterceptor(options: PreconditionOptions = {}): Interceptor {
  const others = new Set(options.changesOneUser);
  return (next) => async (request) => {
    if (request.stream) return next(request);
    const own = others.has(request.method) || OWN_USER_CHANGES.has(`${request.service.typeName}/${request.method.name}`);
    if (!own && request.service.typeName !== USER_SERVICE) return next(request);
    const name = request.method.name;
    if (own || CHANGES_ONE_USER.has(name)) {
      const ifMatch = request.header.get("if-match");
      if (ifMatch !== null) request.contextValues.set(expectedSequenceKey, parseIfMatch(ifMatch));
    }
    const response = await next(request);
    if (!response.stream && (own || ANSWERS_USER_DETAILS.has(name))) {
      const sequence = (response.message as { details?: { sequence?: unknown } }).details?.sequence;
      if (typeof sequence === "bigint") response.header.set("etag", `"${sequence}"`);
    }
    return response;
  };
}

/** REST answers a stale If-Match 412 Precondition Failed; every other FailedPrecondition stays 400 (grpc-gateway). */
export function preconditionHttpStatus(error: ConnectError): number | undefined {
  if (error.code !== Code.FailedPrecondition) return undefined;
  return error.findDetails(ErrorDetailSchema).some((detail) => detail.id === STALE_SEQUENCE_ID) ? 412 : undefined;
}
