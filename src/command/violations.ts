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
    const fields = [...new Set(this.found.map((v) => v.field).filter(Boolean))].join(", ");
    throw invalidArgument(id, `Errors.InvalidArgument: invalid ${fields || "request"}`, this.found);
  }
}
