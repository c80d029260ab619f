// PATCH (RFC 7644 §3.5.2) applied with scim-patch onto the user as it is served: add, replace and remove,
// with a path (`name.familyName`, `emails[type eq "work"].value`, an extension URN) or without one (the
// value's attributes, dotted names allowed). Microsoft Entra ID's spellings are read as meant: "Replace",
// "Add", "Remove" in any case. Paths are checked against the schema first (an unknown attribute is
// invalidPath, a read-only one mutability); the patched resource is then checked like a PUT body, which
// also turns Entra's "False" into false.
import { scimPatch, type ScimPatchOperation, type ScimResource } from "scim-patch";
import { resolvePath } from "./scim-attribute-path.js";
import { invalidPath, invalidSyntax, invalidValue, scimError, type ScimType } from "./scim-error.js";
import { checkUserResource, isObject, messageOperations, type ScimObject } from "./scim-resource-check.js";
import { PATCH_OP } from "./scim-schema.js";

const OPS = new Set(["add", "replace", "remove"]);
const MAX_OPERATIONS = 1000;

/** The operations of a PatchOp body, checked and with lower-case op names. */
export function patchOperations(body: unknown): ScimPatchOperation[] {
  const { operations } = messageOperations(body, PATCH_OP, "PatchOp");
  if (operations.length > MAX_OPERATIONS) throw scimError(400, "tooMany", `at most ${MAX_OPERATIONS} operations`);
  return operations.map((operation, index) => {
    if (!isObject(operation)) throw invalidSyntax(`Operations[${index}] must be an object`);
    const op = typeof operation.op === "string" ? operation.op.toLowerCase() : "";
    if (!OPS.has(op)) throw invalidSyntax(`Operations[${index}].op must be add, replace or remove`);
    const path = operation.path;
    if (path !== undefined && typeof path !== "string") throw invalidPath(`Operations[${index}].path must be a string`);
    if (typeof path === "string") checkPath(path, index);
    if (op === "remove" && path === undefined) throw scimError(400, "noTarget", `Operations[${index}]: remove needs a path`);
    if (op !== "remove" && operation.value === undefined) throw invalidValue(`Operations[${index}]: ${op} needs a value`);
    if (op !== "remove" && path === undefined && !isObject(operation.value)) throw invalidValue(`Operations[${index}]: without a path the value must be an object`);
    return { ...operation, op } as ScimPatchOperation;
  });
}

/** The attribute a path names, without its value filter: `emails[type eq "work"].value` → `emails.value`. */
function checkPath(path: string, index: number): void {
  const attribute = path.replace(/\[[^\]]*\]/g, "");
  const resolved = resolvePath(attribute);
  if (!resolved) throw invalidPath(`Operations[${index}].path: unknown attribute "${path}"`);
  const readOnly = resolved.attribute.mutability === "readOnly" || resolved.sub?.mutability === "readOnly";
  if (readOnly) throw scimError(400, "mutability", `Operations[${index}].path: "${path}" is read-only`);
}

export function applyPatch(current: ScimObject, operations: ScimPatchOperation[]): ScimObject {
  let patched: ScimObject;
  try {
    patched = scimPatch(structuredClone(current) as unknown as ScimResource, operations) as unknown as ScimObject;
  } catch (error) {
    const code = (error as { scimCode?: string }).scimCode;
    const message = error instanceof Error ? error.message : "the patch cannot be applied";
    throw scimError(400, (code as ScimType | undefined) ?? "invalidSyntax", message);
  }
  return checkUserResource(withoutServerAttributes(patched));
}

function withoutServerAttributes(resource: ScimObject): ScimObject {
  const { id: _id, meta: _meta, groups: _groups, ...rest } = resource;
  return rest;
}
