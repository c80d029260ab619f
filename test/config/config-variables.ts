// The variable names the configuration code reads, found in its source: config.ts, the files it imports
// (readers of one area, such as tracing), and the config-file loader. Patterns: env.NAME, env["NAME"], and a
// call whose first string argument (after `env`) is an UPPER_SNAKE name, as int("PORT", …) or
// httpUrl(env, "PUBLIC_URL", …).
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));
const READS = [/\benv\.([A-Z][A-Z0-9_]+)\b/g, /\benv\[\s*"([A-Z][A-Z0-9_]+)"\s*\]/g, /\(\s*(?:env\s*,\s*)?"([A-Z][A-Z0-9_]+)"/g];
const RELATIVE_IMPORT = /from\s+"(\.[^"]+)\.js"/g;

export async function variablesReadByConfigCode(): Promise<Map<string, string>> {
  const files = new Set<string>();
  const configTs = path.join(root, "src/config.ts");
  files.add(configTs);
  const source = await readFile(configTs, "utf8");
  for (const [, relative] of source.matchAll(RELATIVE_IMPORT)) files.add(path.resolve(path.dirname(configTs), `${relative}.ts`));
  files.add(path.join(root, "src/configuration/config-sources.ts"));
  const found = new Map<string, string>(); // name → file that reads it
  for (const file of files) {
    const text = await readFile(file, "utf8").catch(() => "");
    for (const pattern of READS) for (const [, name] of text.matchAll(pattern)) if (!found.has(name!)) found.set(name!, path.relative(root, file));
  }
  return found;
}
