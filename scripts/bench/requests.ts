// The requests of each scenario, encoded before the load starts (gRPC frames, JSON bodies), so that the load
// generator spends its time sending rather than serialising. Only AddHumanUser, whose every call needs a new
// username, is encoded per call.
import { fromJson, toBinary, type JsonObject } from "@bufbuild/protobuf";
import { UserService } from "../../src/gen/zitadel/user/v2/user_service_pb.js";
import { encodeGrpcFrame } from "./grpc-frame.js";
import type { HttpRequest } from "./raw-clients.js";
import { seededEmployeeId, seededTeam, seededUserId, TEAMS } from "./seed.js";

export type Protocol = "grpc" | "connect" | "rest";
export type Method = "AddHumanUser" | "UpdateHumanUser" | "GetUserByID" | "ListUsers";
export type Scenario =
  | "update-spread"
  | "update-hot"
  | "get"
  | "list"
  | "list-broad"
  | "list-metadata"
  | "list-metadata-broad"
  | "add"
  | "add-password";

export interface PreparedRequest {
  grpc?: { path: string; frame: Buffer };
  http?: HttpRequest;
}

export interface ScenarioSpec {
  protocol: Protocol;
  scenario: Scenario;
  /** Seeded users to spread load over: seededUserId(first) … seededUserId(first + count - 1). */
  users: { first: number; count: number };
  /** The one user of update-hot. */
  hotUserId: string;
  /** Makes AddHumanUser's usernames unique across runs on one database. */
  runId: string;
}

const service = UserService.typeName;
const methods = new Map(UserService.methods.map((m) => [m.name, m]));
const json = (value: unknown) => Buffer.from(JSON.stringify(value));

const restRoutes: Record<Method, (r: JsonObject) => HttpRequest> = {
  AddHumanUser: (r) => ({ method: "POST", path: "/v2/users/human", body: json(r) }),
  UpdateHumanUser: ({ userId, ...rest }) => ({ method: "PUT", path: `/v2/users/human/${String(userId)}`, body: json(rest) }),
  GetUserByID: (r) => ({ method: "GET", path: `/v2/users/${String(r.userId)}` }),
  ListUsers: (r) => ({ method: "POST", path: "/v2/users", body: json(r) }),
};

/** One call of `method` with the proto3-JSON `request`, encoded for `protocol`. */
export function prepare(protocol: Protocol, method: Method, request: JsonObject): PreparedRequest {
  switch (protocol) {
    case "grpc": {
      const desc = methods.get(method)!;
      return { grpc: { path: `/${service}/${method}`, frame: encodeGrpcFrame(toBinary(desc.input, fromJson(desc.input, request))) } };
    }
    case "connect":
      return { http: { method: "POST", path: `/${service}/${method}`, body: json(request) } };
    case "rest":
      return { http: restRoutes[method](request) };
  }
}

/** The first page, sorted by username, of the users whose username contains `fragment` (any case). */
const usernameSearch = (fragment: string): JsonObject => ({
  query: { limit: 20 },
  sortingColumn: "USER_FIELD_NAME_USER_NAME",
  queries: [{ userNameQuery: { userName: fragment, method: "TEXT_QUERY_METHOD_CONTAINS_IGNORE_CASE" } }],
});

/** The first page of the users whose metadata entry `key` holds exactly `value` (seeded by seed.ts). */
const metadataSearch = (key: string, value: string): JsonObject => ({
  query: { limit: 20 },
  queries: [
    { metadataKeyFilter: { key, method: "TEXT_FILTER_METHOD_EQUALS" } },
    { metadataValueFilter: { value: Buffer.from(value).toString("base64"), method: "BYTE_FILTER_METHOD_EQUALS" } },
  ],
});

/** At most this many users take part in a spread scenario (two encoded updates each), evenly over the seeded ones. */
const SPREAD_USERS = 5000;
const SEARCHES = 200;

const random = (n: number) => Math.floor(Math.random() * n);

/** `next(caller, n)` gives caller's n-th request of the scenario. */
export function requestSource(spec: ScenarioSpec): (caller: number, n: number) => PreparedRequest {
  const { protocol } = spec;
  const spreadIds = Array.from({ length: Math.min(SPREAD_USERS, spec.users.count) }, (_, i) =>
    seededUserId(spec.users.first + Math.floor((i * spec.users.count) / Math.min(SPREAD_USERS, spec.users.count))),
  );
  const pool = (size: number, make: (i: number) => [Method, JsonObject]) =>
    Array.from({ length: size }, (_, i) => prepare(protocol, ...make(i)));
  const pick = <T>(items: readonly T[]) => items[random(items.length)]!;
  // Two profiles per user, sent alternately, so that every update changes the user and writes an event.
  const updatesOf = (ids: readonly string[]) => {
    const variants = ids.map((userId) =>
      [0, 1].map((v) => prepare(protocol, "UpdateHumanUser", { userId, profile: { givenName: "Bench", familyName: `Family ${v}`, nickName: `n${v}` } })),
    );
    const toggles = new Uint8Array(ids.length);
    return () => {
      const i = random(ids.length);
      const variant = (toggles[i] = 1 - toggles[i]!);
      return variants[i]![variant]!;
    };
  };
  switch (spec.scenario) {
    case "update-spread":
      return updatesOf(spreadIds);
    case "update-hot":
      return updatesOf([spec.hotUserId]);
    case "get": {
      const gets = pool(spreadIds.length, (i) => ["GetUserByID", { userId: spreadIds[i]! }]);
      return () => pick(gets);
    }
    case "list": {
      // An admin looking someone up: a 4-digit fragment of a username, as typed into a search box.
      const searches = pool(SEARCHES, () => ["ListUsers", usernameSearch(`${random(9000) + 1000}`)]);
      return () => pick(searches);
    }
    case "list-broad": {
      // The worst case: a 2-character fragment matches a large share of all users, and the exact total counts them all.
      const searches = pool(SEARCHES, () => ["ListUsers", usernameSearch(`${random(90) + 10}`)]);
      return () => pick(searches);
    }
    case "list-metadata": {
      // Finding a user by an id of another system kept in its metadata: one match among all users.
      const searches = pool(SEARCHES, () => ["ListUsers", metadataSearch("employee_id", seededEmployeeId(spec.users.first + random(spec.users.count)))]);
      return () => pick(searches);
    }
    case "list-metadata-broad": {
      // A value one user in TEAMS shares: the page is found at once, the exact total_result counts them all.
      const searches = pool(TEAMS, (i) => ["ListUsers", metadataSearch("team", seededTeam(i))]);
      return () => pick(searches);
    }
    case "add":
    case "add-password":
      return (caller, n) => {
        const name = `load-${spec.runId}-${spec.scenario}-${protocol}-${caller}-${n}`;
        return prepare(protocol, "AddHumanUser", {
          username: name,
          profile: { givenName: "Load", familyName: "Test" },
          email: { email: `${name}@bench.example`, isVerified: true },
          ...(spec.scenario === "add-password" ? { password: { password: "Bench!Passw0rd" } } : {}),
        });
      };
  }
}
