// Hashes new passwords with the configured algorithm and verifies stored ones in every format an import
// may bring (see hash-format.ts). All work runs on the libuv thread pool through a bounded queue, so the
// event loop keeps serving requests and a burst of logins is refused (ResourceExhausted) instead of
// piling up. Note the thread pool has UV_THREADPOOL_SIZE threads (4 by default), shared with fs and dns;
// maxConcurrent above that only queues inside libuv.
//
// A successful check of a hash made with another algorithm or other parameters than configured answers
// needsRehash, so the caller can store a fresh hash while it holds the plain password (upgrade on login,
// as passwap's NeedUpdate does).
import { hash as argon2Hash, type Algorithm } from "@node-rs/argon2";
import { hash as bcryptHash } from "@node-rs/bcrypt";
import { invalidField, resourceExhausted } from "../errors.js";
import { readHash, type ParsedHash } from "./hash-format.js";
import { verifyParsedHash } from "./verify-hash.js";
import { createWorkQueue } from "./work-queue.js";

export interface Argon2idParams {
  /** KiB. */
  memoryCost: number;
  timeCost: number;
  parallelism: number;
  /** Bytes of digest. */
  outputLen: number;
}

/** ZITADEL's (passwap's) recommended argon2id parameters: 64 MiB, one pass, four lanes, 32-byte digest. */
export const DEFAULT_ARGON2ID_PARAMS: Readonly<Argon2idParams> = Object.freeze({
  memoryCost: 64 * 1024,
  timeCost: 1,
  parallelism: 4,
  outputLen: 32,
});

/** @node-rs/argon2 makes 16-byte salts; a stored hash with another salt length is rehashed like passwap does. */
const ARGON2_SALT_BYTES = 16;
/** bcrypt reads only the first 72 bytes of a password; longer ones are refused rather than silently cut. */
export const BCRYPT_MAX_PASSWORD_BYTES = 72;

export interface PasswordHasherOptions {
  algorithm: "bcrypt" | "argon2id";
  bcryptCost: number;
  maxConcurrent: number;
  maxQueue: number;
  argon2id?: Argon2idParams;
}

export interface PasswordCheck {
  ok: boolean;
  /** Only when ok: the stored hash is not in the configured algorithm or parameters. */
  needsRehash: boolean;
}

export interface PasswordHasher {
  /** `field` names the request field in the error when the password cannot be hashed (too long for bcrypt). */
  hash(plain: string, field?: string): Promise<string>;
  verify(plain: string, encoded: string): Promise<PasswordCheck>;
}

export function createPasswordHasher(options: PasswordHasherOptions): PasswordHasher {
  const { algorithm, bcryptCost } = options;
  const argon2id = options.argon2id ?? DEFAULT_ARGON2ID_PARAMS;
  if (!Number.isInteger(bcryptCost) || bcryptCost < 4 || bcryptCost > 31) throw new Error(`bcryptCost must be an integer in 4–31, got ${bcryptCost}`);
  const queue = createWorkQueue({
    maxConcurrent: options.maxConcurrent,
    maxQueue: options.maxQueue,
    onFull: () => resourceExhausted("PASSWORD-Busy01", "Errors.Password.Busy: too many password checks at once, try again shortly"),
  });

  const isCurrent = (parsed: ParsedHash): boolean => {
    if (algorithm === "bcrypt") return parsed.algorithm === "bcrypt" && parsed.cost === bcryptCost;
    return (
      parsed.algorithm === "argon2id" &&
      parsed.memory === argon2id.memoryCost &&
      parsed.time === argon2id.timeCost &&
      parsed.parallelism === argon2id.parallelism &&
      parsed.digest.length === argon2id.outputLen &&
      parsed.salt.length === ARGON2_SALT_BYTES
    );
  };

  return {
    async hash(plain, field = "password.password") {
      if (algorithm === "bcrypt") {
        if (Buffer.byteLength(plain, "utf8") > BCRYPT_MAX_PASSWORD_BYTES) {
          throw invalidField("PASSWORD-Long01", field, "password.max_bytes", `Errors.User.Password.TooLong: at most ${BCRYPT_MAX_PASSWORD_BYTES} bytes (UTF-8)`);
        }
        return queue.run(() => bcryptHash(plain, { cost: bcryptCost, rejectLongPasswords: true }));
      }
      return queue.run(() => argon2Hash(plain, { ...argon2id, algorithm: 2 as Algorithm }));
    },

    async verify(plain, encoded) {
      const reading = readHash(encoded);
      // A stored hash always passed readHash when it was stored; failing now means corrupt data, an
      // internal fault rather than a wrong password.
      if (!reading.ok) throw new Error(`stored password hash is unreadable: ${reading.problem}`);
      const ok = await queue.run(() => verifyParsedHash(reading.parsed, encoded, plain));
      return { ok, needsRehash: ok && !isCurrent(reading.parsed) };
    },
  };
}
