import type { JsonObject } from "@bufbuild/protobuf";
import type { CompiledRoute, PathVariable } from "./compile-routes.js";
import { invalidArgument, reasonOf } from "./invalid-argument.js";
import { setAtPath } from "./json-object.js";
import type { PathMatch } from "./route-matcher.js";

/** Writes the matched path variables into `target` (keyed by proto names) as proto3 JSON values. */
export function pathVariablesInto(target: JsonObject, match: PathMatch<CompiledRoute>): void {
  const { route, segments, deepLength } = match;
  const deepIndex = route.template.deepIndex;
  for (const variable of route.pathVariables) {
    // Template positions after `**` shift by the number of segments it consumed, minus the one it stands for.
    const start = deepIndex >= 0 && variable.start > deepIndex ? variable.start + deepLength - 1 : variable.start;
    const end = deepIndex >= 0 && variable.end > deepIndex ? variable.end + deepLength - 1 : variable.end;
    const text = variableText(variable, segments, start, end);
    let value;
    try {
      value = variable.convert(text);
    } catch (error) {
      throw invalidArgument(`invalid value for path variable "${variable.protoPath}": ${reasonOf(error)}`, error);
    }
    setAtPath(target, variable.fields, value);
  }
}

function variableText(variable: PathVariable, segments: readonly string[], start: number, end: number): string {
  // google/api/http.proto: a single-segment variable is fully percent-decoded; a multi-segment one is decoded
  // except for "%2F", so an encoded slash stays distinguishable from a segment separator.
  if (!variable.multiSegment) {
    return decode(variable, segments[start]!);
  }
  const parts: string[] = [];
  for (let i = start; i < end; i++) {
    const raw = segments[i]!;
    parts.push(raw.includes("%") ? decode(variable, raw.replace(/%2F/gi, "%252F")) : raw);
  }
  return parts.join("/");
}

function decode(variable: PathVariable, raw: string): string {
  if (!raw.includes("%")) {
    return raw;
  }
  try {
    return decodeURIComponent(raw);
  } catch (error) {
    throw invalidArgument(`malformed percent-encoding in path variable "${variable.protoPath}"`, error);
  }
}
