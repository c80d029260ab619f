// Reads the password hash strings ZITADEL's hashing library (zitadel/passwap) understands, into their
// parameters, salt and digest. Formats and parameter bounds follow passwap's parsers and its default
// validation options; anything else (md5, plain text, other schemes, out-of-range costs) is refused.
//
//   bcrypt   $2a$10$<53 chars of bcrypt base64>              ($2b$, $2y$ too; cost 4–31)
//   argon2   $argon2id$v=19$m=65536,t=1,p=4$<salt>$<hash>   (argon2i too; unpadded standard base64)
//   scrypt   $scrypt$ln=15,r=8,p=1$<salt>$<hash>            ($7$ as an alias; unpadded standard base64)
//   pbkdf2   $pbkdf2-sha256$29000$<salt>$<hash>             ($pbkdf2$ = SHA-1, -sha224/-sha384/-sha512;
//                                                          passlib's adapted base64 or standard base64)
import { decodePbkdf2Base64, decodeStrictRawBase64 } from "./hash-base64.js";

export type Pbkdf2Digest = "sha1" | "sha224" | "sha256" | "sha384" | "sha512";

export type ParsedHash =
  | { algorithm: "bcrypt"; cost: number }
  | { algorithm: "argon2i" | "argon2id"; memory: number; time: number; parallelism: number; salt: Buffer; digest: Buffer }
  | { algorithm: "scrypt"; log2N: number; blockSize: number; parallelism: number; salt: Buffer; digest: Buffer }
  | { algorithm: `pbkdf2-${Pbkdf2Digest}`; hash: Pbkdf2Digest; rounds: number; salt: Buffer; digest: Buffer };

export type HashReading = { ok: true; parsed: ParsedHash } | { ok: false; problem: string };

/** passwap's default validation bounds: the parameter ranges it accepts for stored hashes. */
export const HASH_PARAMETER_BOUNDS = Object.freeze({
  bcrypt: { cost: [4, 31] },
  argon2: { time: [1, 10], memoryKiB: [8 * 1024, 512 * 1024], parallelism: [1, 16] },
  scrypt: { log2N: [14, 20], blockSize: [8, 32], parallelism: [1, 16] },
  pbkdf2: { rounds: [1000, 10_000_000] },
} as const);

const BCRYPT = /^\$2[aby]\$(\d\d)\$[./A-Za-z0-9]{53}$/;
const ARGON2 = /^\$(argon2id|argon2i|argon2d)\$v=(\d+)\$m=(\d+),t=(\d+),p=(\d+)\$([^$]+)\$([^$]+)$/;
const SCRYPT = /^\$(?:scrypt|7)\$ln=(\d+),r=(\d+),p=(\d+)\$([^$]+)\$([^$]+)$/;
const PBKDF2 = /^\$pbkdf2(-sha224|-sha256|-sha384|-sha512)?\$(\d+)\$([^$]+)\$([^$]+)$/;

/** RFC 9106 minimums, which the argon2 implementation enforces too. */
const ARGON2_MIN_SALT_BYTES = 8;
const ARGON2_MIN_DIGEST_BYTES = 4;
const ARGON2_VERSION = 19;

export function readHash(encoded: string): HashReading {
  if (encoded.startsWith("$2")) return readBcrypt(encoded);
  if (encoded.startsWith("$argon2")) return readArgon2(encoded);
  if (encoded.startsWith("$scrypt$") || encoded.startsWith("$7$")) return readScrypt(encoded);
  if (encoded.startsWith("$pbkdf2")) return readPbkdf2(encoded);
  return refuse("not a supported hash format (bcrypt, argon2i, argon2id, scrypt or pbkdf2 expected)");
}

function readBcrypt(encoded: string): HashReading {
  const match = BCRYPT.exec(encoded);
  if (!match) return refuse("malformed bcrypt hash ($2a$, $2b$ or $2y$, two-digit cost, 53 characters)");
  const cost = Number(match[1]);
  const problem = outside("bcrypt cost", cost, HASH_PARAMETER_BOUNDS.bcrypt.cost);
  return problem ? refuse(problem) : accept({ algorithm: "bcrypt", cost });
}

