// How values read on screen: enum labels, dates (UTC, sortable), metadata bytes as text when they are text.
import { timestampDate, type Timestamp } from "@bufbuild/protobuf/wkt";
import { OrganizationState } from "../../src/gen/zitadel/org/v2/org_pb.js";
import { Gender, UserState, type User } from "../../src/gen/zitadel/user/v2/user_pb.js";

export const USER_STATES: readonly (readonly [UserState, string])[] = [
  [UserState.ACTIVE, "active"],
  [UserState.INACTIVE, "inactive"],
  [UserState.LOCKED, "locked"],
  [UserState.INITIAL, "initial"],
  [UserState.DELETED, "deleted"],
];

export const GENDERS: readonly (readonly [Gender, string])[] = [
  [Gender.UNSPECIFIED, "not set"],
  [Gender.FEMALE, "female"],
  [Gender.MALE, "male"],
  [Gender.DIVERSE, "diverse"],
];

export const userStateLabel = (state: UserState) => USER_STATES.find(([s]) => s === state)?.[1] ?? "unknown";
export const orgStateLabel = (state: OrganizationState) =>
  ({ [OrganizationState.ACTIVE]: "active", [OrganizationState.INACTIVE]: "inactive", [OrganizationState.REMOVED]: "removed" })[state as number] ?? "unknown";

export function userType(user: User): "human" | "machine" | "unknown" {
  return user.type.case ?? "unknown";
}

/** The name an administrator recognises: display name, machine name, or username. */
export function userName(user: User): string {
  if (user.type.case === "human") return user.type.value.profile?.displayName || user.username;
  if (user.type.case === "machine") return user.type.value.name || user.username;
  return user.username;
}

export function formatDate(timestamp: Timestamp | undefined): string {
  if (!timestamp) return "";
  return `${timestampDate(timestamp).toISOString().slice(0, 19).replace("T", " ")} UTC`;
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** Metadata values are bytes; most are text, so show text when the bytes are UTF-8, base64 otherwise. */
export function bytesForDisplay(value: Uint8Array): { text: string; encoding: "text" | "base64" } {
  try {
    return { text: utf8.decode(value), encoding: "text" };
  } catch {
    return { text: toBase64(value), encoding: "base64" };
  }
}

export function toBase64(value: Uint8Array): string {
  let binary = "";
  for (const byte of value) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** Undefined when the text is not base64. */
export function fromBase64(text: string): Uint8Array | undefined {
  const compact = text.replace(/\s+/g, "");
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 === 1) return undefined;
  try {
    return Uint8Array.from(atob(compact), (c) => c.charCodeAt(0));
  } catch {
    return undefined;
  }
}
