// The only reader of process.env. Every key is documented here with its default; README's table mirrors it.
import path from "node:path";
import { readTracingConfig, type TracingConfig } from "./tracing-config.js";

export interface Config {
  /** PORT: the one port for gRPC, gRPC-web, Connect and REST. Default 8080. */
  port: number;
  /** HOST: interface to bind. Default 0.0.0.0. */
  host: string;
  /** DATABASE_URL: postgresql://… selects PostgreSQL; unset selects embedded PGlite in DATA_DIR. */
  databaseUrl: string | undefined;
  /** DATABASE_POOL_SIZE: PostgreSQL connection pool size. Default 10. */
  databasePoolSize: number;
  /**
   * WRITE_MODEL_CACHE_ROWS: how many users and organisations keep their last written row in this server for the
   * next change of them (src/eventstore/root-cache.ts). Default 10000; 0 keeps none.
   */
  writeModelCacheRows: number;
  /** DATA_DIR: where PGlite keeps its files and where the admin token is written. Default ./data. */
  dataDir: string;
  /** ADMIN_PAT_FILE: where the first start writes the administrator's token (mode 0600). Default DATA_DIR/admin.pat. */
  adminPatFile: string;
  /** TLS_CERT_FILE / TLS_KEY_FILE: both set → the port speaks TLS (ALPN h2, http/1.1). */
  tlsCertFile: string | undefined;
  tlsKeyFile: string | undefined;
  /** CORS_ORIGINS: comma-separated allowed browser origins, or * (default). */
  corsOrigins: string[] | "*";
  /** SHUTDOWN_GRACE_MS: how long in-flight requests may run once the server stopped accepting. Default 10000. */
  shutdownGraceMs: number;
  /**
   * SHUTDOWN_DELAY_MS: how long after SIGTERM the server keeps accepting calls while /readyz already answers
   * 503, for balancers that learn of the drain only from their next probe. Default 0: stop accepting at once.
   */
  shutdownDelayMs: number;
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
  /** REQUEST_TIMEOUT_MS: deadline of a call whose client sets none, and the cap on longer client deadlines. Default 30000. */
  requestTimeoutMs: number;
  /**
   * RATE_LIMIT_PER_SECOND / RATE_LIMIT_BURST: calls per second each caller (user id; client IP for failed
   * authentication) may make on average, and how many at once (default twice the rate); 0 turns limiting off.
   * Default 1000 (the benchmark's 32 callers share one admin token at about 500 calls/s).
   */
  rateLimit: RateLimitConfig;
  /** The change feed (WatchUserChanges); keys in src/configuration/variables.ts and the README. */
  feed: FeedConfig;
  /** PUBLIC_URL: where users reach the login UI; default links in messages start with it. Default http://localhost:PORT. */
  publicUrl: string;
  /** INSTANCE_DOMAIN: new organisations get `<name>.<INSTANCE_DOMAIN>` as primary domain. Default: PUBLIC_URL's host name. */
  instanceDomain: string;
  /**
   * OIDC_ISSUER / OIDC_AUDIENCE: accept JWT access tokens of this OpenID Connect issuer (its keys are found via
   * ISSUER/.well-known/openid-configuration → jwks_uri) whose `aud` holds one of the comma-separated audiences;
   * `sub` is the user id. Both or neither; unset: personal access tokens only.
   */
  oidc: { issuer: string; audience: string[] } | undefined;
  /**
   * The other update-user APIs (README "Other update-user APIs"): CLONE_SYSTEMS_API, EXANTE_API, VMS_API
   * (true or false, default true) and their REST path prefixes CLONE_SYSTEMS_API_PREFIX, EXANTE_API_PREFIX,
   * VMS_API_PREFIX (default none: the documented paths). A switched-off API is not served on any protocol.
   */
  accountApis: Record<AccountApiName, AccountApiConfig>;
  /** How verification codes and reset links are delivered (src/notification); keys below. */
  notification: NotificationConfig;
  /** OTEL_EXPORTER_OTLP_ENDPOINT, OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, OTEL_TRACES_EXPORTER, OTEL_SERVICE_NAME: OpenTelemetry tracing; unset: off. */
  tracing: TracingConfig | undefined;
}

