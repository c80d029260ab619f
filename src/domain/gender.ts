// The genders a profile may hold: zitadel.user.v2.Gender's values. Protobuf enums are open, so a number outside
// them survives parsing (binary, or a JSON number) and would be stored and echoed back; it is refused here.
import { invalidField } from "./errors.js";

export const Gender = { unspecified: 0, female: 1, male: 2, diverse: 3 } as const;

const DEFINED: ReadonlySet<number> = new Set(Object.values(Gender));

export function checkGender(value: number, field = "profile.gender"): void {
  if (!DEFINED.has(value)) {
    throw invalidField("USER-GendInv", field, "enum.defined_only", "Errors.User.Profile.Gender.Invalid: not a value of zitadel.user.v2.Gender");
  }
}
