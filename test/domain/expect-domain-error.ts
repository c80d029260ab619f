// Runs `action` and returns the DomainError it throws, failing the test when it throws nothing or something else.
import { expect } from "vitest";
import { DomainError } from "../../src/domain/errors.js";

export function domainErrorOf(action: () => unknown): DomainError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return error as DomainError;
  }
  throw new Error("expected a DomainError, but nothing was thrown");
}

export async function asyncDomainErrorOf(action: () => Promise<unknown>): Promise<DomainError> {
  try {
    await action();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return error as DomainError;
  }
  throw new Error("expected a DomainError, but nothing was thrown");
}
