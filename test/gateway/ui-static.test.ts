// The /ui files (express.static) over a real HTTP server on a folder made for the test: content types, index.html for
// /ui and /ui/, 404 for unknown files and directories, and no way out of the folder (.., encoded .., backslashes,
// NUL, a symlink pointing outside).
import http from "node:http";
import express from "express";
import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { uiStatic, UI_CSP } from "../../src/gateway/ui/ui-static.js";

let base: string;
let server: http.Server;
let port: number;

beforeAll(async () => {
  base = await mkdtemp(path.join(os.tmpdir(), "ui-static-"));
  const dir = path.join(base, "dist");
  await mkdir(path.join(dir, "assets"), { recursive: true });
  await writeFile(path.join(dir, "index.html"), "<!doctype html><title>app</title>");
  await writeFile(path.join(dir, "assets", "app-1.js"), "console.log(1)");
  await writeFile(path.join(dir, "assets", "app-1.css"), "body{}");
  await writeFile(path.join(dir, "assets", "logo.svg"), "<svg/>");
  await writeFile(path.join(base, "secret.txt"), "outside the app");
  await symlink(path.join(base, "secret.txt"), path.join(dir, "assets", "link.txt"));
  const app = express();
  app.use(uiStatic({ dir }));
  app.use((req, res) => void res.writeHead(418).end("not the ui"));
  server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await rm(base, { recursive: true, force: true });
});

/** A request with the path exactly as written: fetch would normalize the ".." away before sending. */
function get(rawPath: string, method = "GET"): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port, path: rawPath, method }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("the /ui file handler", () => {
  it("answers index.html for /ui and /ui/ with the page's CSP, and files with their content types", async () => {
    for (const p of ["/ui", "/ui/", "/ui?x=1", "/ui/index.html"]) {
      const answer = await get(p);
      expect([p, answer.status, answer.headers["content-type"], answer.body]).toEqual([p, 200, "text/html; charset=utf-8", "<!doctype html><title>app</title>"]);
      expect(answer.headers["content-security-policy"]).toBe(UI_CSP);
      expect(answer.headers["cache-control"]).toBe("no-cache");
    }
    expect(UI_CSP).toMatch(/script-src 'self'/);
    expect(UI_CSP).toMatch(/connect-src 'self'/);
    const types = await Promise.all(["/ui/assets/app-1.js", "/ui/assets/app-1.css", "/ui/assets/logo.svg"].map(async (p) => (await get(p)).headers["content-type"]));
    expect(types).toEqual(["text/javascript; charset=utf-8", "text/css; charset=utf-8", "image/svg+xml"]);
    const head = await get("/ui/assets/app-1.js", "HEAD");
    expect([head.status, head.headers["content-length"], head.body]).toEqual([200, "14", ""]);
  });

  it("answers 404 for unknown files and directories, 405 for other methods, and leaves other paths alone", async () => {
    for (const p of ["/ui/missing.js", "/ui/assets", "/ui/assets/", "/ui/assets/app-2.js"]) expect([p, (await get(p)).status]).toEqual([p, 404]);
    const post = await get("/ui/", "POST");
    expect([post.status, post.headers.allow]).toEqual([405, "GET, HEAD"]);
    for (const p of ["/uix", "/healthz", "/u"]) expect((await get(p)).status).toBe(418);
  });

  it("never serves a file outside its folder", async () => {
    const attempts = [
      "/ui/../secret.txt",
      "/ui/assets/../../secret.txt",
      "/ui/%2e%2e/secret.txt",
      "/ui/..%2fsecret.txt",
      "/ui/assets/..%2F..%2Fsecret.txt",
      "/ui/..%5csecret.txt",
      "/ui/assets/%2e%2e%5c%2e%2e%5csecret.txt",
      "/ui/assets/app-1.js%00.html",
      "/ui/%E0%A4%A", // malformed percent-encoding
      "/ui//etc/passwd",
      "/ui/assets/link.txt", // a symlink to the file outside
    ];
    for (const p of attempts) {
      const answer = await get(p);
      expect([p, answer.status]).toEqual([p, 404]);
      expect(answer.body).not.toContain("outside the app");
    }
  });
});
