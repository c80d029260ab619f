// Every setting the service reads, in one table: `--help` prints it, a config file may set exactly these keys,
// and test/config/variables-table.test.ts fails when config.ts (or a reader it calls) reads a variable that is
// missing here, or this table names one nobody reads. config.ts remains the one place that interprets them.

export interface ConfigVariable {
  readonly name: string;
  /** What applies when the variable is unset, in words. */
  readonly default: string;
  readonly meaning: string;
}

export const CONFIG_VARIABLES: readonly ConfigVariable[] = [
  { name: "CONFIG_FILE", default: "unset", meaning: "JSON file whose keys are these variable names (also --config <file>); the environment wins over it" },
  { name: "PORT", default: "8080", meaning: "the one port for gRPC, gRPC-web, Connect and REST" },
  { name: "HOST", default: "0.0.0.0", meaning: "interface to bind" },
  { name: "DATABASE_URL", default: "unset (embedded PGlite in DATA_DIR)", meaning: "postgresql://… selects PostgreSQL" },
  { name: "DATABASE_POOL_SIZE", default: "10", meaning: "PostgreSQL connection pool size" },
  { name: "DATA_DIR", default: "./data", meaning: "PGlite files, the generated master key, the admin token" },
  { name: "ADMIN_PAT_FILE", default: "DATA_DIR/admin.pat", meaning: "where the first start writes the administrator's token (mode 0600)" },
  { name: "TLS_CERT_FILE", default: "unset", meaning: "PEM certificate chain; with TLS_KEY_FILE the port speaks TLS (ALPN h2, http/1.1)" },
  { name: "TLS_KEY_FILE", default: "unset", meaning: "PEM private key; set together with TLS_CERT_FILE" },
  { name: "CORS_ORIGINS", default: "*", meaning: "comma-separated browser origins allowed" },
  { name: "SHUTDOWN_GRACE_MS", default: "10000", meaning: "how long in-flight requests may finish once the server stopped accepting (SIGTERM)" },
  { name: "SHUTDOWN_DELAY_MS", default: "0", meaning: "after SIGTERM, keep accepting calls this long while /readyz answers 503 (for balancers that poll it)" },
  { name: "LOG_LEVEL", default: "info", meaning: "pino log level (one JSON access line per request at info)" },
  { name: "MASTER_KEY", default: "generated into DATA_DIR/master.key", meaning: "32 bytes (hex or base64) sealing codes waiting in the outbox; set it when several servers share one database" },
  { name: "PASSWORD_HASHER", default: "bcrypt", meaning: "bcrypt or argon2id for new password hashes" },
  { name: "BCRYPT_COST", default: "12", meaning: "bcrypt cost (4–31)" },
  { name: "PASSWORD_HASH_CONCURRENCY", default: "2", meaning: "hashes computed at once, off the event loop" },
  { name: "PASSWORD_HASH_QUEUE", default: "256", meaning: "hashes waiting before ResourceExhausted" },
  { name: "MAX_REQUEST_BYTES", default: "4194304", meaning: "largest accepted request body" },
  { name: "REQUEST_TIMEOUT_MS", default: "30000", meaning: "deadline of a call whose client sets none (grpc-timeout, connect-timeout-ms), and the cap on longer ones" },
  { name: "RATE_LIMIT_PER_SECOND", default: "1000", meaning: "calls per second per caller (user id; client IP for failed authentication); 0 turns limiting off" },
  { name: "RATE_LIMIT_BURST", default: "2 × RATE_LIMIT_PER_SECOND", meaning: "calls a caller may make at once before the per-second rate applies" },
  { name: "FEED_POLL_MS", default: "1000", meaning: "the change feed reads the event log at least this often while streams are open (pushes and NOTIFY wake it sooner)" },
  { name: "FEED_BUFFER_EVENTS", default: "4096", meaning: "latest user events kept for live change streams; a client falling further behind is cut off (ResourceExhausted, with its position)" },
  { name: "FEED_HEARTBEAT_MS", default: "15000", meaning: "a change stream that sent nothing for this long sends a checkpoint" },
  { name: "STREAM_WRITE_TIMEOUT_MS", default: "30000", meaning: "a server stream whose client takes no data for this long is reset" },
  { name: "FEED_MAX_STREAMS_PER_CALLER", default: "16", meaning: "open change streams one caller may hold on one server" },
  { name: "PUBLIC_URL", default: "http://localhost:PORT", meaning: "base of the default links in verification and reset messages" },
  { name: "INSTANCE_DOMAIN", default: "PUBLIC_URL's host", meaning: "new organisations get <name>.<INSTANCE_DOMAIN> as primary domain" },
  { name: "OIDC_ISSUER", default: "unset", meaning: "accept JWT access tokens of this OpenID Connect issuer; set together with OIDC_AUDIENCE" },
  { name: "OIDC_AUDIENCE", default: "unset", meaning: "comma-separated audiences, one of which a JWT's aud must hold" },
  { name: "NOTIFY_EMAIL_CHANNEL", default: "log", meaning: "log (prints the message, code included), smtp or webhook" },
  { name: "NOTIFY_SMS_CHANNEL", default: "log", meaning: "log or webhook" },
  { name: "SMTP_HOST", default: "unset", meaning: "mail server; required when NOTIFY_EMAIL_CHANNEL=smtp" },
  { name: "SMTP_PORT", default: "465 if SMTP_SECURE, else 587", meaning: "mail server port" },
  { name: "SMTP_SECURE", default: "false", meaning: "implicit TLS from the first byte (usually port 465)" },
  { name: "SMTP_STARTTLS", default: "true unless SMTP_SECURE", meaning: "require STARTTLS; false sends in plain text" },
  { name: "SMTP_USER", default: "unset", meaning: "SMTP login; set together with SMTP_PASSWORD" },
  { name: "SMTP_PASSWORD", default: "unset", meaning: "SMTP password" },
  { name: "SMTP_FROM", default: "unset", meaning: "sender, no-reply@example.com or \"Name\" <no-reply@example.com>; required when NOTIFY_EMAIL_CHANNEL=smtp" },
  { name: "SMTP_CA_FILE", default: "unset (system CAs)", meaning: "PEM certificates to trust for the mail server" },
  { name: "NOTIFY_EMAIL_WEBHOOK_URL", default: "unset", meaning: "where the email webhook channel POSTs JSON; required when chosen" },
  { name: "NOTIFY_SMS_WEBHOOK_URL", default: "unset", meaning: "where the SMS webhook channel POSTs JSON; required when chosen" },
  { name: "NOTIFY_WEBHOOK_SECRET", default: "unset", meaning: "HMAC-SHA256 key (≥ 16 characters) signing webhook bodies; required with a webhook channel" },
  { name: "NOTIFY_WEBHOOK_TIMEOUT_MS", default: "10000", meaning: "a webhook call taking longer fails and is retried" },
  { name: "NOTIFY_MAX_ATTEMPTS", default: "10", meaning: "failed deliveries after which a message is dead" },
  { name: "NOTIFY_POLL_MS", default: "5000", meaning: "how often the outbox is checked for due messages" },
  { name: "NOTIFY_RETRY_BASE_MS", default: "5000", meaning: "first retry delay; doubles per attempt, with jitter" },
  { name: "NOTIFY_RETRY_MAX_MS", default: "600000", meaning: "longest retry delay" },
  { name: "CLONE_SYSTEMS_API", default: "true", meaning: "serve Clone Systems API v2's user calls (GET/PUT /v2/user/me, PUT /v2/users/{id}); false switches them off on every protocol" },
  { name: "CLONE_SYSTEMS_API_PREFIX", default: "unset (the documented paths)", meaning: "REST path prefix for them, e.g. /clone serves /clone/v2/user/me" },
  { name: "EXANTE_API", default: "true", meaning: "serve Exante's PATCH /api/user; false switches it off on every protocol" },
  { name: "EXANTE_API_PREFIX", default: "unset (the documented path)", meaning: "REST path prefix for it, e.g. /exante" },
  { name: "VMS_API", default: "true", meaning: "serve VMS's PUT /api/v1/users/self; false switches it off on every protocol" },
  { name: "VMS_API_PREFIX", default: "unset (the documented path)", meaning: "REST path prefix for it, e.g. /vms" },
  { name: "OTEL_EXPORTER_OTLP_ENDPOINT", default: "unset (tracing off)", meaning: "OTLP/HTTP collector base URL; spans go to <url>/v1/traces as JSON" },
  { name: "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", default: "unset", meaning: "full URL for spans, instead of OTEL_EXPORTER_OTLP_ENDPOINT/v1/traces" },
  { name: "OTEL_TRACES_EXPORTER", default: "otlp when an endpoint is set, else none", meaning: "otlp (without an endpoint: http://localhost:4318) or none" },
  { name: "OTEL_SERVICE_NAME", default: "user-service", meaning: "service.name of the exported spans" },
];

export const CONFIG_VARIABLE_NAMES: ReadonlySet<string> = new Set(CONFIG_VARIABLES.map((v) => v.name));
