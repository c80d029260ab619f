// The import command's options: argv (node:util parseArgs) and the one environment variable it reads, checked
// here so a mistake is one clear message before any file is read or any call is made.
import { readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";

export type InputFormat = "csv" | "jsonl";

export interface ImportOptions {
  input: string;
  format: InputFormat;
  url: string;
  token: string;
  /** Organisation for rows that name none (otherwise the server's default organisation). */
  org?: string;
  concurrency: number;
  failedFile: string;
  stateFile: string;
  /** Seconds between plain progress lines when stderr is not a terminal. */
  progressInterval: number;
}

export const HELP = `Usage: user-service-import <users.csv|users.jsonl> [options]

Creates one human user per row through the service's public API (UserService.AddHumanUser over gRPC).

Options:
  --url <url>              server address (default http://localhost:8080)
  --token <token>          access token of a user manager (or set ZITADEL_TOKEN)
  --token-file <file>      read the token from a file, e.g. data/admin.pat
  --org <id>               organisation for rows without org_id (default: the server's default organisation)
  --concurrency <n>        calls in flight at once (default 8)
  --failed <file>          where failed rows go (default <input>.failed.jsonl)
  --state <file>           progress for resumption (default <input>.import-state.json)
  --format <csv|jsonl>     input format (default: from the extension; .csv, .jsonl or .ndjson)
  --progress-interval <s>  seconds between progress lines when stderr is not a terminal (default 5)
  -h, --help               show this text

CSV needs a header. Columns (JSONL may use the same flat keys, or the AddHumanUserRequest JSON shape):
  user_id username org_id org_domain given_name family_name display_name nick_name preferred_language
  gender email email_verified phone phone_verified password hashed_password password_change_required
  metadata.<key>

Running the same command again after an interruption continues where it stopped and creates no duplicates.
Exit status: 0 all rows created or already present, 3 some rows failed (see the failed file),
130 interrupted (run again to continue), 1 the import could not run.`;

export class UsageError extends Error {}

export type ParsedCommand = { help: true } | { help: false; options: ImportOptions };

export function parseCommand(argv: string[], env: Record<string, string | undefined>): ParsedCommand {
  const { values, positionals } = parseArgsOrThrow(argv);
  if (values.help) return { help: true };
  const problems: string[] = [];
  if (positionals.length !== 1) problems.push("give exactly one input file (users.csv or users.jsonl)");
  const input = positionals[0] ?? "";

  const format = values.format ?? formatOf(input);
  if (format !== "csv" && format !== "jsonl") {
    problems.push(values.format ? `--format must be csv or jsonl, not "${values.format}"` : `cannot tell the format of "${input}" from its extension: use --format csv or --format jsonl`);
  }
  const url = values.url ?? "http://localhost:8080";
  if (!/^https?:\/\/[^/]+/.test(url)) problems.push(`--url must be an http:// or https:// address, not "${url}"`);
  const concurrency = positiveInt(values.concurrency ?? "8", "--concurrency", problems, 256);
  const progressInterval = positiveInt(values["progress-interval"] ?? "5", "--progress-interval", problems, 3600);
  const token = tokenOf(values.token, values["token-file"], env.ZITADEL_TOKEN, problems);
  if (values.org !== undefined && values.org.trim() === "") problems.push("--org must not be empty");

  if (problems.length > 0) throw new UsageError(problems.join("\n"));
  return {
    help: false,
    options: {
      input,
      format: format as InputFormat,
      url: url.replace(/\/+$/, ""),
      token: token!,
      org: values.org,
      concurrency,
      failedFile: values.failed ?? `${input}.failed.jsonl`,
      stateFile: values.state ?? `${input}.import-state.json`,
      progressInterval,
    },
  };
}

function parseArgsOrThrow(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        url: { type: "string" },
        token: { type: "string" },
        "token-file": { type: "string" },
        org: { type: "string" },
        concurrency: { type: "string" },
        failed: { type: "string" },
        state: { type: "string" },
        format: { type: "string" },
        "progress-interval": { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

function formatOf(input: string): string | undefined {
  const ext = path.extname(input).toLowerCase();
  if (ext === ".csv") return "csv";
  if (ext === ".jsonl" || ext === ".ndjson") return "jsonl";
  return undefined;
}

function positiveInt(text: string, name: string, problems: string[], max: number): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > max) problems.push(`${name} must be a whole number from 1 to ${max}, not "${text}"`);
  return n;
}

function tokenOf(token: string | undefined, file: string | undefined, fromEnv: string | undefined, problems: string[]): string | undefined {
  if (token !== undefined && file !== undefined) {
    problems.push("give --token or --token-file, not both");
    return undefined;
  }
  if (file !== undefined) {
    try {
      const text = readFileSync(file, "utf8").trim();
      if (text === "") problems.push(`the token file ${file} is empty`);
      return text;
    } catch (error) {
      problems.push(`cannot read the token file: ${(error as Error).message}`);
      return undefined;
    }
  }
  const chosen = (token ?? fromEnv)?.trim();
  if (!chosen) problems.push("no token: give --token, --token-file or set ZITADEL_TOKEN");
  return chosen;
}