function readArgon2(encoded: string): HashReading {
  const match = ARGON2.exec(encoded);
  if (!match) return refuse("malformed argon2 hash ($argon2id$v=19$m=…,t=…,p=…$salt$hash expected)");
  const [, variant, version, memory, time, parallelism, salt, digest] = match;
  if (variant === "argon2d") return refuse("argon2d is not supported, only argon2i and argon2id");
  if (Number(version) !== ARGON2_VERSION) return refuse(`argon2 version ${version} is not supported, only 19`);
  const bounds = HASH_PARAMETER_BOUNDS.argon2;
  const problem =
    outside("argon2 memory (KiB)", Number(memory), bounds.memoryKiB) ??
    outside("argon2 time", Number(time), bounds.time) ??
    outside("argon2 parallelism", Number(parallelism), bounds.parallelism);
  if (problem) return refuse(problem);
  const saltBytes = decodeStrictRawBase64(salt!);
  const digestBytes = decodeStrictRawBase64(digest!);
  if (!saltBytes || !digestBytes) return refuse("argon2 salt and hash must be unpadded standard base64");
  if (saltBytes.length < ARGON2_MIN_SALT_BYTES) return refuse(`argon2 salt must have at least ${ARGON2_MIN_SALT_BYTES} bytes`);
  if (digestBytes.length < ARGON2_MIN_DIGEST_BYTES) return refuse(`argon2 hash must have at least ${ARGON2_MIN_DIGEST_BYTES} bytes`);
  return accept({
    algorithm: variant as "argon2i" | "argon2id",
    memory: Number(memory),
    time: Number(time),
    parallelism: Number(parallelism),
    salt: saltBytes,
    digest: digestBytes,
  });
}

function readScrypt(encoded: string): HashReading {
  const match = SCRYPT.exec(encoded);
  if (!match) return refuse("malformed scrypt hash ($scrypt$ln=…,r=…,p=…$salt$hash expected)");
  const [, log2N, blockSize, parallelism, salt, digest] = match;
  const bounds = HASH_PARAMETER_BOUNDS.scrypt;
  const problem =
    outside("scrypt ln", Number(log2N), bounds.log2N) ??
    outside("scrypt r", Number(blockSize), bounds.blockSize) ??
    outside("scrypt p", Number(parallelism), bounds.parallelism);
  if (problem) return refuse(problem);
  const saltBytes = decodeStrictRawBase64(salt!);
  const digestBytes = decodeStrictRawBase64(digest!);
  if (!saltBytes || !digestBytes || digestBytes.length === 0) return refuse("scrypt salt and hash must be unpadded standard base64");
  return accept({
    algorithm: "scrypt",
    log2N: Number(log2N),
    blockSize: Number(blockSize),
    parallelism: Number(parallelism),
    salt: saltBytes,
    digest: digestBytes,
  });
}

function readPbkdf2(encoded: string): HashReading {
  const match = PBKDF2.exec(encoded);
  if (!match) return refuse("malformed pbkdf2 hash ($pbkdf2-sha256$rounds$salt$hash expected; sha1, sha224, sha384, sha512 too)");
  const [, suffix, rounds, salt, digest] = match;
  const problem = outside("pbkdf2 rounds", Number(rounds), HASH_PARAMETER_BOUNDS.pbkdf2.rounds);
  if (problem) return refuse(problem);
  const saltBytes = decodePbkdf2Base64(salt!);
  const digestBytes = decodePbkdf2Base64(digest!);
  if (!saltBytes || !digestBytes || digestBytes.length === 0) return refuse("pbkdf2 salt and hash must be base64 (passlib's or standard)");
  const hash = (suffix ? suffix.slice(1) : "sha1") as Pbkdf2Digest;
  return accept({ algorithm: `pbkdf2-${hash}`, hash, rounds: Number(rounds), salt: saltBytes, digest: digestBytes });
}

function outside(name: string, value: number, [min, max]: readonly [number, number]): string | undefined {
  return value >= min && value <= max ? undefined : `${name} ${value} is outside ${min}–${max}`;
}

const accept = (parsed: ParsedHash): HashReading => ({ ok: true, parsed });
const refuse = (problem: string): HashReading => ({ ok: false, problem });
