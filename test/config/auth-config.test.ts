// The configuration keys of organisations and authentication: INSTANCE_DOMAIN, OIDC_ISSUER, OIDC_AUDIENCE.
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config.js";

const problemsOf = (env: Record<string, string>): string[] => {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
};

describe("INSTANCE_DOMAIN", () => {
  it("defaults to PUBLIC_URL's host name", () => {
    expect(loadConfig({}).instanceDomain).toBe("localhost");
    expect(loadConfig({ PUBLIC_URL: "https://id.example.com:8443/login" }).instanceDomain).toBe("id.example.com");
  });

  it("is taken lower-cased, and refused when it is no DNS name", () => {
    expect(loadConfig({ INSTANCE_DOMAIN: "Users.Example.COM" }).instanceDomain).toBe("users.example.com");
    expect(problemsOf({ INSTANCE_DOMAIN: "exa mple.com" })).toEqual([expect.stringContaining("INSTANCE_DOMAIN")]);
    expect(problemsOf({ INSTANCE_DOMAIN: "-bad.example" })).toEqual([expect.stringContaining("INSTANCE_DOMAIN")]);
  });
});

describe("OIDC_ISSUER and OIDC_AUDIENCE", () => {
  it("are off by default", () => {
    expect(loadConfig({}).oidc).toBeUndefined();
  });

  it("keep the issuer exactly and split the audiences", () => {
    expect(loadConfig({ OIDC_ISSUER: "https://login.example.com/", OIDC_AUDIENCE: "api, console" }).oidc).toEqual({
      issuer: "https://login.example.com/",
      audience: ["api", "console"],
    });
  });

  it("must be set together, the issuer as an http(s) URL", () => {
    expect(problemsOf({ OIDC_ISSUER: "https://login.example.com" })).toEqual(["OIDC_ISSUER and OIDC_AUDIENCE must be set together"]);
    expect(problemsOf({ OIDC_AUDIENCE: "api" })).toEqual(["OIDC_ISSUER and OIDC_AUDIENCE must be set together"]);
    expect(problemsOf({ OIDC_ISSUER: "login.example.com", OIDC_AUDIENCE: "api" })).toEqual([expect.stringContaining("OIDC_ISSUER must be")]);
    expect(problemsOf({ OIDC_ISSUER: "https://login.example.com?x=1", OIDC_AUDIENCE: "api" })).toEqual([expect.stringContaining("OIDC_ISSUER must be")]);
  });
});
