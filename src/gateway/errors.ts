// The one place where domain errors become protocol errors. Every RPC passes through errorInterceptor,
// so Connect, gRPC, gRPC-web and REST (which calls through the same routes) answer alike.
import { create } from "@bufbuild/protobuf";
import { Code, ConnectError, type ContextValues, type Interceptor } from "@connectrpc/connect";
import type { Logger } from "pino";
import { isConnectionError, postgresErrorOf } from "../db/postgres-error.js";
import { DomainError, invalidArgument, StreamInterrupted, unavailable, type ErrorKind } from "../domain/errors.js";
import { BadRequestSchema } from "../gen/google/rpc/error_details_pb.js";
import { ResumeInfoSchema } from "../gen/usersvc/history/v1/history_service_pb.js";
import { ErrorDetailSchema } from "../gen/zitadel/message_pb.js";

const codes: Record<ErrorKind, Code> = {
  invalid_argument: Code.InvalidArgument,
  failed_precondition: Code.FailedPrecondition,
  not_found: Code.NotFound,
  already_exists: Code.AlreadyExists,
  permission_denied: Code.PermissionDenied,
  unauthenticated: Code.Unauthenticated,
  resource_exhausted: Code.ResourceExhausted,
  aborted: Code.Aborted,
  unavailable: Code.Unavailable,
  deadline_exceeded: Code.DeadlineExceeded,
  internal: Code.Internal,
};

/** ZITADEL's message form: `<text> (<ID>)`, with the id and text again as a zitadel.v1.ErrorDetail. */
export function toConnectError(error: DomainError): ConnectError {
  const details: { desc: typeof ErrorDetailSchema | typeof BadRequestSchema | typeof ResumeInfoSchema; value: object }[] = [
    { desc: ErrorDetailSchema, value: create(ErrorDetailSchema, { id: error.id, message: error.message }) },
  ];
  if (error instanceof StreamInterrupted) {
    details.push({ desc: ResumeInfoSchema, value: create(ResumeInfoSchema, { position: error.resumePosition }) });
  }
  if (error.violations.length > 0) {
    details.push({
      desc: BadRequestSchema,
      value: create(BadRequestSchema, {
        fieldViolations: error.violations.map((v) => ({ field: v.field, description: v.description, reason: v.rule })),
      }),
    });
  }
  return new ConnectError(`${error.message} (${error.id})`, codes[error.kind], undefined, details as ConstructorParameters<typeof ConnectError>[3]);
}

/** `loggerOf`: the logger of the request (src/observe keeps one per request, carrying its id). */
export function errorInterceptor(loggerOf: (values: ContextValues) => Logger): Interceptor {
  return (next) => async (request) => {
    const translate = (error: unknown): ConnectError => {
      if (error instanceof DomainError) return toConnectError(error);
      if (error instanceof ConnectError) return error;
      // SQLSTATE class 22 (data exception: a NUL character, an out-of-range number, …) comes from a value the
      // caller sent that no validation rule describes; it is their input, not our fault.
      const sqlState = postgresErrorOf(error)?.code;
      if (sqlState?.startsWith("22")) {
        return toConnectError(invalidArgument("GATEWAY-DataEx", `Errors.InvalidArgument: a value cannot be stored (SQLSTATE ${sqlState})`));
      }
      // The database went away (restart, network) on a read or anywhere outside the event store's push: the
      // caller may retry, so Unavailable (REST 503), not Internal. The pool reconnects on its next query.
      if (isConnectionError(error)) {
        return toConnectError(unavailable("GATEWAY-DbDown1", "Errors.Unavailable: the database cannot be reached, try again"));
      }
      // A fault of ours: the caller learns nothing about it, the log learns everything.
      loggerOf(request.contextValues).error({ err: error, procedure: request.method.name }, "internal error");
      return new ConnectError("Errors.Internal (GATEWAY-Intrn1)", Code.Internal);
    };
    let response;
    try {
      response = await next(request);
    } catch (error) {
      throw translate(error);
    }
    // A server stream fails while it is being read, after this interceptor returned: map those errors too.
    // (Once the client is gone — connect then throws its write error into the stream — there is nobody to tell.)
    if (response.stream) return { ...response, message: translatingErrors(response.message, (error) => (request.signal.aborted ? ConnectError.from(error) : translate(error))) };
    return response;
  };
}

async function* translatingErrors<T>(messages: AsyncIterable<T>, translate: (error: unknown) => ConnectError): AsyncIterable<T> {
  try {
    yield* messages;
  } catch (error) {
    throw translate(error);
  }
}
