// Serves the browser app (ui/, built by Vite into ui/dist) at /ui with express.static: index.html for /ui and
// /ui/, the built files under /ui/…, 404 for anything else (directories too), 405 for other methods. Its
// answers carry the page's own headers: the security headers set before routing are made for JSON answers
// (default-src 'none'), and a page needs to load its script and style and call the API.
import { realpath } from "node:fs/promises";
import path from "node:path";
import express, { Router } from "express";
import type { NodeRequest, NodeResponse } from "../listener/http-types.js";
import { sendJson } from "../listener/send-json.js";
import type { Middleware } from "../http/middleware.js";
import { defaultUiDir } from "./ui-dir.js";

export const UI_PATH = "/ui";

// Only what the page needs: its own script, style and images, and the API on the same origin.
export const UI_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

export interface UiStaticOptions {
  /** The built app; default ui/dist of this project. */
  dir?: string;
}

export function uiStatic(options: UiStaticOptions = {}): Router {
  const dir = path.resolve(options.dir ?? defaultUiDir());
  const files = express.static(dir, {
    index: ["index.html"],
    redirect: false, // /ui/assets is a directory, not a page: 404 rather than a redirect
    dotfiles: "ignore",
    cacheControl: false,
    // Vite names assets by content hash, so they never change; index.html must be fetched again to find new ones.
    setHeaders: (res, file) =>
      res.setHeader("cache-control", path.relative(dir, file).startsWith(`assets${path.sep}`) ? "public, max-age=31536000, immutable" : "no-cache"),
  }) as unknown as Middleware;
  const router = Router();
  router.use(UI_PATH, ((req, res, next) => {
    setPageHeaders(res);
    if (req.method !== "GET" && req.method !== "HEAD") return sendJson(res, 405, { code: 12, message: "Method Not Allowed" }, { allow: "GET, HEAD" });
    // /ui and /ui/ both reach here as "/"; express.static would take the first for a directory to redirect.
    if (req.url === "/" || req.url?.startsWith("/?")) req.url = `/index.html${req.url.slice(1)}`;
    insideRoot(dir, req).then((inside) => (inside ? files(req, res, next) : next()), next);
  }) as Middleware);
  // Whatever the files did not answer under /ui is not part of the app.
  router.use(UI_PATH, ((req, res) => sendJson(res, 404, { code: 5, message: "Not Found" })) as Middleware);
  return router;
}

/**
 * express.static refuses "..", NUL and malformed encodings itself; what it follows is a symlink, so a path whose
 * real location is outside the folder is not served. Missing files are left for express.static to pass on.
 */
async function insideRoot(dir: string, req: NodeRequest): Promise<boolean> {
  let relative: string;
  try {
    relative = decodeURIComponent((req.url ?? "/").split(/[?#]/, 1)[0]!);
  } catch {
    return false;
  }
  try {
    const [root, real] = await Promise.all([realpath(dir), realpath(path.join(dir, relative))]);
    return real === root || real.startsWith(root + path.sep);
  } catch {
    return true;
  }
}

function setPageHeaders(res: NodeResponse): void {
  res.setHeader("content-security-policy", UI_CSP);
  res.setHeader("x-content-type-options", "nosniff");
  res.setHeader("referrer-policy", "no-referrer");
  res.setHeader("x-frame-options", "DENY");
}
