// Where settings come from: the environment, and an optional JSON config file (CONFIG_FILE, or --config <file>
// on the command line, which wins) whose keys are the same variable names. The environment wins over the file,
// even with an empty value (config.ts gives some a meaning: an empty CORS_ORIGINS allows no origin). Problems with the
// file (unreadable, not JSON, not an object, unknown keys, values that are no scalar) join config.ts's
// problems, so a start fails with every problem listed once.
import { readFileSync } from "node:fs";
import path from "node:path";
import { ConfigError, loadConfig, type Config } from "../config.js";
import { CONFIG_VARIABLE_NAMES } from "./variables.js";

export interface CommandLine {
  help: boolean;
  configFile: string | undefined;
  problems: string[];
}

export function parseCommandLine(argv: readonly string[]): CommandLine {
  const result: CommandLine = { help: false, configFile: undefined, problems: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--help" || arg === "-h") result.help = true;
    else if (arg === "--config") {
      const value = argv[++i];
      if (value === undefined || value === "") result.problems.push("--config needs a file name");
      else result.configFile = value;
    } else if (arg.startsWith("--config=")) result.configFile = arg.slice("--config=".length);
    else result.problems.push(`unknown argument "${arg}" (see --help)`);
  }
  return result;
}

/** The settings: file (if any) under the environment, validated by config.ts; throws ConfigError listing every problem. */
export function loadConfigFromSources(argv: readonly string[], env: NodeJS.ProcessEnv): Config {
  const commandLine = parseCommandLine(argv);
  const problems = [...commandLine.problems];
  const file = commandLine.configFile ?? (env.CONFIG_FILE || undefined);
  const fromFile = file === undefined ? {} : readConfigFile(file, problems);
  const merged: NodeJS.ProcessEnv = { ...fromFile };
  for (const [key, value] of Object.entries(env)) if (value !== undefined) merged[key] = value;
  let config: Config;
  try {
    config = loadConfig(merged);
  } catch (error) {
    if (error instanceof ConfigError) throw new ConfigError([...problems, ...error.problems]);
    throw error;
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

/** The file's settings as strings; problems are added for anything wrong with it. */
export function readConfigFile(file: string, problems: string[]): Record<string, string> {
  const where = path.resolve(file);
  let text: string;
  try {
    text = readFileSync(where, "utf8");
  } catch (error) {
    problems.push(`config file ${where} cannot be read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    return {};
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    problems.push(`config file ${where} is not valid JSON: ${(error as Error).message}`);
    return {};
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    problems.push(`config file ${where} must hold one JSON object of variable names and values`);
    return {};
  }
  const settings: Record<string, string> = {};
  for (const [key, value] of Object.entries(parsed)) {
    if (!CONFIG_VARIABLE_NAMES.has(key)) {
      problems.push(`config file ${where}: unknown key "${key}" (see --help for the variables)`);
    } else if (key === "CONFIG_FILE") {
      problems.push(`config file ${where}: CONFIG_FILE cannot be set from a config file`);
    } else if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") {
      settings[key] = String(value);
    } else {
      problems.push(`config file ${where}: ${key} must be a string, number or boolean`);
    }
  }
  return settings;
}
