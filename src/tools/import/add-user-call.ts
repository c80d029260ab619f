// The import's client of the running server: our generated UserService client over gRPC (HTTP/2, one
// connection multiplexing every call in flight). Each row's call ends in one of four outcomes: created,
// already present (the row's id exists from an earlier run), failed (the server refused the row: into the
// failed file), or fatal (the server cannot be reached or refuses the token: the whole run stops there, and
// the row is left for the next run).
import { create } from "@bufbuild/protobuf";
import { Code, ConnectError, createClient, type Client, type Interceptor } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { BadRequestSchema } from "../../gen/google/rpc/error_details_pb.js";
import { ErrorDetailSchema } from "../../gen/zitadel/message_pb.js";
import { ListUsersRequestSchema, UserService, type AddHumanUserRequest } from "../../gen/zitadel/user/v2/user_service_pb.js";
import type { RowViolation } from "./row-request.js";

export type UserClient = Client<typeof UserService>;

export interface CallFailure {
  /** Connect's name of the status code, e.g. "invalid_argument". */
  code: string;
  message: string;
  errorId?: string;
  violations: RowViolation[];
}

export type CallOutcome =
  | { kind: "created"; userId: string }
  | { kind: "present"; userId: string }
  | { kind: "failed"; failure: CallFailure }
  | { kind: "fatal"; failure: CallFailure };

export function createUserClient(url: string, token: string): UserClient {
  const bearer: Interceptor = (next) => (request) => {
    request.header.set("authorization", `Bearer ${token}`);
    return next(request);
  };
  return createClient(UserService, createGrpcTransport({ baseUrl: url, interceptors: [bearer] }));
}

/** One cheap authenticated call before the first row: a wrong address or token is one message, not N failures. */
export async function checkConnection(client: UserClient): Promise<CallFailure | undefined> {
  try {
    await client.listUsers(create(ListUsersRequestSchema, { query: { limit: 1 } }), { timeoutMs: 15_000 });
    return undefined;
  } catch (error) {
    return failureOf(ConnectError.from(error));
  }
}

// Worth another try: the server is restarting, overloaded (its password-hash queue is full) or slow.
const TRANSIENT = new Set([Code.Unavailable, Code.ResourceExhausted, Code.DeadlineExceeded, Code.Aborted]);
const ATTEMPTS = 6;

export async function addUser(client: UserClient, request: AddHumanUserRequest, expectedUsername: string, stopping: () => boolean): Promise<CallOutcome> {
  for (let attempt = 1; ; attempt++) {
    try {
      const response = await client.addHumanUser(request, { timeoutMs: 60_000 });
      return { kind: "created", userId: response.userId };
    } catch (error) {
      const e = ConnectError.from(error);
      if (TRANSIENT.has(e.code) && attempt < ATTEMPTS && !stopping()) {
        await sleep(Math.min(5_000, 200 * 2 ** attempt) * (0.5 + Math.random()));
        continue;
      }
      if (TRANSIENT.has(e.code) || e.code === Code.Unauthenticated || e.code === Code.Canceled) return { kind: "fatal", failure: failureOf(e) };
      if (e.code === Code.FailedPrecondition && e.rawMessage.includes("Errors.User.AlreadyExisting")) {
        return alreadyPresent(client, request.userId!, expectedUsername, failureOf(e));
      }
      return { kind: "failed", failure: failureOf(e) };
    }
  }
}

/**
 * The id exists. An id this tool derived can only come from this very row in an earlier run; an id the row
 * chose itself might belong to someone else, so the stored username must be the row's.
 */
async function alreadyPresent(client: UserClient, userId: string, expectedUsername: string, failure: CallFailure): Promise<CallOutcome> {
  if (expectedUsername === "") return { kind: "present", userId };
  try {
    const { user } = await client.getUserByID({ userId }, { timeoutMs: 30_000 });
    if (user?.username.toLowerCase() === expectedUsername.toLowerCase()) return { kind: "present", userId };
    return { kind: "failed", failure: { ...failure, message: `${failure.message}; user ${userId} exists with the username "${user?.username ?? ""}"` } };
  } catch (error) {
    return { kind: "failed", failure: failureOf(ConnectError.from(error)) };
  }
}

function failureOf(error: ConnectError): CallFailure {
  const violations = error.findDetails(BadRequestSchema).flatMap((d) =>
    d.fieldViolations.map((v) => ({ field: v.field, description: v.description, reason: v.reason })),
  );
  return {
    code: codeName(error.code),
    message: error.rawMessage,
    errorId: error.findDetails(ErrorDetailSchema)[0]?.id || undefined,
    violations,
  };
}

/** Connect's wire names: Code.InvalidArgument → "invalid_argument". */
export const codeName = (code: Code): string => Code[code].replace(/[A-Z]/g, (c, i: number) => (i > 0 ? "_" : "") + c.toLowerCase());

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
