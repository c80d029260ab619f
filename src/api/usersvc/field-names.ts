// The account command names fields its own way (account-input.ts: given_name, preferred_language, timezone,
// settings.<name>, …); each API answers with its JSON names. A table per API renames the violations of the
// command's refusals and of its request checks, so every protocol reports the field as the API spells it.
import { DomainError, type FieldViolation } from "../../domain/errors.js";

export interface FieldNames {
  /** Command field → API field. */
  readonly names: Readonly<Record<string, string>>;
  /** Put before command fields the table does not name (e.g. `user.` for Clone Systems' attributes). */
  readonly prefix?: string;
}

export function renameViolations(table: FieldNames, violations: readonly FieldViolation[]): FieldViolation[] {
  return violations.map((v) => ({ ...v, field: table.names[v.field] ?? (v.field === "" ? "" : `${table.prefix ?? ""}${v.field}`) }));
}

/** Runs the command, answering its refusals that name fields (InvalidArgument, FailedPrecondition) with the API's field names. */
export async function withFieldNames<T>(table: FieldNames, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (!(error instanceof DomainError) || error.violations.length === 0) throw error;
    const violations = renameViolations(table, error.violations);
    const generic = error.message.startsWith("Errors.InvalidArgument: invalid ");
    const message = generic ? `Errors.InvalidArgument: invalid ${[...new Set(violations.map((v) => v.field))].join(", ")}` : error.message;
    throw new DomainError(error.kind, error.id, message, violations, { cause: error });
  }
}
