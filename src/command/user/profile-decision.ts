// One profile-changed event carrying only the fields whose value really changes; none when nothing does.
import { languageOrUndetermined } from "../../domain/language.js";
import type { PendingEvent } from "../../eventstore/types.js";
import type { ProfileFields } from "./user-events.js";
import { UserEvent } from "./user-events.js";
import type { ProfileChange } from "./inputs.js";
import type { UserRow } from "../../domain/user-row.js";

const keys = ["givenName", "familyName", "nickName", "displayName", "preferredLanguage", "gender"] as const;

export function decideProfile(row: UserRow, profile: ProfileChange): PendingEvent[] {
  const changed: ProfileFields = {};
  for (const key of keys) {
    const wanted = profile[key];
    if (wanted === undefined) continue;
    // A language stored empty (before "und" was written) already reads as "und": setting "und" changes nothing.
    const stored = key === "preferredLanguage" ? languageOrUndetermined(row[key]) : (row[key] ?? (key === "gender" ? 0 : ""));
    if (wanted !== stored) (changed as Record<string, unknown>)[key] = wanted;
  }
  if (Object.keys(changed).length === 0) return [];
  return [{ type: UserEvent.profileChanged, payload: { ...changed } }];
}
