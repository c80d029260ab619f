// Where a SCIM attribute that has no field on a ZITADEL user is kept: a metadata entry of the user under
// `urn:zitadel:scim:…`, with ZITADEL's own keys where its SCIM API has one (externalId, name.middleName,
// profileURL, title, locale, timezone, ims, photos, addresses, entitlements, roles) and keys of the same form
// for the rest (userType, x509Certificates, the enterprise extension, and the full emails and phoneNumbers
// lists, whose primary entry is the user's email and phone). Scalars are stored as their UTF-8 text, the
// rest as JSON.
import { ENTERPRISE_SCHEMA } from "./scim-schema.js";

export const SCIM_METADATA_PREFIX = "urn:zitadel:scim:";

export interface MetadataAttribute {
  /** The attribute in a SCIM User: a top-level name, a sub-attribute of name, or one of the extension. */
  path: readonly [string] | readonly ["name" | typeof ENTERPRISE_SCHEMA, string];
  key: string;
  json: boolean;
}

const scalar = (path: MetadataAttribute["path"], key: string): MetadataAttribute => ({ path, key: SCIM_METADATA_PREFIX + key, json: false });
const json = (path: MetadataAttribute["path"], key: string): MetadataAttribute => ({ path, key: SCIM_METADATA_PREFIX + key, json: true });

export const METADATA_ATTRIBUTES: readonly MetadataAttribute[] = [
  scalar(["externalId"], "externalId"),
  scalar(["name", "middleName"], "name.middleName"),
  scalar(["name", "honorificPrefix"], "name.honorificPrefix"),
  scalar(["name", "honorificSuffix"], "name.honorificSuffix"),
  scalar(["profileUrl"], "profileURL"),
  scalar(["title"], "title"),
  scalar(["userType"], "userType"),
  scalar(["locale"], "locale"),
  scalar(["timezone"], "timezone"),
  json(["ims"], "ims"),
  json(["photos"], "photos"),
  json(["addresses"], "addresses"),
  json(["entitlements"], "entitlements"),
  json(["roles"], "roles"),
  json(["x509Certificates"], "x509Certificates"),
  json(["emails"], "emails"),
  json(["phoneNumbers"], "phoneNumbers"),
  scalar([ENTERPRISE_SCHEMA, "employeeNumber"], "enterprise.employeeNumber"),
  scalar([ENTERPRISE_SCHEMA, "costCenter"], "enterprise.costCenter"),
  scalar([ENTERPRISE_SCHEMA, "organization"], "enterprise.organization"),
  scalar([ENTERPRISE_SCHEMA, "division"], "enterprise.division"),
  scalar([ENTERPRISE_SCHEMA, "department"], "enterprise.department"),
  json([ENTERPRISE_SCHEMA, "manager"], "enterprise.manager"),
];

export const EXTERNAL_ID_KEY = `${SCIM_METADATA_PREFIX}externalId`;

export function encodeMetadata(attribute: MetadataAttribute, value: unknown): Uint8Array {
  return Buffer.from(attribute.json ? JSON.stringify(value) : String(value), "utf8");
}

/** The stored value, or undefined when it is missing or no longer readable (written through the v2 API). */
export function decodeMetadata(attribute: MetadataAttribute, bytes: Uint8Array | undefined): unknown {
  if (bytes === undefined) return undefined;
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8");
  if (!attribute.json) return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
