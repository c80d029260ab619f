#!/usr/bin/env node
// Launcher of the user import tool (`npx user-service-import …`, `npm run import -- …`). It runs the TypeScript
// source through tsx, which `npm install` of a clone provides (a dev dependency), so there is no build step and
// never a stale build; where dev dependencies are not installed it runs the compiled build (`npm run build`).
import { existsSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = new URL("../", import.meta.url);
let entry;
try {
  const { tsImport } = await import("tsx/esm/api");
  entry = await tsImport(fileURLToPath(new URL("src/tools/import/cli.ts", root)), import.meta.url);
} catch (error) {
  if (error?.code !== "ERR_MODULE_NOT_FOUND" || !String(error.message).includes("tsx")) throw error;
  const built = fileURLToPath(new URL("dist/src/tools/import/cli.js", root));
  if (!existsSync(built)) {
    process.stderr.write("user-service-import: neither tsx (npm install) nor the build (npm run build) is present\n");
    process.exit(1);
  }
  entry = await import(pathToFileURL(built).href);
}
// Exit explicitly: the HTTP/2 session to the server would otherwise keep the process alive for a while.
process.exit(await entry.main(process.argv.slice(2), process.env));
