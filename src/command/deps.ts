// Everything commands need from outside, passed in explicitly by main.ts (and by tests).
import type { PasswordComplexityPolicy } from "../domain/password/complexity.js";
import type { Eventstore } from "../eventstore/eventstore.js";
import type { OrgRef } from "../domain/org-row.js";
import type { UserRow } from "../domain/user-row.js";

export interface PasswordHasher {
  hash(plain: string): Promise<string>;
  verify(plain: string, encoded: string): Promise<{ ok: boolean; needsRehash: boolean }>;
}

export interface SecretSealer {
  seal(plain: string): string;
}

export interface CommandDeps {
  eventstore: Eventstore;
  /** The user's stored projection row, or undefined when there is none. */
  loadUser(id: string): Promise<UserRow | undefined>;
  /**
   * The write model of the user a command pushes to (inside `eventstore.execute` on that user): the row this
   * server last wrote for it when it keeps one (src/eventstore/root-cache.ts), else the stored row. Absent: loadUser.
   */
  loadUserToChange?(id: string): Promise<UserRow | undefined>;
  findOrgById(id: string): Promise<OrgRef | undefined>;
  findOrgByDomain(domain: string): Promise<OrgRef | undefined>;
  defaultOrgId(): Promise<string>;
  passwords: PasswordHasher;
  passwordPolicy: PasswordComplexityPolicy;
  /** Seals codes waiting in the outbox so none lies there in plain text. */
  sealer: SecretSealer;
  newId(): string;
  now(): Date;
  /** How many wrong codes void a pending code. */
  maxCodeAttempts: number;
  /**
   * Per request (src/api/.../request-commands.ts): the user sequence the caller last saw (If-Match). A command
   * on a user at another sequence is refused before it pushes, checked on the write model under the user's lock.
   */
  expectedSequence?: number;
  /** Per request: aborted when the call's deadline passes or its client goes; nothing is pushed after that. */
  signal?: AbortSignal;
}
