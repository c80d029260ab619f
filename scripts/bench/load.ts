// A load generator process: closed-loop workers call one scenario for a fixed time and print the samples'
// summary as JSON. Runs apart from the server so the two do not share an event loop.
import { performance } from "node:perf_hooks";
import type { JsonObject } from "@bufbuild/protobuf";
import { createCall, type Method, type Protocol } from "./clients.js";
import { seededEmployeeId, seededTeam, seededUserId, TEAMS } from "./seed.js";
import { summarize } from "./stats.js";

export interface LoadSpec {
  url: string;
  token: string;
  protocol: Protocol;
  scenario: Scenario;
  concurrency: number;
  seconds: number;
  /** Seeded users to spread load over: seededUserId(first) … seededUserId(first + count - 1). */
  users: { first: number; count: number };
  hotUserId: string;
  runId: string;
}

export type Scenario =
  | "update-spread"
  | "update-hot"
  | "get"
  | "list"
  | "list-broad"
  | "list-metadata"
  | "list-metadata-broad"
  | "add"
  | "add-password"
  | "update-serial";

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

function requestFor(spec: LoadSpec, n: number, worker: number): [Method, JsonObject] {
  const pick = () => seededUserId(spec.users.first + Math.floor(Math.random() * spec.users.count));
  const profile = (i: number) => ({ givenName: "Bench", familyName: `Family ${i}`, nickName: `n${worker}-${i}` });
  switch (spec.scenario) {
    case "update-spread":
      return ["UpdateHumanUser", { userId: pick(), profile: profile(n) }];
    case "update-hot":
    case "update-serial":
      return ["UpdateHumanUser", { userId: spec.hotUserId, profile: profile(n) }];
    case "get":
      return ["GetUserByID", { userId: pick() }];
    case "list":
      // An admin looking someone up: a 4-digit fragment of a username, as typed into a search box.
      return ["ListUsers", usernameSearch(`${Math.floor(Math.random() * 9000) + 1000}`)];
    case "list-broad":
      // The worst case: a 2-character fragment matches a large share of all users, and the exact
      // total_result must count every match.
      return ["ListUsers", usernameSearch(`${Math.floor(Math.random() * 90) + 10}`)];
    case "list-metadata":
      // Finding a user by an id of another system kept in its metadata: one match among all users.
      return ["ListUsers", metadataSearch("employee_id", seededEmployeeId(spec.users.first + Math.floor(Math.random() * spec.users.count)))];
    case "list-metadata-broad":
      // A value one user in TEAMS shares: the page is found at once, the exact total_result counts them all.
      return ["ListUsers", metadataSearch("team", seededTeam(Math.floor(Math.random() * TEAMS)))];
    case "add":
    case "add-password": {
      const name = `load-${spec.runId}-${spec.scenario}-${spec.protocol}-${worker}-${n}`;
      return [
        "AddHumanUser",
        {
          username: name,
          profile: { givenName: "Load", familyName: "Test" },
          email: { email: `${name}@bench.example`, isVerified: true },
          ...(spec.scenario === "add-password" ? { password: { password: "Bench!Passw0rd" } } : {}),
        },
      ];
    }
  }
}

export async function runLoad(spec: LoadSpec) {
  const call = createCall(spec.protocol, spec.url, spec.token);
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const deadline = performance.now() + spec.seconds * 1000;
  const started = performance.now();
  const worker = async (w: number) => {
    for (let n = 0; performance.now() < deadline; n++) {
      const [method, request] = requestFor(spec, n, w);
      const t0 = performance.now();
      try {
        await call(method, request);
        latencies.push(performance.now() - t0);
      } catch (error) {
        errors++;
        firstError ??= String(error).slice(0, 300);
      }
    }
  };
  await Promise.all(Array.from({ length: spec.concurrency }, (_, w) => worker(w)));
  return summarize(latencies, errors, (performance.now() - started) / 1000, firstError);
}

// As a child process: read the spec from argv, print the result.
if (process.argv[2] === "--spec") {
  const spec = JSON.parse(process.argv[3]!) as LoadSpec;
  runLoad(spec).then(
    (result) => {
      process.stdout.write(JSON.stringify(result));
      process.exit(0);
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
