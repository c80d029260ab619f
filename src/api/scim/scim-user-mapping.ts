// A ZITADEL human user ↔ a SCIM User resource, after ZITADEL's SCIM mapping (internal/api/scim/resources):
// userName ↔ username; name.givenName/familyName ↔ the profile's names; displayName ↔ display name (else
// name.formatted, else "given family"); nickName, preferredLanguage ↔ the profile; the primary (else first)
// of emails and phoneNumbers ↔ email and phone, verified (the identity provider vouches for them); active ↔
// state (active or initial: true); password → a password set, never returned; everything else ↔ metadata
// (scim-user-metadata.ts). meta.version is the weak ETag W/"<details.sequence>".
import type { AddHumanInput, MetadataEntry, ProfileInput } from "../../command/user/inputs.js";
import type { ProvisionHumanInput } from "../../command/user/human-provision.js";
import { UserState, type UserRow } from "../../domain/user-row.js";
import { UNDETERMINED_LANGUAGE } from "../../domain/language.js";
import { invalidValue } from "./scim-error.js";
import { isObject, type ScimObject } from "./scim-resource-check.js";
import { ENTERPRISE_SCHEMA, USER_SCHEMA } from "./scim-schema.js";
import { decodeMetadata, encodeMetadata, METADATA_ATTRIBUTES, type MetadataAttribute } from "./scim-user-metadata.js";

export const weakETag = (sequence: number) => `W/"${sequence}"`;

export function toScimUser(row: UserRow, metadata: ReadonlyMap<string, Uint8Array>, location: string): ScimObject {
  const user: ScimObject = {
    schemas: [USER_SCHEMA],
    id: row.id,
    userName: row.username,
    name: compact({ formatted: row.displayName, familyName: row.familyName, givenName: row.givenName }),
    displayName: row.displayName,
    nickName: row.nickName,
    // "und" (no language given: what ZITADEL's API answers) is an unassigned attribute in SCIM, left out.
    preferredLanguage: row.preferredLanguage === UNDETERMINED_LANGUAGE ? undefined : row.preferredLanguage,
    active: row.state === UserState.active || row.state === UserState.initial,
  };
  for (const attribute of METADATA_ATTRIBUTES) {
    const value = decodeMetadata(attribute, metadata.get(attribute.key));
    if (value !== undefined && value !== "") setAt(user, attribute.path, value);
  }
  user.emails = contactList(user.emails, row.email);
  user.phoneNumbers = contactList(user.phoneNumbers, row.phone);
  if (user[ENTERPRISE_SCHEMA]) user.schemas = [USER_SCHEMA, ENTERPRISE_SCHEMA];
  user.meta = {
    resourceType: "User",
    created: row.creationDate.toISOString(),
    lastModified: row.changeDate.toISOString(),
    location,
    version: weakETag(row.sequence),
  };
  return compact(user);
}

/** The stored list when its primary entry is still the user's value; otherwise the value alone (changed elsewhere). */
function contactList(stored: unknown, current: string | null): ScimObject[] | undefined {
  if (!current) return undefined;
  if (Array.isArray(stored) && stored.every(isObject)) {
    const primary = primaryOf(stored);
    if (primary && String(primary.value ?? "").toLowerCase() === current.toLowerCase()) {
      return stored.map((entry) => (entry === primary ? { ...entry, value: current, primary: true } : entry));
    }
  }
  return [{ value: current, primary: true }];
}

/** The primary entry of a multi-valued attribute, else its first (as ZITADEL picks). */
export function primaryOf(list: unknown): ScimObject | undefined {
  if (!Array.isArray(list)) return undefined;
  const entries = list.filter(isObject);
  return entries.find((entry) => entry.primary === true) ?? entries[0];
}

/** The profile, email, phone and metadata a checked User resource states, for create and replace alike. */
function stated(resource: ScimObject) {
  const problems: string[] = [];
  const name = (resource.name ?? {}) as ScimObject;
  const userName = resource.userName as string | undefined;
  if (!userName?.trim()) problems.push("userName: required");
  const givenName = (name.givenName as string | undefined) ?? "";
  const familyName = (name.familyName as string | undefined) ?? "";
  if (!givenName.trim() || !familyName.trim()) problems.push("name.givenName and name.familyName: required (ZITADEL's profile needs both)");
  const email = primaryOf(resource.emails)?.value as string | undefined;
  if (!email) problems.push("emails: a user needs an email address");
  if (problems.length > 0) throw invalidValue(problems.join("; "));
  const profile: ProfileInput = {
    givenName,
    familyName,
    nickName: (resource.nickName as string | undefined) ?? "",
    displayName: (resource.displayName as string | undefined) || (name.formatted as string | undefined) || `${givenName} ${familyName}`,
    preferredLanguage: (resource.preferredLanguage as string | undefined) ?? "",
  };
  const phone = primaryOf(resource.phoneNumbers)?.value as string | undefined;
  const set: MetadataEntry[] = [];
  const remove: string[] = [];
  for (const attribute of METADATA_ATTRIBUTES) {
    const value = valueAt(resource, attribute);
    if (value === undefined) remove.push(attribute.key);
    else set.push({ key: attribute.key, value: encodeMetadata(attribute, value) });
  }
  const password = typeof resource.password === "string" ? { plain: resource.password, changeRequired: false } : undefined;
  return { username: userName!, profile, email: email!, phone, password, metadata: { set, remove } };
}

export function toAddHumanInput(resource: ScimObject, orgId: string): AddHumanInput {
  const s = stated(resource);
  return {
    username: s.username,
    org: { id: orgId },
    profile: s.profile,
    email: { address: s.email, verification: { mode: "verified" } },
    ...(s.phone ? { phone: { number: s.phone, verification: { mode: "verified" } } } : {}),
    ...(s.password ? { password: s.password } : {}),
    metadata: s.metadata.set,
  };
}

export function toProvisionInput(resource: ScimObject, userId: string): ProvisionHumanInput {
  const s = stated(resource);
  return {
    userId,
    username: s.username,
    profile: s.profile,
    email: { address: s.email, verification: { mode: "verified" } },
    phone: { number: s.phone ?? "", verification: { mode: "verified" } },
    ...(s.password ? { password: s.password } : {}),
    ...(typeof resource.active === "boolean" ? { active: resource.active } : {}),
    metadata: s.metadata,
  };
}

function valueAt(resource: ScimObject, attribute: MetadataAttribute): unknown {
  const [first, second] = attribute.path;
  const value = second === undefined ? resource[first] : (resource[first] as ScimObject | undefined)?.[second];
  if (value === undefined || value === null || value === "") return undefined;
  return Array.isArray(value) && value.length === 0 ? undefined : value;
}

function setAt(user: ScimObject, path: MetadataAttribute["path"], value: unknown): void {
  const [first, second] = path;
  if (second === undefined) user[first] = value;
  else user[first] = { ...((user[first] as ScimObject | undefined) ?? {}), [second]: value };
}

/** Without empty strings, nulls, empty lists and empty objects, which SCIM treats as "no value". */
function compact(value: ScimObject): ScimObject {
  const out: ScimObject = {};
  for (const [key, item] of Object.entries(value)) {
    if (item === null || item === undefined || item === "") continue;
    if (Array.isArray(item) && item.length === 0) continue;
    const compacted = isObject(item) ? compact(item) : item;
    if (isObject(compacted) && Object.keys(compacted).length === 0) continue;
    out[key] = compacted;
  }
  return out;
}
