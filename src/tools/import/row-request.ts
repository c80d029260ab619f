// One input row → an AddHumanUserRequest. Flat rows (CSV columns, or the same keys in JSON Lines) are mapped
// field by field; JSON Lines rows in the request's own protobuf JSON shape are taken as they are. Only what
// cannot be sent at all is checked here (unknown keys, a boolean that is not one); everything else — email
// format, required names, taken usernames — is the server's to judge, so its messages are the ones reported.
import { fromJson, type JsonObject, type JsonValue } from "@bufbuild/protobuf";
import { AddHumanUserRequestSchema, type AddHumanUserRequest } from "../../gen/zitadel/user/v2/user_service_pb.js";

export interface RowViolation {
  field: string;
  description: string;
  reason: string;
}

export type RowRequest = { ok: true; request: AddHumanUserRequest } | { ok: false; message: string; violations: RowViolation[] };

const FLAT_KEYS = [
  "user_id", "username", "org_id", "org_domain", "given_name", "family_name", "display_name", "nick_name",
  "preferred_language", "gender", "email", "email_verified", "phone", "phone_verified", "password",
  "hashed_password", "password_change_required",
] as const;
const METADATA_PREFIX = "metadata.";

const isKnownKey = (key: string) => (FLAT_KEYS as readonly string[]).includes(key) || (key.startsWith(METADATA_PREFIX) && key.length > METADATA_PREFIX.length);

/** Rejects a CSV header with a column this tool does not know (a typo would otherwise drop data silently). */
export function checkCsvHeader(columns: string[]): void {
  const unknown = columns.filter((c) => !isKnownKey(c));
  if (unknown.length > 0) {
    throw new Error(`unknown column${unknown.length > 1 ? "s" : ""} ${unknown.map((c) => `"${c}"`).join(", ")} in the header; known: ${FLAT_KEYS.join(", ")}, metadata.<key>`);
  }
  if (!columns.includes("email")) throw new Error(`the header has no "email" column (every user needs an email address)`);
}

/** A row in AddHumanUserRequest's JSON shape has the nested `profile` or `email` objects. */
const isRequestShaped = (row: Record<string, unknown>) => "profile" in row || (typeof row.email === "object" && row.email !== null);

export function rowToRequest(row: Record<string, unknown>, defaults: { userId: string; org?: string }): RowRequest {
  if (isRequestShaped(row)) return requestFromJson(row as JsonObject, defaults);
  const violations: RowViolation[] = [];
  const text = (key: string): string | undefined => {
    const value = row[key];
    if (value === undefined || value === null) return undefined;
    const s = typeof value === "string" ? value.trim() : typeof value === "number" ? String(value) : undefined;
    if (s === undefined) violations.push({ field: key, reason: "string", description: `${key} must be text` });
    return s === "" ? undefined : s;
  };
  const flag = (key: string): boolean | undefined => {
    const value = row[key];
    if (typeof value === "boolean") return value;
    const s = text(key)?.toLowerCase();
    if (s === undefined) return undefined;
    if (["true", "1", "yes", "y"].includes(s)) return true;
    if (["false", "0", "no", "n"].includes(s)) return false;
    violations.push({ field: key, reason: "boolean", description: `${key} must be true or false, not "${s}"` });
    return undefined;
  };

  for (const key of Object.keys(row)) {
    if (!isKnownKey(key)) violations.push({ field: key, reason: "unknown", description: `unknown key "${key}"` });
  }
  const username = text("username");
  const orgDomain = text("org_domain");
  const orgId = text("org_id") ?? (orgDomain === undefined ? defaults.org : undefined);
  if (row.org_id !== undefined && row.org_id !== "" && orgDomain !== undefined) {
    violations.push({ field: "org_domain", reason: "exclusive", description: "give org_id or org_domain, not both" });
  }
  const password = text("password");
  const hashed = text("hashed_password");
  if (password !== undefined && hashed !== undefined) {
    violations.push({ field: "hashed_password", reason: "exclusive", description: "give password or hashed_password, not both" });
  }
  const changeRequired = flag("password_change_required") ?? false;
  const emailVerified = flag("email_verified");
  const phone = text("phone");
  const phoneVerified = flag("phone_verified");
  const gender = genderOf(text("gender"), violations);

  const metadata: JsonObject[] = [];
  for (const key of Object.keys(row)) {
    if (!key.startsWith(METADATA_PREFIX) || key.length === METADATA_PREFIX.length) continue;
    const value = text(key);
    // An empty cell means "no entry" (CSV cannot leave a column out for one row).
    if (value !== undefined) metadata.push({ key: key.slice(METADATA_PREFIX.length), value: Buffer.from(value).toString("base64") });
  }

  const json: JsonObject = {
    userId: text("user_id") ?? defaults.userId,
    ...(username !== undefined ? { username } : {}),
    ...(orgDomain !== undefined ? { organization: { orgDomain } } : orgId !== undefined ? { organization: { orgId } } : {}),
    profile: compact({
      givenName: text("given_name") ?? "",
      familyName: text("family_name") ?? "",
      displayName: text("display_name"),
      nickName: text("nick_name"),
      preferredLanguage: text("preferred_language"),
      gender,
    }),
    email: compact({ email: text("email") ?? "", isVerified: emailVerified ? true : undefined }),
    ...(phone !== undefined ? { phone: compact({ phone, isVerified: phoneVerified ? true : undefined }) } : {}),
    ...(metadata.length > 0 ? { metadata } : {}),
    ...(password !== undefined ? { password: { password, changeRequired } } : {}),
    ...(hashed !== undefined && password === undefined ? { hashedPassword: { hash: hashed, changeRequired } } : {}),
  };
  if (violations.length > 0) return { ok: false, message: "the row cannot be sent as it is", violations };
  return requestFromJson(json, defaults);
}

function requestFromJson(json: JsonObject, defaults: { userId: string; org?: string }): RowRequest {
  let request: AddHumanUserRequest;
  try {
    request = fromJson(AddHumanUserRequestSchema, json);
  } catch (error) {
    return { ok: false, message: `not an AddHumanUserRequest: ${(error as Error).message}`, violations: [] };
  }
  request.userId ??= defaults.userId;
  if (!request.organization && defaults.org !== undefined) {
    request.organization = fromJson(AddHumanUserRequestSchema, { organization: { orgId: defaults.org } }).organization;
  }
  return { ok: true, request };
}

const GENDERS: Record<string, string> = {
  "0": "GENDER_UNSPECIFIED", unspecified: "GENDER_UNSPECIFIED",
  "1": "GENDER_FEMALE", female: "GENDER_FEMALE", f: "GENDER_FEMALE",
  "2": "GENDER_MALE", male: "GENDER_MALE", m: "GENDER_MALE",
  "3": "GENDER_DIVERSE", diverse: "GENDER_DIVERSE", d: "GENDER_DIVERSE",
};

function genderOf(value: string | undefined, violations: RowViolation[]): string | undefined {
  if (value === undefined) return undefined;
  const gender = GENDERS[value.toLowerCase().replace(/^gender_/, "")];
  if (!gender) violations.push({ field: "gender", reason: "enum", description: `gender must be female, male, diverse or unspecified, not "${value}"` });
  return gender;
}

function compact(object: Record<string, JsonValue | undefined>): JsonObject {
  return Object.fromEntries(Object.entries(object).filter(([, v]) => v !== undefined)) as JsonObject;
}
