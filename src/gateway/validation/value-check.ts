// The unit every compiled rule becomes: a function of one value that appends what the value violates.
// Rules are turned into these once per message type; a request only runs them.
import type { FieldViolation } from "../../domain/errors.js";

/** Checks one value (a field, or one element, key or value of a list or map) found at `path`. */
export type ValueCheck = (value: unknown, path: string, out: FieldViolation[]) => void;

/** A check for a rule whose outcome depends only on the value: `ok` false adds one violation. */
export function ruleCheck<T>(rule: string, description: string, ok: (value: T) => boolean): ValueCheck {
  return (value, path, out) => {
    if (!ok(value as T)) out.push({ field: path, rule, description });
  };
}

/** Runs several checks as one; undefined when there is nothing to run, so callers can drop the field. */
export function allOf(checks: readonly ValueCheck[]): ValueCheck | undefined {
  if (checks.length === 0) return undefined;
  if (checks.length === 1) return checks[0];
  return (value, path, out) => {
    for (const check of checks) check(value, path, out);
  };
}

/**
 * Thrown while compiling when a descriptor carries a rule this runtime does not enforce. Skipping it would
 * silently accept requests the contract refuses, so the service must not start instead.
 */
export class UnsupportedRuleError extends Error {
  override readonly name = "UnsupportedRuleError";
  constructor(where: string, rule: string, why = "is not supported by this validation runtime") {
    super(`${where}: rule ${rule} ${why}`);
  }
}
