// The notification keys of loadConfig: defaults, and one clear problem for each wrong or missing value.
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config.js";

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe("notification configuration", () => {
  it("defaults to the log channels and documented timings", () => {
    const config = loadConfig({});
    expect(config.publicUrl).toBe("http://localhost:8080");
    expect(config.notification).toMatchObject({
      emailChannel: "log",
      smsChannel: "log",
      maxAttempts: 10,
      pollMs: 5000,
      retryBaseMs: 5000,
      retryMaxMs: 600_000,
      webhookTimeoutMs: 10_000,
      claimLeaseMs: 120_000,
      smtp: { port: 587, secure: false, startTls: true, user: undefined, password: undefined, caFile: undefined },
    });
  });

  it("takes a claim lease of at least twice the webhook timeout (a send is cut off at half the lease)", () => {
    expect(loadConfig({ NOTIFY_CLAIM_LEASE_MS: "6000", NOTIFY_WEBHOOK_TIMEOUT_MS: "3000" }).notification.claimLeaseMs).toBe(6000);
    expect(problemsOf({ NOTIFY_CLAIM_LEASE_MS: "5000", NOTIFY_WEBHOOK_TIMEOUT_MS: "3000" })).toEqual(["NOTIFY_CLAIM_LEASE_MS (5000) must be at least twice NOTIFY_WEBHOOK_TIMEOUT_MS (3000)"]);
  });

  it("reads an SMTP setup; implicit TLS moves the default port to 465 and turns STARTTLS off", () => {
    const config = loadConfig({
      NOTIFY_EMAIL_CHANNEL: "SMTP",
      SMTP_HOST: "mail.example.com",
      SMTP_SECURE: "true",
      SMTP_USER: "u",
      SMTP_PASSWORD: "p",
      SMTP_FROM: '"Example" <no-reply@example.com>',
      PUBLIC_URL: "https://id.example.com/",
    });
    expect(config.notification.emailChannel).toBe("smtp");
    expect(config.notification.smtp).toMatchObject({ host: "mail.example.com", port: 465, secure: true, startTls: false, user: "u", password: "p" });
    expect(config.publicUrl).toBe("https://id.example.com");
  });

  it("names each problem once", () => {
    expect(problemsOf({ NOTIFY_EMAIL_CHANNEL: "pigeon" })).toEqual(['NOTIFY_EMAIL_CHANNEL must be log, smtp or webhook, got "pigeon"']);
    expect(problemsOf({ NOTIFY_SMS_CHANNEL: "smtp" })).toEqual(['NOTIFY_SMS_CHANNEL must be log or webhook, got "smtp"']);
    expect(problemsOf({ NOTIFY_EMAIL_CHANNEL: "smtp" })).toEqual([
      "SMTP_HOST is required when NOTIFY_EMAIL_CHANNEL is smtp",
      "SMTP_FROM is required when NOTIFY_EMAIL_CHANNEL is smtp",
    ]);
    expect(problemsOf({ SMTP_FROM: "nobody" })).toEqual(['SMTP_FROM must be an address like no-reply@example.com or "Name" <no-reply@example.com>, got "nobody"']);
    expect(problemsOf({ SMTP_SECURE: "true", SMTP_STARTTLS: "true" })).toEqual([
      "SMTP_SECURE and SMTP_STARTTLS exclude each other: use implicit TLS (usually port 465) or STARTTLS (usually 587)",
    ]);
    expect(problemsOf({ SMTP_USER: "u" })).toEqual(["SMTP_USER and SMTP_PASSWORD must be set together"]);
    expect(problemsOf({ SMTP_PORT: "0" })).toEqual(['SMTP_PORT must be a whole number from 1 to 65535, got "0"']);
    expect(problemsOf({ NOTIFY_MAX_ATTEMPTS: "0" })).toEqual(['NOTIFY_MAX_ATTEMPTS must be a whole number from 1 to 1000, got "0"']);
    expect(problemsOf({ NOTIFY_POLL_MS: "fast" })).toEqual(['NOTIFY_POLL_MS must be a whole number from 10 to 3600000, got "fast"']);
    expect(problemsOf({ NOTIFY_RETRY_BASE_MS: "1000", NOTIFY_RETRY_MAX_MS: "10" })).toEqual([
      "NOTIFY_RETRY_MAX_MS (10) must not be below NOTIFY_RETRY_BASE_MS (1000)",
    ]);
    expect(problemsOf({ PUBLIC_URL: "id.example.com" })).toEqual(['PUBLIC_URL must be an absolute http:// or https:// URL, got "id.example.com"']);
  });

  it("requires the webhook URL and a secret of at least 16 characters, never repeating a secret", () => {
    expect(problemsOf({ NOTIFY_EMAIL_CHANNEL: "webhook", NOTIFY_SMS_CHANNEL: "webhook" })).toEqual([
      "NOTIFY_EMAIL_WEBHOOK_URL is required when NOTIFY_EMAIL_CHANNEL is webhook",
      "NOTIFY_SMS_WEBHOOK_URL is required when NOTIFY_SMS_CHANNEL is webhook",
      "NOTIFY_WEBHOOK_SECRET is required when a webhook channel is used",
    ]);
    const problems = problemsOf({ NOTIFY_SMS_CHANNEL: "webhook", NOTIFY_SMS_WEBHOOK_URL: "ftp://sms.example", NOTIFY_WEBHOOK_SECRET: "hunter2" });
    expect(problems).toEqual([
      'NOTIFY_SMS_WEBHOOK_URL must be an absolute http:// or https:// URL, got "ftp://sms.example"',
      "NOTIFY_WEBHOOK_SECRET must have at least 16 characters, got 7",
    ]);
    expect(problems.join()).not.toContain("hunter2");
    const password = problemsOf({ SMTP_PASSWORD: "topsecret-password" });
    expect(password).toEqual(["SMTP_USER and SMTP_PASSWORD must be set together"]);
  });
});
