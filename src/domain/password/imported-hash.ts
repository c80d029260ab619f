// Checks a password hash handed over for import (AddHumanUser / SetPassword with `hashed_password`): only
// formats the hasher can verify at the next login are taken (see hash-format.ts), with their parameters
// inside the bounds ZITADEL's hashing library accepts. ZITADEL only checks the prefix at import time; we
// read the whole string so a malformed hash is refused now rather than locking the user out later.
import { invalidField } from "../errors.js";
import { readHash } from "./hash-format.js";

export interface ImportedHash {
  /** bcrypt, argon2i, argon2id, scrypt, pbkdf2-sha1, pbkdf2-sha224, pbkdf2-sha256, pbkdf2-sha384 or pbkdf2-sha512. */
  algorithm: string;
  /** The hash exactly as given; it is stored as is. */
  encoded: string;
}

export function parseImportedHash(hash: string, field = "hashed_password.hash"): ImportedHash {
  const reading = readHash(hash);
  if (!reading.ok) {
    throw invalidField("PASSWORD-HashF1", field, "password.hash_format", `Errors.User.Password.NotSupported: ${reading.problem}`);
  }
  return { algorithm: reading.parsed.algorithm, encoded: hash };
}