export interface RateLimitConfig {
  perSecond: number;
  burst: number;
  /**
   * RATE_LIMIT_STORE: where the counts live. memory (default): this server's memory, right for one server;
   * redis or postgres: shared by every server of the deployment, so N servers allow the rate once, not N
   * times (postgres needs DATABASE_URL). An unreachable shared store fails open to memory counts (README).
   */
  store: "memory" | "redis" | "postgres";
  /** RATE_LIMIT_REDIS_URL: the Redis of the redis store. Default redis://127.0.0.1:6379. */
  redisUrl: string;
}

export type AccountApiName = "cloneSystems" | "exante" | "vms";

export interface AccountApiConfig {
  enabled: boolean;
  /** "" or /segment[/segment…]. */
  pathPrefix: string;
}

export interface FeedConfig {
  /** FEED_POLL_MS: the feed reads the log at least this often while streams are open (wake-ups come sooner). Default 1000. */
  pollMs: number;
  /** FEED_BUFFER_EVENTS: latest user events kept for live streams; a client falling further behind is cut off. Default 4096. */
  bufferEvents: number;
  /** FEED_HEARTBEAT_MS: a checkpoint goes out when a stream sent nothing for this long. Default 15000. */
  heartbeatMs: number;
  /** STREAM_WRITE_TIMEOUT_MS: a server stream whose client takes no data for this long is reset. Default 30000. */
  streamWriteTimeoutMs: number;
  /** FEED_MAX_STREAMS_PER_CALLER: open change streams one caller may hold on one server. Default 16. */
  maxStreamsPerCaller: number;
}

