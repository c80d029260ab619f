// Bulk (RFC 7644 §3.7): POST, PUT, PATCH and DELETE of Users in one request, each through the same operation
// as on its own. A POST's bulkId may be referenced as "bulkId:<id>" in later operations' paths and data (e.g.
// the enterprise manager.value); an operation runs once what it references exists, so the client's order need
// not be the dependency order. A reference to a bulkId no operation defines, to one that failed, or in a cycle
// cannot be resolved: that operation fails with 409 (§3.7.1) and writes nothing. failOnErrors stops after that
// many errors; the operations not reached are left out of the answer. More operations than maxOperations, or a
// larger body than maxPayloadSize (the gateway's limit), is 413 for the whole request, before anything runs.
import { DomainError } from "../../domain/errors.js";
import type { BulkLimits } from "./scim-discovery.js";
import { errorBody, fromDomainError, invalidSyntax, invalidValue, scimError, ScimError } from "./scim-error.js";
import { isObject, messageOperations, type ScimObject } from "./scim-resource-check.js";
import { BULK_REQUEST, BULK_RESPONSE } from "./scim-schema.js";
import { createScimUser, deleteScimUser, patchScimUser, replaceScimUser, type ScimCall, type ScimUsersDeps } from "./scim-users.js";

interface Operation {
  index: number;
  method: string;
  bulkId?: string;
  path: string;
  data?: unknown;
  version?: string;
  /** The bulkIds it references. */
  needs: Set<string>;
  /** Why it cannot run at all (malformed). */
  invalid?: ScimError;
}

export interface BulkOptions extends BulkLimits {
  /** The gateway's If-Match parser, for an operation's version. */
  parseVersion(version: string): number | undefined;
  onInternalError(error: unknown): void;
}

const REFERENCE = /^bulkId:(.+)$/;
const METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export async function runBulk(deps: ScimUsersDeps, call: ScimCall, body: unknown, options: BulkOptions): Promise<ScimObject> {
  const { message, operations: raw } = messageOperations(body, BULK_REQUEST, "BulkRequest");
  if (raw.length > options.maxOperations) throw scimError(413, undefined, `${raw.length} operations: at most ${options.maxOperations} in one request`);
  const failOnErrors = message.failOnErrors;
  if (failOnErrors !== undefined && (typeof failOnErrors !== "number" || !Number.isInteger(failOnErrors) || failOnErrors < 1)) {
    throw invalidValue("failOnErrors must be a positive integer");
  }

  const operations = raw.map(readOperation);
  const defined = new Map<string, Operation>();
  for (const op of operations) {
    if (!op.bulkId || op.invalid) continue;
    if (defined.has(op.bulkId)) op.invalid = invalidValue(`bulkId "${op.bulkId}" is used by more than one operation`);
    else defined.set(op.bulkId, op);
  }
  const created = new Map<string, string>(); // bulkId → user id
  const failed = new Set<string>();
  const results = new Map<number, ScimObject>();
  let errors = 0;
  const stop = () => failOnErrors !== undefined && errors >= failOnErrors;
  const record = (op: Operation, result: ScimObject) => {
    results.set(op.index, result);
    if (Number(result.status) >= 400) {
      errors++;
      if (op.bulkId) failed.add(op.bulkId);
    }
  };

  let pending = operations;
  while (pending.length > 0 && !stop()) {
    const ready = pending.filter((op) => op.invalid || [...op.needs].every((id) => created.has(id) || failed.has(id) || !defined.has(id)));
    if (ready.length === 0) {
      // Everything left waits on something that waits on it: a cycle, or hangs on one.
      for (const op of pending) {
        if (stop()) break;
        record(op, failure(op, scimError(409, undefined, `the bulkId references of this operation form a cycle`)));
      }
      break;
    }
    for (const op of ready) {
      if (stop()) break;
      record(op, await runOne(deps, call, op, created, defined, options));
    }
    pending = pending.filter((op) => !ready.includes(op) && !results.has(op.index));
  }
  const answered = [...results.entries()].sort(([a], [b]) => a - b).map(([, result]) => result);
  return { schemas: [BULK_RESPONSE], Operations: answered };
}

