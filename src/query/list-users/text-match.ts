// One text filter as SQL, with ZITADEL's semantics: EQUALS compares exactly, the other methods are LIKE
// patterns (ILIKE for the IGNORE_CASE forms) around the caller's text, whose own %, _ and \ match literally.
// LIKE/ILIKE patterns are what the trigram (GIN gin_trgm_ops) indexes serve.
import type { TextMethod } from "./list-users-input.js";
import type { SqlParams } from "./sql-params.js";

/** The text with LIKE's wildcards and its escape character (backslash, PostgreSQL's default) escaped. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

const patterns: Record<Exclude<TextMethod, "equals">, (escaped: string) => string> = {
  equalsIgnoreCase: (e) => e,
  startsWith: (e) => `${e}%`,
  startsWithIgnoreCase: (e) => `${e}%`,
  contains: (e) => `%${e}%`,
  containsIgnoreCase: (e) => `%${e}%`,
  endsWith: (e) => `%${e}`,
  endsWithIgnoreCase: (e) => `%${e}`,
};

/**
 * Text without letters that have case ("42", "+4179", "@") matches the same with or without IGNORE_CASE, and
 * LIKE compares bytes where ILIKE lower-cases every row first: several times cheaper when the pattern is too
 * short for the trigram index and every row must be compared.
 */
const hasCase = (text: string): boolean => text.toLowerCase() !== text.toUpperCase();

export function textCondition(column: string, method: TextMethod, text: string, params: SqlParams): string {
  if (method === "equals") return `${column} = ${params.add(text)}`;
  const pattern = params.add(patterns[method](escapeLike(text)));
  const ignoreCase = method.endsWith("IgnoreCase") && hasCase(text);
  return `${column} ${ignoreCase ? "ILIKE" : "LIKE"} ${pattern}`;
}