export interface NotificationConfig {
  /** NOTIFY_EMAIL_CHANNEL: log (default: prints each message, code included, to the log), smtp or webhook. */
  emailChannel: "log" | "smtp" | "webhook";
  /** NOTIFY_SMS_CHANNEL: log (default) or webhook. */
  smsChannel: "log" | "webhook";
  smtp: {
    /** SMTP_HOST: the mail server; required when NOTIFY_EMAIL_CHANNEL=smtp. */
    host: string;
    /** SMTP_PORT: default 465 with SMTP_SECURE, else 587. */
    port: number;
    /** SMTP_SECURE: TLS from the first byte (implicit TLS, usually port 465). Default false. */
    secure: boolean;
    /** SMTP_STARTTLS: upgrade with STARTTLS and refuse to send if the server does not offer it; false sends in plain text. Default true unless SMTP_SECURE. */
    startTls: boolean;
    /** SMTP_USER / SMTP_PASSWORD: login, both or neither. Default none. */
    user: string | undefined;
    password: string | undefined;
    /** SMTP_FROM: the sender, `no-reply@example.com` or `"Example" <no-reply@example.com>`; required when NOTIFY_EMAIL_CHANNEL=smtp. */
    from: string;
    /** SMTP_CA_FILE: PEM certificates to trust for the server's TLS certificate instead of the system's. Default none. */
    caFile: string | undefined;
  };
  /** NOTIFY_EMAIL_WEBHOOK_URL / NOTIFY_SMS_WEBHOOK_URL: where the webhook channels POST JSON; required when chosen. */
  emailWebhookUrl: string | undefined;
  smsWebhookUrl: string | undefined;
  /** NOTIFY_WEBHOOK_SECRET: HMAC-SHA256 key signing webhook bodies (x-signature header), at least 16 characters; required with a webhook channel. */
  webhookSecret: string | undefined;
  /** NOTIFY_WEBHOOK_TIMEOUT_MS: a webhook call taking longer fails and is retried. Default 10000. */
  webhookTimeoutMs: number;
  /** NOTIFY_MAX_ATTEMPTS: failed deliveries after which a message is marked dead. Default 10. */
  maxAttempts: number;
  /**
   * NOTIFY_CLAIM_LEASE_MS: how long a server's claim on a message keeps the other servers off it; a send is cut
   * off at half of it. When a server dies mid-delivery, another one takes its messages over after this long.
   * Default 120000; at least twice NOTIFY_WEBHOOK_TIMEOUT_MS.
   */
  claimLeaseMs: number;
  /** NOTIFY_POLL_MS: how often the outbox is checked for due messages (commands on this server also wake it). Default 5000. */
  pollMs: number;
  /** NOTIFY_RETRY_BASE_MS / NOTIFY_RETRY_MAX_MS: the first retry waits about the base, each next one twice as long, capped by the max (with jitter). Defaults 5000 / 600000. */
  retryBaseMs: number;
  retryMaxMs: number;
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
  const port = int("PORT", 8080, 0, 65535);
  const publicUrl = httpUrl(env, "PUBLIC_URL", problems) ?? `http://localhost:${port || 8080}`;
  const config: Config = {
    port,
    host: env.HOST || "0.0.0.0",
    databaseUrl,
    databasePoolSize: int("DATABASE_POOL_SIZE", 10, 1, 1000),
    writeModelCacheRows: int("WRITE_MODEL_CACHE_ROWS", 10_000, 0, 10_000_000),
    dataDir,
    adminPatFile: path.resolve(env.ADMIN_PAT_FILE || path.join(dataDir, "admin.pat")),
    tlsCertFile,
    tlsKeyFile,
    corsOrigins: origins === "*" ? "*" : origins.split(",").map((o) => o.trim()).filter(Boolean),
    shutdownGraceMs: int("SHUTDOWN_GRACE_MS", 10_000, 0, 600_000),
    shutdownDelayMs: int("SHUTDOWN_DELAY_MS", 0, 0, 600_000),
    logLevel: env.LOG_LEVEL || "info",
    masterKey: env.MASTER_KEY || undefined,
    passwordHasher: hasher === "argon2id" ? "argon2id" : "bcrypt",
    bcryptCost: int("BCRYPT_COST", 12, 4, 31),
    passwordHashConcurrency: int("PASSWORD_HASH_CONCURRENCY", 2, 1, 64),
    passwordHashQueue: int("PASSWORD_HASH_QUEUE", 256, 0, 100_000),
    maxRequestBytes: int("MAX_REQUEST_BYTES", 4 * 1024 * 1024, 1024, 64 * 1024 * 1024),
    requestTimeoutMs: int("REQUEST_TIMEOUT_MS", 30_000, 1, 3_600_000),
    rateLimit: readRateLimitConfig(env, int, databaseUrl, problems),
    feed: {
      pollMs: int("FEED_POLL_MS", 1000, 10, 600_000),
      bufferEvents: int("FEED_BUFFER_EVENTS", 4096, 16, 1_000_000),
      heartbeatMs: int("FEED_HEARTBEAT_MS", 15_000, 100, 600_000),
      streamWriteTimeoutMs: int("STREAM_WRITE_TIMEOUT_MS", 30_000, 100, 3_600_000),
      maxStreamsPerCaller: int("FEED_MAX_STREAMS_PER_CALLER", 16, 1, 10_000),
    },
    publicUrl,
    instanceDomain: readInstanceDomain(env, publicUrl, problems),
    oidc: readOidcConfig(env, problems),
    accountApis: {
      cloneSystems: readAccountApi("CLONE_SYSTEMS_API", env.CLONE_SYSTEMS_API_PREFIX, bool, problems),
      exante: readAccountApi("EXANTE_API", env.EXANTE_API_PREFIX, bool, problems),
      vms: readAccountApi("VMS_API", env.VMS_API_PREFIX, bool, problems),
    },
    notification: readNotificationConfig(env, int, bool, problems),
    tracing: readTracingConfig(env, problems),
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

const DNS_NAME = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/;

function readInstanceDomain(env: NodeJS.ProcessEnv, publicUrl: string, problems: string[]): string {
  const domain = (env.INSTANCE_DOMAIN ?? "").trim().toLowerCase() || new URL(publicUrl).hostname;
  if (!DNS_NAME.test(domain)) problems.push(`INSTANCE_DOMAIN must be a DNS name such as example.com, got "${domain}"`);
  return domain;
}

function readOidcConfig(env: NodeJS.ProcessEnv, problems: string[]): Config["oidc"] {
  // The issuer is kept exactly as given: the tokens' `iss` and the discovery document must equal it.
  const issuer = (env.OIDC_ISSUER ?? "").trim();
  const audience = (env.OIDC_AUDIENCE ?? "").split(",").map((a) => a.trim()).filter(Boolean);
  if (issuer === "" && audience.length === 0) return undefined;
  if (issuer === "" || audience.length === 0) {
    // Without an audience any token the issuer signed for any client would pass.
    problems.push("OIDC_ISSUER and OIDC_AUDIENCE must be set together");
    return undefined;
  }
  let url: URL | undefined;
  try {
    url = new URL(issuer);
  } catch {
    // reported below
  }
  if (!url || (url.protocol !== "https:" && url.protocol !== "http:") || url.search !== "" || url.hash !== "") {
    problems.push(`OIDC_ISSUER must be an http(s) URL without query or fragment, got "${issuer}"`);
    return undefined;
  }
  return { issuer, audience };
}

/** `key` switches the API on or off; `rawPrefix` is the value of `<key>_PREFIX`. */
function readAccountApi(key: string, rawPrefix: string | undefined, bool: BoolReader, problems: string[]): AccountApiConfig {
  const prefix = (rawPrefix ?? "").trim().replace(/\/+$/, "");
  if (prefix !== "" && !/^(\/[A-Za-z0-9._~-]+)+$/.test(prefix)) {
    problems.push(`${key}_PREFIX must be a path such as /clone (segments of letters, digits and . _ ~ -), got "${rawPrefix}"`);
  }
  return { enabled: bool(key, true), pathPrefix: prefix };
}

type IntReader = (key: string, fallback: number, min: number, max: number) => number;
type BoolReader = (key: string, fallback: boolean) => boolean;

function readNotificationConfig(env: NodeJS.ProcessEnv, int: IntReader, bool: BoolReader, problems: string[]): NotificationConfig {
  const choice = <T extends string>(key: string, allowed: readonly T[]): T => {
    const raw = (env[key] ?? "").trim().toLowerCase();
    if (raw === "") return allowed[0]!;
    if ((allowed as readonly string[]).includes(raw)) return raw as T;
    problems.push(`${key} must be ${allowed.slice(0, -1).join(", ")} or ${allowed.at(-1)}, got "${env[key]}"`);
    return allowed[0]!;
  };
  const emailChannel = choice("NOTIFY_EMAIL_CHANNEL", ["log", "smtp", "webhook"] as const);
  const smsChannel = choice("NOTIFY_SMS_CHANNEL", ["log", "webhook"] as const);

  const secure = bool("SMTP_SECURE", false);
  const startTls = bool("SMTP_STARTTLS", !secure);
  if (secure && startTls) problems.push("SMTP_SECURE and SMTP_STARTTLS exclude each other: use implicit TLS (usually port 465) or STARTTLS (usually 587)");
  const user = env.SMTP_USER || undefined;
  const password = env.SMTP_PASSWORD || undefined;
  if (Boolean(user) !== Boolean(password)) problems.push("SMTP_USER and SMTP_PASSWORD must be set together");
  const host = (env.SMTP_HOST ?? "").trim();
  const from = (env.SMTP_FROM ?? "").trim();
  if (emailChannel === "smtp") {
    if (host === "") problems.push("SMTP_HOST is required when NOTIFY_EMAIL_CHANNEL is smtp");
    if (from === "") problems.push("SMTP_FROM is required when NOTIFY_EMAIL_CHANNEL is smtp");
  }
  if (from !== "" && !/^(?:[^<>]*<[^<>@\s]+@[^<>@\s]+>|[^<>@\s]+@[^<>@\s]+)$/.test(from)) {
    problems.push(`SMTP_FROM must be an address like no-reply@example.com or "Name" <no-reply@example.com>, got "${from}"`);
  }

  const emailWebhookUrl = httpUrl(env, "NOTIFY_EMAIL_WEBHOOK_URL", problems);
  const smsWebhookUrl = httpUrl(env, "NOTIFY_SMS_WEBHOOK_URL", problems);
  const unset = (key: string) => (env[key] ?? "").trim() === "";
  if (emailChannel === "webhook" && unset("NOTIFY_EMAIL_WEBHOOK_URL")) problems.push("NOTIFY_EMAIL_WEBHOOK_URL is required when NOTIFY_EMAIL_CHANNEL is webhook");
  if (smsChannel === "webhook" && unset("NOTIFY_SMS_WEBHOOK_URL")) problems.push("NOTIFY_SMS_WEBHOOK_URL is required when NOTIFY_SMS_CHANNEL is webhook");
  const webhookSecret = env.NOTIFY_WEBHOOK_SECRET || undefined;
  if (emailChannel === "webhook" || smsChannel === "webhook") {
    // The secret itself stays out of the message.
    if (!webhookSecret) problems.push("NOTIFY_WEBHOOK_SECRET is required when a webhook channel is used");
    else if (webhookSecret.length < 16) problems.push(`NOTIFY_WEBHOOK_SECRET must have at least 16 characters, got ${webhookSecret.length}`);
  }

  const webhookTimeoutMs = int("NOTIFY_WEBHOOK_TIMEOUT_MS", 10_000, 100, 600_000);
  const claimLeaseMs = int("NOTIFY_CLAIM_LEASE_MS", 120_000, 1_000, 86_400_000);
  // A send is cut off at half the lease: a webhook allowed longer would be cut before its own timeout.
  if (claimLeaseMs < 2 * webhookTimeoutMs) problems.push(`NOTIFY_CLAIM_LEASE_MS (${claimLeaseMs}) must be at least twice NOTIFY_WEBHOOK_TIMEOUT_MS (${webhookTimeoutMs})`);
  const retryBaseMs = int("NOTIFY_RETRY_BASE_MS", 5_000, 1, 86_400_000);
  const retryMaxMs = int("NOTIFY_RETRY_MAX_MS", 600_000, 1, 86_400_000);
  if (retryMaxMs < retryBaseMs) problems.push(`NOTIFY_RETRY_MAX_MS (${retryMaxMs}) must not be below NOTIFY_RETRY_BASE_MS (${retryBaseMs})`);
  return {
    emailChannel,
    smsChannel,
    smtp: { host, port: int("SMTP_PORT", secure ? 465 : 587, 1, 65535), secure, startTls, user, password, from, caFile: env.SMTP_CA_FILE || undefined },
    emailWebhookUrl,
    smsWebhookUrl,
    webhookSecret,
    webhookTimeoutMs,
    claimLeaseMs,
    maxAttempts: int("NOTIFY_MAX_ATTEMPTS", 10, 1, 1000),
    pollMs: int("NOTIFY_POLL_MS", 5_000, 10, 3_600_000),
    retryBaseMs,
    retryMaxMs,
  };
}

/** An absolute http(s) URL without a trailing slash, or undefined when the key is unset (or wrong: a problem is added). */
function httpUrl(env: NodeJS.ProcessEnv, key: string, problems: string[]): string | undefined {
  const raw = (env[key] ?? "").trim();
  if (raw === "") return undefined;
  let url: URL | undefined;
  try {
    url = new URL(raw);
  } catch {
    // reported below
  }
  if (!url || (url.protocol !== "http:" && url.protocol !== "https:")) {
    problems.push(`${key} must be an absolute http:// or https:// URL, got "${raw}"`);
    return undefined;
  }
  return raw.replace(/\/+$/, "");
}

function readRateLimitConfig(env: NodeJS.ProcessEnv, int: IntReader, databaseUrl: string | undefined, problems: string[]): RateLimitConfig {
  const perSecond = int("RATE_LIMIT_PER_SECOND", 1000, 0, 1_000_000);
  // RATE_LIMIT_BURST 0 (unset) means twice the rate.
  const burst = int("RATE_LIMIT_BURST", 0, 0, 10_000_000);
  const store = (env.RATE_LIMIT_STORE ?? "").trim().toLowerCase() || "memory";
  if (store !== "memory" && store !== "redis" && store !== "postgres") problems.push(`RATE_LIMIT_STORE must be memory, redis or postgres, got "${env.RATE_LIMIT_STORE}"`);
  // The embedded database belongs to one process: there is nothing to share, and no second connection to share it on.
  if (store === "postgres" && !databaseUrl) problems.push("RATE_LIMIT_STORE=postgres needs DATABASE_URL (PostgreSQL); with the embedded database use memory");
  const redisUrl = (env.RATE_LIMIT_REDIS_URL ?? "").trim() || "redis://127.0.0.1:6379";
  if (!/^rediss?:\/\/[^/]/.test(redisUrl)) problems.push(`RATE_LIMIT_REDIS_URL must start with redis:// or rediss://, got "${redisUrl.split(":")[0]}:…"`);
  return {
    perSecond,
    burst: perSecond === 0 ? 0 : burst || 2 * perSecond,
    store: store === "redis" || store === "postgres" ? store : "memory",
    redisUrl,
  };
}
