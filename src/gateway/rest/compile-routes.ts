import type { DescField, DescMethod } from "@bufbuild/protobuf";
import { restServiceOptions, type RestDialect, type RestService } from "./dialect.js";
import { protoPathOf, resolveFieldPath } from "./field-lookup.js";
import { httpBindingsOf } from "./http-rule.js";
import { parsePathTemplate, type PathTemplate } from "./path-template.js";
import { RouteMatcher } from "./route-matcher.js";
import { textConverterFor, type TextToJson } from "./text-to-json.js";

// Everything a request needs to know about its route is worked out here, once, when the gateway is created:
// the parsed template, the fields behind each path variable with their text converters, the body mapping and
// which query parameters are off limits. Any annotation we cannot serve fails construction, not a request.

export interface PathVariable {
  /** Proto-name path of the target field, e.g. `user_id` or `nested.name`. */
  readonly protoPath: string;
  readonly fields: readonly DescField[];
  readonly convert: TextToJson;
  /** Template segment range the variable covers. */
  readonly start: number;
  readonly end: number;
  /** Covers more than one segment (`{name=projects/*}` or `**`): "%2F" stays encoded in its value. */
  readonly multiSegment: boolean;
}

export type BodyMapping =
  | { readonly kind: "none" }
  | { readonly kind: "whole" }
  | { readonly kind: "field"; readonly fields: readonly DescField[] };

export interface CompiledRoute {
  readonly method: DescMethod;
  readonly httpMethod: string;
  readonly template: PathTemplate;
  readonly pathVariables: readonly PathVariable[];
  readonly body: BodyMapping;
  /** Query parameters fill the message unless the body already is the whole message. */
  readonly readsQuery: boolean;
  /** Proto paths the query may not set, because the path or the body own them. */
  readonly queryExcluded: readonly string[];
  /** Set when `response_body` names a field to render instead of the whole response. */
  readonly responseField: DescField | undefined;
  readonly successStatus: number;
  /** The service's dialect (dialect.ts); undefined: grpc-gateway's JSON. */
  readonly dialect: RestDialect | undefined;
}

export interface CompileOptions {
  /** HTTP status for a successful call of this method; 200 when undefined. */
  readonly successStatus?: (method: DescMethod) => number | undefined;
}

export function compileRoutes(
  services: readonly RestService[],
  options: CompileOptions = {},
): { matcher: RouteMatcher<CompiledRoute>; routes: CompiledRoute[] } {
  const matcher = new RouteMatcher<CompiledRoute>();
  const routes: CompiledRoute[] = [];
  for (const entry of services) {
    const { service, pathPrefix = "", dialect } = restServiceOptions(entry);
    if (pathPrefix !== "" && !/^(\/[A-Za-z0-9._~-]+)+$/.test(pathPrefix)) {
      throw new Error(`path prefix "${pathPrefix}" of ${service.typeName} must be /segment[/segment…] of letters, digits and . _ ~ -`);
    }
    for (const method of service.methods) {
      for (const binding of httpBindingsOf(method)) {
        const route = compileRoute(method, binding.httpMethod, pathPrefix + binding.pathTemplate, binding.body, binding.responseBody);
        const status = options.successStatus?.(method) ?? 200;
        const withStatus: CompiledRoute = { ...route, successStatus: status, dialect };
        const clash = matcher.add(withStatus.httpMethod, withStatus.template, withStatus);
        if (clash !== undefined) {
          throw new Error(
            `${binding.httpMethod} ${binding.pathTemplate} of ${method} collides with ` +
              `${clash.httpMethod} ${clash.template.source} of ${clash.method}`,
          );
        }
        routes.push(withStatus);
      }
    }
  }
  return { matcher, routes };
}

function compileRoute(
  method: DescMethod,
  httpMethod: string,
  pathTemplate: string,
  body: string,
  responseBody: string,
): Omit<CompiledRoute, "successStatus" | "dialect"> {
  const where = `${method} (${httpMethod} ${pathTemplate})`;
  try {
    const template = parsePathTemplate(pathTemplate);
    const pathVariables = template.variables.map((variable): PathVariable => {
      const fields = resolveFieldPath(method.input, variable.fieldPath);
      const leaf = fields[fields.length - 1]!;
      if (leaf.fieldKind !== "scalar" && leaf.fieldKind !== "enum") {
        throw new Error(`path variable "${variable.fieldPath}" must be a singular scalar or enum field`);
      }
      const coversDeep = template.deepIndex >= variable.start && template.deepIndex < variable.end;
      return {
        protoPath: protoPathOf(fields),
        fields,
        convert: textConverterFor(leaf),
        start: variable.start,
        end: variable.end,
        multiSegment: variable.end - variable.start > 1 || coversDeep,
      };
    });
    const bodyMapping = compileBody(method, body);
    const queryExcluded = pathVariables.map((v) => v.protoPath);
    if (bodyMapping.kind === "field") {
      queryExcluded.push(protoPathOf(bodyMapping.fields));
    }
    return {
      method,
      httpMethod,
      template,
      pathVariables,
      body: bodyMapping,
      readsQuery: bodyMapping.kind !== "whole",
      queryExcluded,
      responseField: compileResponseField(method, responseBody),
    };
  } catch (cause) {
    throw new Error(`cannot serve ${where} over REST: ${(cause as Error).message}`, { cause });
  }
}

function compileBody(method: DescMethod, body: string): BodyMapping {
  if (body === "") {
    return { kind: "none" };
  }
  if (body === "*") {
    return { kind: "whole" };
  }
  return { kind: "field", fields: resolveFieldPath(method.input, body) };
}

function compileResponseField(method: DescMethod, responseBody: string): DescField | undefined {
  if (responseBody === "") {
    return undefined;
  }
  const fields = resolveFieldPath(method.output, responseBody);
  if (fields.length !== 1) {
    throw new Error(`response_body "${responseBody}" must name a top-level field`);
  }
  return fields[0];
}
