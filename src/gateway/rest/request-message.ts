import { create, fromJson, fromJsonString, mergeFromJson } from "@bufbuild/protobuf";
import type { JsonObject, JsonReadOptions, JsonValue, Message } from "@bufbuild/protobuf";
import type { CompiledRoute } from "./compile-routes.js";
import { invalidArgument, invalidFields, reasonOf } from "./invalid-argument.js";
import { jsonShapeViolations } from "./json-shape.js";
import { nestAtPath } from "./json-object.js";
import { pathVariablesInto } from "./path-variables.js";
import { queryParametersInto } from "./query-parameters.js";
import type { PathMatch } from "./route-matcher.js";

// Builds the request message the way grpc-gateway does: body first, then query parameters (only when the body
// is not the whole message), then path variables, which win over anything the body said about the same field.
// Path and query values are collected as one proto3 JSON object so protobuf-es parses and checks them in one go.

export interface RequestBuildOptions {
  readonly readOptions: Partial<JsonReadOptions>;
}

export function buildRequestMessage(
  match: PathMatch<CompiledRoute>,
  query: string,
  bodyText: string | undefined,
  options: RequestBuildOptions,
): Message {
  const { route } = match;
  const input = route.method.input;
  const message = messageFromBody(route, bodyText, options.readOptions);

  const params: JsonObject = {};
  if (route.readsQuery && query !== "") {
    queryParametersInto(params, route, query);
  }
  pathVariablesInto(params, match);

  try {
    if (message === undefined) {
      return fromJson(input, params, options.readOptions);
    }
    return hasKeys(params) ? mergeFromJson(input, message, params, options.readOptions) : message;
  } catch (error) {
    throw invalidArgument(`invalid path or query parameter: ${reasonOf(error)}`, error);
  }
}

function messageFromBody(
  route: CompiledRoute,
  bodyText: string | undefined,
  readOptions: Partial<JsonReadOptions>,
): Message | undefined {
  const { body } = route;
  if (body.kind === "none") {
    return undefined; // grpc-gateway ignores a body the rule does not map
  }
  const input = route.method.input;
  // An empty body is an empty message, as grpc-gateway treats io.EOF.
  if (bodyText === undefined || isBlank(bodyText)) {
    return create(input);
  }
  if (route.dialect !== undefined) {
    return dialectMessageFromBody(route, bodyText);
  }
  try {
    if (body.kind === "whole") {
      return fromJsonString(input, bodyText, readOptions);
    }
    return fromJson(input, nestAtPath(body.fields, JSON.parse(bodyText) as JsonValue), readOptions);
  } catch (error) {
    throw invalidArgument(`invalid request body: ${reasonOf(error)}`, error);
  }
}

/**
 * A dialect's body: every structural problem at once (json-shape.ts), names as the dialect spells them, and
 * `null` as the dialect wants it. Unknown fields are always refused: the documented names are the contract.
 */
function dialectMessageFromBody(route: CompiledRoute, bodyText: string): Message {
  const { body, method } = route;
  const dialect = route.dialect!;
  let parsed: JsonValue;
  try {
    parsed = JSON.parse(bodyText) as JsonValue;
  } catch (error) {
    throw invalidFields("invalid request body", [{ field: "", rule: "json.syntax", description: `is not valid JSON: ${reasonOf(error)}` }]);
  }
  if (parsed === null && dialect.nullBody === "empty") {
    return create(method.input);
  }
  const json = body.kind === "field" ? nestAtPath(body.fields, parsed) : parsed;
  const violations = jsonShapeViolations(method.input, json, dialect.fieldNames);
  if (violations.length > 0) {
    throw invalidFields(`invalid request body: ${violations.map((v) => `${v.field || "body"} ${v.description}`).join("; ")}`, violations);
  }
  try {
    return fromJson(method.input, json);
  } catch (error) {
    throw invalidFields("invalid request body", [{ field: "", rule: "json.value", description: reasonOf(error) }]);
  }
}

function hasKeys(object: JsonObject): boolean {
  for (const key in object) {
    if (Object.hasOwn(object, key)) {
      return true;
    }
  }
  return false;
}

function isBlank(text: string): boolean {
  return text.length === 0 || /^\s*$/.test(text);
}