function readOperation(raw: unknown, index: number): Operation {
  const op: Operation = { index, method: "", path: "", needs: new Set() };
  if (!isObject(raw)) return { ...op, invalid: invalidSyntax(`Operations[${index}] must be an object`) };
  const method = typeof raw.method === "string" ? raw.method.toUpperCase() : "";
  op.method = method;
  if (typeof raw.bulkId === "string" && raw.bulkId !== "") op.bulkId = raw.bulkId;
  if (typeof raw.path === "string") op.path = raw.path;
  op.data = raw.data;
  if (typeof raw.version === "string") op.version = raw.version;
  if (!METHODS.has(method)) op.invalid = invalidSyntax(`Operations[${index}].method must be POST, PUT, PATCH or DELETE`);
  else if (method === "POST" && !op.bulkId) op.invalid = invalidSyntax(`Operations[${index}]: a POST needs a bulkId`);
  else if (method !== "DELETE" && !isObject(op.data)) op.invalid = invalidSyntax(`Operations[${index}]: ${method} needs data`);
  collectReferences(op.path, op.needs);
  collectReferences(op.data, op.needs);
  return op;
}

function collectReferences(value: unknown, into: Set<string>): void {
  if (typeof value === "string") {
    const id = /\/bulkId:([^/]+)$/.exec(value)?.[1] ?? REFERENCE.exec(value)?.[1];
    if (id) into.add(id);
  } else if (Array.isArray(value)) value.forEach((item) => collectReferences(item, into));
  else if (isObject(value)) Object.values(value).forEach((item) => collectReferences(item, into));
}

function substitute(value: unknown, created: Map<string, string>): unknown {
  if (typeof value === "string") {
    return value.replace(/^bulkId:(.+)$/, (whole, id: string) => created.get(id) ?? whole).replace(/\/bulkId:([^/]+)$/, (whole, id: string) => (created.has(id) ? `/${created.get(id)}` : whole));
  }
  if (Array.isArray(value)) return value.map((item) => substitute(item, created));
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, substitute(item, created)]));
  return value;
}

async function runOne(deps: ScimUsersDeps, call: ScimCall, op: Operation, created: Map<string, string>, defined: Map<string, Operation>, options: BulkOptions): Promise<ScimObject> {
  try {
    if (op.invalid) throw op.invalid;
    for (const id of op.needs) {
      if (!defined.has(id)) throw scimError(409, undefined, `bulkId "${id}" is not defined in this request`);
      if (!created.has(id)) throw scimError(409, undefined, `the operation with bulkId "${id}" failed, so its reference cannot be resolved`);
    }
    const path = substitute(op.path, created) as string;
    const data = substitute(op.data, created);
    const opCall: ScimCall = { ...call, ifMatch: op.version === undefined ? undefined : options.parseVersion(op.version), projection: {} };
    if (op.method === "POST") {
      if (!/^\/Users\/?$/i.test(path)) throw scimError(400, "invalidPath", `POST goes to /Users, not "${op.path}"`);
      const resource = await createScimUser(deps, opCall, data);
      created.set(op.bulkId!, resource.id as string);
      return success(op, "201", resource);
    }
    const userId = /^\/Users\/([^/]+)$/i.exec(path)?.[1];
    if (!userId) throw scimError(400, "invalidPath", `${op.method} goes to /Users/<id>, not "${op.path}"`);
    if (op.method === "DELETE") {
      await deleteScimUser(deps, opCall, decodeURIComponent(userId));
      return { method: op.method, location: `${call.baseUrl}/Users/${userId}`, status: "204" };
    }
    const change = op.method === "PUT" ? replaceScimUser : patchScimUser;
    return success(op, "200", await change(deps, opCall, decodeURIComponent(userId), data));
  } catch (error) {
    if (error instanceof ScimError) return failure(op, error);
    if (error instanceof DomainError) return failure(op, fromDomainError(error));
    options.onInternalError(error);
    return failure(op, scimError(500, undefined, "internal error"));
  }
}

function success(op: Operation, status: string, resource: ScimObject): ScimObject {
  const meta = resource.meta as { location?: string; version?: string } | undefined;
  return { method: op.method, ...(op.bulkId ? { bulkId: op.bulkId } : {}), location: meta?.location, version: meta?.version, status };
}

function failure(op: Operation, error: ScimError): ScimObject {
  return { method: op.method || "UNKNOWN", ...(op.bulkId ? { bulkId: op.bulkId } : {}), status: String(error.status), response: errorBody(error) };
}
