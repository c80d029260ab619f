// The only reader of process.env. Every key is documented here with its default; README's table mirrors it.
import path from "node:path";

export interface Config {
  /** PORT: the one port for gRPC, gRPC-web, Connect and REST. Default 8080. */
  port: number;
  /** HOST: interface to bind. Default 0.0.0.0. */
  host: string;
  /** DATABASE_URL: postgresql://… selects PostgreSQL; unset selects embedded PGlite in DATA_DIR. */
  databaseUrl: string | undefined;
  /** DATABASE_POOL_SIZE: PostgreSQL connection pool size. Default 10. */
  databasePoolSize: number;
  /** DATA_DIR: where PGlite keeps its files and where the admin token is written. Default ./data. */
  dataDir: string;
  /** ADMIN_PAT_FILE: where the first start writes the administrator's token (mode 0600). Default DATA_DIR/admin.pat. */
  adminPatFile: string;
  /** TLS_CERT_FILE / TLS_KEY_FILE: both set → the port speaks TLS (ALPN h2, http/1.1). */
  tlsCertFile: string | undefined;
  tlsKeyFile: string | undefined;
  /** CORS_ORIGINS: comma-separated allowed browser origins, or * (default). */
  corsOrigins: string[] | "*";
  /** SHUTDOWN_GRACE_MS: how long in-flight requests may run after SIGTERM. Default 10000. */
  shutdownGraceMs: number;
  /** LOG_LEVEL: pino level. Default info. */
  logLevel: string;
  /** MASTER_KEY: 32-byte key (hex or base64) encrypting codes waiting in the outbox; default: generated once into DATA_DIR/master.key. */
  masterKey: string | undefined;
  /** PASSWORD_HASHER: bcrypt (default) or argon2id; BCRYPT_COST default 12. */
  passwordHasher: "bcrypt" | "argon2id";
  bcryptCost: number;
  /** PASSWORD_HASH_CONCURRENCY: hashes computed at once (default 2); PASSWORD_HASH_QUEUE: waiting before ResourceExhausted (default 256). */
  passwordHashConcurrency: number;
  passwordHashQueue: number;
  /** MAX_REQUEST_BYTES: largest accepted request body. Default 4 MiB (fits a 500 000-byte metadata value in JSON). */
  maxRequestBytes: number;
  /**
   * WRITE_MODEL_CACHE: keep recently written users in memory for the next command on them (one round trip
   * per update instead of two). Always on with PGlite (one process owns it); with PostgreSQL only when set to
   * true, because another server writing the same users would make cached refusals stale. Default false.
   */
  writeModelCache: boolean;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const problems: string[] = [];
  const int = (key: string, fallback: number, min: number, max: number): number => {
    const raw = env[key];
    if (raw === undefined || raw === "") return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      problems.push(`${key} must be a whole number from ${min} to ${max}, got "${raw}"`);
      return fallback;
    }
    return value;
  };
  const bool = (key: string, fallback: boolean): boolean => {
    const raw = (env[key] ?? "").trim().toLowerCase();
    if (raw === "") return fallback;
    if (raw === "true" || raw === "1") return true;
    if (raw === "false" || raw === "0") return false;
    problems.push(`${key} must be true or false, got "${env[key]}"`);
    return fallback;
  };
  const dataDir = path.resolve(env.DATA_DIR || "./data");
  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    problems.push(`DATABASE_URL must start with postgresql://, got "${databaseUrl.split(":")[0]}:…"`);
  }
  const tlsCertFile = env.TLS_CERT_FILE || undefined;
  const tlsKeyFile = env.TLS_KEY_FILE || undefined;
  if (Boolean(tlsCertFile) !== Boolean(tlsKeyFile)) problems.push("TLS_CERT_FILE and TLS_KEY_FILE must be set together");
  const hasher = env.PASSWORD_HASHER || "bcrypt";
  if (hasher !== "bcrypt" && hasher !== "argon2id") problems.push(`PASSWORD_HASHER must be bcrypt or argon2id, got "${hasher}"`);
  const origins = (env.CORS_ORIGINS ?? "*").trim();
  const config: Config = {
    port: int("PORT", 8080, 0, 65535),
    host: env.HOST || "0.0.0.0",
    databaseUrl,
    databasePoolSize: int("DATABASE_POOL_SIZE", 10, 1, 1000),
    dataDir,
    adminPatFile: path.resolve(env.ADMIN_PAT_FILE || path.join(dataDir, "admin.pat")),
    tlsCertFile,
    tlsKeyFile,
    corsOrigins: origins === "*" ? "*" : origins.split(",").map((o) => o.trim()).filter(Boolean),
    shutdownGraceMs: int("SHUTDOWN_GRACE_MS", 10_000, 0, 600_000),
    logLevel: env.LOG_LEVEL || "info",
    masterKey: env.MASTER_KEY || undefined,
    passwordHasher: hasher === "argon2id" ? "argon2id" : "bcrypt",
    bcryptCost: int("BCRYPT_COST", 12, 4, 31),
    passwordHashConcurrency: int("PASSWORD_HASH_CONCURRENCY", 2, 1, 64),
    passwordHashQueue: int("PASSWORD_HASH_QUEUE", 256, 0, 100_000),
    maxRequestBytes: int("MAX_REQUEST_BYTES", 4 * 1024 * 1024, 1024, 64 * 1024 * 1024),
    writeModelCache: bool("WRITE_MODEL_CACHE", false),
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
