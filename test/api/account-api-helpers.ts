// Calls and read-backs for the tests of the other update-user APIs (Clone Systems, Exante, VMS): plain HTTP
// as those systems' clients send it (any body text, any headers, the raw answer), their services over gRPC and
// Connect, and the user as ZITADEL's API shows it (GetUserByID, ListUserMetadata) to read changes back.
import type { DescService } from "@bufbuild/protobuf";
import { expect } from "vitest";
import { allDrivers, type Driver, type JsonObject } from "../helpers/protocols.js";
import type { Setup } from "./auth-fixture.js";
import { ok } from "./auth-fixture.js";

export interface HttpAnswer {
  status: number;
  headers: Headers;
  text: string;
  json: unknown;
}

export interface HttpOptions {
  token?: string;
  /** An object is sent as JSON; a string as it is. */
  body?: unknown;
  headers?: Record<string, string>;
}

export async function http(baseUrl: string, method: string, path: string, options: HttpOptions = {}): Promise<HttpAnswer> {
  const headers: Record<string, string> = { accept: "application/json", ...options.headers };
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined;
  if (options.body !== undefined) {
    headers["content-type"] ??= "application/json";
    body = typeof options.body === "string" ? options.body : JSON.stringify(options.body);
  }
  const response = await fetch(new URL(path, baseUrl), { method, headers, body });
  const text = await response.text();
  let json: unknown;
  try {
    json = text === "" ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

/** The `errors` object of a 422 answer's body (VMS's and Clone Systems' form; Exante's is under data). */
export const errorKeys = (errors: unknown) => Object.keys(errors as Record<string, unknown>).sort();

/** gRPC and Connect drivers for one of our services. */
export function rpcDrivers(url: string, service: DescService): Driver[] {
  return allDrivers(url, service).filter((d) => d.name === "grpc" || d.name === "connect");
}

export async function zitadelUser(setup: Setup, userId: string): Promise<JsonObject> {
  return ok(await setup.users.call("GetUserByID", { userId }, setup.adminToken));
}

export async function userSequence(setup: Setup, userId: string): Promise<number> {
  return Number(((await zitadelUser(setup, userId)).details as JsonObject).sequence);
}

/** ListUserMetadata as key → UTF-8 text. */
export async function zitadelMetadata(setup: Setup, userId: string): Promise<Record<string, string>> {
  const list = ok(await setup.users.call("ListUserMetadata", { userId }, setup.adminToken));
  const out: Record<string, string> = {};
  for (const item of (list.metadata as JsonObject[] | undefined) ?? []) out[String(item.key)] = Buffer.from(String(item.value), "base64").toString("utf8");
  return out;
}

export async function setZitadelMetadata(setup: Setup, userId: string, entries: Record<string, string>): Promise<void> {
  const metadata = Object.entries(entries).map(([key, value]) => ({ key, value: Buffer.from(value).toString("base64") }));
  ok(await setup.users.call("SetUserMetadata", { userId, metadata }, setup.adminToken));
}

/** A request that must write nothing: the user's sequence before and after are the same. */
export async function expectNoWrite(setup: Setup, userId: string, run: () => Promise<void>): Promise<void> {
  const before = await userSequence(setup, userId);
  await run();
  expect(await userSequence(setup, userId)).toBe(before);
}
