// Parser for google.api.http path templates (see google/api/http.proto):
//
//   Template = "/" Segments [ Verb ] ;
//   Segments = Segment { "/" Segment } ;
//   Segment  = "*" | "**" | LITERAL | Variable ;
//   Variable = "{" FieldPath [ "=" Segments ] "}" ;
//   FieldPath = IDENT { "." IDENT } ;
//   Verb     = ":" LITERAL ;
//
// A template is flattened into a list of segments; a variable is the range of segments it covers, so the
// matcher only deals with literals and wildcards and the variables are cut out of the matched path afterwards.

export type TemplateSegment =
  | { readonly kind: "literal"; readonly value: string }
  | { readonly kind: "star" }
  | { readonly kind: "deep" };

export interface TemplateVariable {
  /** Dotted field path as written in the template, e.g. `user_id` or `name.first`. */
  readonly fieldPath: string;
  /** Index of the first segment the variable covers. */
  readonly start: number;
  /** Index after the last segment the variable covers. */
  readonly end: number;
}

export interface PathTemplate {
  readonly source: string;
  readonly segments: readonly TemplateSegment[];
  readonly variables: readonly TemplateVariable[];
  /** Custom verb after the last segment (`/v1/things:search` → `search`), "" when absent. */
  readonly verb: string;
  /** Index of the `**` segment, -1 when the template has none. */
  readonly deepIndex: number;
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;
const LITERAL_STOP = new Set(["/", ":", "{", "}", "*", "="]);

interface Cursor {
  readonly text: string;
  pos: number;
}

export function parsePathTemplate(source: string): PathTemplate {
  if (!source.startsWith("/")) {
    throw templateError(source, "must start with '/'");
  }
  const cursor: Cursor = { text: source, pos: 1 };
  const segments: TemplateSegment[] = [];
  const variables: TemplateVariable[] = [];
  if (source !== "/") {
    // "/" alone is outside the grammar but used in the wild (and accepted by grpc-gateway): no segments.
    parseSegments(cursor, segments, variables, false);
  }

  let verb = "";
  if (cursor.pos < source.length) {
    if (source[cursor.pos] !== ":") {
      throw templateError(source, `unexpected '${source[cursor.pos]}' at ${cursor.pos}`);
    }
    verb = source.slice(cursor.pos + 1);
    if (verb === "" || [...verb].some((c) => LITERAL_STOP.has(c))) {
      throw templateError(source, `invalid verb '${verb}'`);
    }
  }

  const deepCount = segments.filter((s) => s.kind === "deep").length;
  if (deepCount > 1) {
    throw templateError(source, "at most one '**' is supported");
  }
  const seen = new Set<string>();
  for (const variable of variables) {
    if (seen.has(variable.fieldPath)) {
      throw templateError(source, `variable '${variable.fieldPath}' appears twice`);
    }
    seen.add(variable.fieldPath);
  }
  return {
    source,
    segments,
    variables,
    verb,
    deepIndex: segments.findIndex((s) => s.kind === "deep"),
  };
}

function parseSegments(
  cursor: Cursor,
  segments: TemplateSegment[],
  variables: TemplateVariable[],
  insideVariable: boolean,
): void {
  for (;;) {
    parseSegment(cursor, segments, variables, insideVariable);
    if (cursor.text[cursor.pos] !== "/") {
      return;
    }
    cursor.pos++;
  }
}

function parseSegment(
  cursor: Cursor,
  segments: TemplateSegment[],
  variables: TemplateVariable[],
  insideVariable: boolean,
): void {
  const { text } = cursor;
  if (text.startsWith("**", cursor.pos)) {
    segments.push({ kind: "deep" });
    cursor.pos += 2;
    return;
  }
  if (text[cursor.pos] === "*") {
    segments.push({ kind: "star" });
    cursor.pos += 1;
    return;
  }
  if (text[cursor.pos] === "{") {
    if (insideVariable) {
      throw templateError(text, "nested variables are not allowed");
    }
    parseVariable(cursor, segments, variables);
    return;
  }
  const start = cursor.pos;
  while (cursor.pos < text.length && !LITERAL_STOP.has(text[cursor.pos]!)) {
    cursor.pos++;
  }
  if (cursor.pos === start) {
    throw templateError(text, `empty segment at ${start}`);
  }
  segments.push({ kind: "literal", value: text.slice(start, cursor.pos) });
}

function parseVariable(cursor: Cursor, segments: TemplateSegment[], variables: TemplateVariable[]): void {
  const { text } = cursor;
  cursor.pos++; // "{"
  const nameStart = cursor.pos;
  while (cursor.pos < text.length && text[cursor.pos] !== "=" && text[cursor.pos] !== "}") {
    cursor.pos++;
  }
  const fieldPath = text.slice(nameStart, cursor.pos);
  if (!fieldPath.split(".").every((part) => IDENT.test(part))) {
    throw templateError(text, `invalid field path '${fieldPath}'`);
  }
  const start = segments.length;
  if (text[cursor.pos] === "=") {
    cursor.pos++;
    parseSegments(cursor, segments, variables, true);
  } else {
    segments.push({ kind: "star" });
  }
  if (text[cursor.pos] !== "}") {
    throw templateError(text, `missing '}' for variable '${fieldPath}'`);
  }
  cursor.pos++;
  variables.push({ fieldPath, start, end: segments.length });
}

function templateError(template: string, reason: string): Error {
  return new Error(`invalid http path template "${template}": ${reason}`);
}
