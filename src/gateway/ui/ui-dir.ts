// Where `npm run build:ui` puts the browser app: ui/dist under the project root. The root is found by walking up
// from this file to package.json, because this file runs both from src/ (tsx, tests) and from dist/src/ (npm start).
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export function defaultUiDir(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, "package.json"))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error("the project root (package.json) was not found above the UI handler");
    dir = parent;
  }
  return path.join(dir, "ui", "dist");
}
