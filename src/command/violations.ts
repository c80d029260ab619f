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

  add(violation: FieldViolation): void {
    this.found.push(violation);
  }

  throwIfAny(id: string): void {
    if (this.found.length === 0) return;
    const fields = [...new Set(this.found.map((v) => v.field).filter(Boolean))].join(", ");
    throw invalidArgument(id, `Errors.InvalidArgument: invalid ${fields || "request"}`, this.found);
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
    throw new DomainError(error.kind, error.id, error.message, violations, { cause: error.cause });
  }
}
