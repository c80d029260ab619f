// `--help`: every variable of the one table (variables.ts) with its default and meaning.
import { CONFIG_VARIABLES } from "./variables.js";

export function helpText(): string {
  const lines = [
    "Usage: node dist/src/main.js [--config <file>] [--help]     (npm start -- --help)",
    "",
    "ZITADEL-compatible user service: gRPC, gRPC-web, Connect and REST on one port.",
    "Settings are environment variables, or keys of the same names in a JSON config file",
    "(CONFIG_FILE or --config <file>); the environment wins over the file.",
    "",
  ];
  const width = Math.max(...CONFIG_VARIABLES.map((v) => v.name.length));
  for (const v of CONFIG_VARIABLES) {
    lines.push(`  ${v.name.padEnd(width)}  ${v.meaning}`);
    lines.push(`  ${" ".repeat(width)}  default: ${v.default}`);
  }
  return `${lines.join("\n")}\n`;
}
