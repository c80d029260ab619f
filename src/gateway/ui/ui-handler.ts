// Serves the browser app (ui/, built by Vite into ui/dist) at /ui: index.html for /ui and /ui/, the built files
// under /ui/…, 404 for anything else. It sets its own headers: the security headers set before routing are made
// for JSON answers (default-src 'none'), and a page needs to load its script and style and call the API.
import { readFile, realpath, stat } from "node:fs/promises";
import path from "node:path";
import type { NodeRequest, NodeResponse } from "../listener/http-types.js";
import { sendJson } from "../listener/send-json.js";
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

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".txt": "text/plain; charset=utf-8",
};

const NOT_FOUND = { code: 5, message: "Not Found" };

export interface UiHandlerOptions {
  /** The built app; default ui/dist of this project. */
  dir?: string;
  logger?: { error(obj: object, msg: string): void };
}

/** Returns true when the request is for the app (it is then being answered). */
export type UiHandler = (req: NodeRequest, res: NodeResponse) => boolean;

export function createUiHandler(options: UiHandlerOptions = {}): UiHandler {
  const dir = path.resolve(options.dir ?? defaultUiDir());
  return (req, res) => {
    const pathname = pathOf(req);
    if (pathname !== UI_PATH && !pathname.startsWith(`${UI_PATH}/`)) return false;
    setPageHeaders(res);
    if (req.method !== "GET" && req.method !== "HEAD") {
      sendJson(res, 405, { code: 12, message: "Method Not Allowed" }, { allow: "GET, HEAD" });
      return true;
    }
    const relative = pathname === UI_PATH || pathname === `${UI_PATH}/` ? "index.html" : pathname.slice(UI_PATH.length + 1);
    serveFile(dir, relative, res).catch((error: unknown) => {
      options.logger?.error({ err: error }, "serving the browser app failed");
      sendJson(res, 500, { code: 13, message: "Internal" });
    });
    return true;
  };
}

async function serveFile(dir: string, relative: string, res: NodeResponse): Promise<void> {
  const file = await resolveInside(dir, relative);
  if (!file) return sendJson(res, 404, NOT_FOUND);
  const body = await readFile(file);
  // Vite names assets by content hash, so they never change; index.html must be fetched again to find new ones.
  const immutable = relative.startsWith("assets/");
  res.writeHead(200, {
    "content-type": CONTENT_TYPES[path.extname(file).toLowerCase()] ?? "application/octet-stream",
    "content-length": body.length,
    "cache-control": immutable ? "public, max-age=31536000, immutable" : "no-cache",
  });
  if (res.req.method === "HEAD") res.end();
  else res.end(body);
}

/** The regular file `relative` names inside `dir`, or undefined: no "..", no escape through a symlink. */
async function resolveInside(dir: string, relative: string): Promise<string | undefined> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(relative);
  } catch {
    return undefined;
  }
  const segments = decoded.split(/[\\/]/);
  if (decoded.includes("\0") || segments.some((s) => s === ".." || s === "." || s === "")) return undefined;
  const candidate = path.join(dir, ...segments);
  try {
    const [root, real] = await Promise.all([realpath(dir), realpath(candidate)]);
    if (!real.startsWith(root + path.sep)) return undefined;
    return (await stat(real)).isFile() ? real : undefined;
  } catch {
    return undefined; // missing file, or the app is not built
  }
}

function setPageHeaders(res: NodeResponse): void {
  res.setHeader("content-security-policy", UI_CSP);
  res.setHeader("x-content-type-options", "nosniff");
  res.setHeader("referrer-policy", "no-referrer");
  res.setHeader("x-frame-options", "DENY");
}

function pathOf(req: NodeRequest): string {
  const url = req.url ?? "";
  const query = url.search(/[?#]/);
  return query === -1 ? url : url.slice(0, query);
}
