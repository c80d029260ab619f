// Collects the field violations of several independent checks so a request learns every problem at once.
import { DomainError, invalidArgument, type FieldViolation } from "../domain/errors.js";

export class Violations {
  private readonly found: FieldViolation[] = [];

  /** Runs a check that throws an InvalidArgument DomainError; records its violations and returns undefined instead. */
  check<T>(check: () => T): T | undefined {
    try {
      return check();
    } catch (error) {
      if (!(error instanceof DomainError) || error.kind !== "invalid_argument") throw error;
      this.found.push(...(error.violations.length > 0 ? error.violations : [{ field: "", rule: error.id, description: error.message }]));
      return undefined;
    }
  }

  /** The violations `check` throws (an InvalidArgument DomainError), or none. */
  collect(check: () => unknown): readonly FieldViolation[] {
    this.check(check);
    return this.found;
  }

  add(violation: FieldViolation): void {
    this.found.push(violation);
  }

  throwIfAny(id: string): void {
    if (this.found.length === 0) return;
    throw invalidArgument(id, listingMessage(this.found), this.found);
  }
}

/**
 * Runs a command whose field paths are relative to a part of the request (UpdateUser's `human`), and puts that
 * part's path in front of every violated field it reports, so the caller sees paths of the request it sent.
 */
export async function withFieldPrefix<T>(prefix: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (!(error instanceof DomainError) || error.violations.length === 0) throw error;
    const violations = error.violations.map((v) => ({ ...v, field: v.field === "" ? prefix.replace(/\.$/, "") : `${prefix}${v.field}` }));
    // A message that lists the fields (throwIfAny's) lists the nested paths; any other one stays as it is.
    const message = error.message === listingMessage(error.violations) ? listingMessage(violations) : error.message;
    throw new DomainError(error.kind, error.id, message, violations, { cause: error.cause });
  }
}

function listingMessage(violations: readonly FieldViolation[]): string {
  const fields = [...new Set(violations.map((v) => v.field).filter(Boolean))].join(", ");
  return `Errors.InvalidArgument: invalid ${fields || "request"}`;
}
