// The OpenAPI 3.0 document of the REST gateway, built from the same compiled routes the gateway serves
// (compileRoutes), so the document and the routes cannot disagree. Run at build time by
// scripts/generate-openapi.ts; the server only serves the result (src/gateway/openapi/openapi-handler.ts).
import { STATUS_CODES } from "node:http";
import type { DescField, DescMessage, DescService } from "@bufbuild/protobuf";
import { compileRoutes, type CompiledRoute } from "../rest/compile-routes.js";
import { annotatedSuccessStatus } from "../rest/success-status.js";
import { SchemaCollector, type Schema } from "./json-schema.js";

export interface DocumentInfo {
  title: string;
  version: string;
  description?: string;
}

/** `{user_id}` and `{name=orgs/*}` become OpenAPI's `{user_id}` and `{name}`; the custom verb stays. */
export function openApiPath(route: CompiledRoute): string {
  return route.template.source.replace(/\{([^}=]+)(=[^}]*)?\}/g, "{$1}");
}

export function buildOpenApiDocument(services: readonly DescService[], info: DocumentInfo): Record<string, unknown> {
  const { routes } = compileRoutes(services, { successStatus: annotatedSuccessStatus });
  const schemas = new SchemaCollector();
  const paths: Record<string, Record<string, unknown>> = {};
  const bindingCount = new Map<string, number>();
  for (const route of routes) {
    const { method } = route;
    const seen = bindingCount.get(method.toString()) ?? 0;
    bindingCount.set(method.toString(), seen + 1);
    const path = (paths[openApiPath(route)] ??= {});
    path[route.httpMethod.toLowerCase()] = {
      operationId: `${method.parent.name}_${method.name}${seen ? `_${seen + 1}` : ""}`,
      tags: [method.parent.name],
      summary: method.name,
      parameters: [...pathParameters(route, schemas), ...queryParameters(route, schemas)],
      ...requestBody(route, schemas),
      responses:
        method.methodKind === "unary"
          ? {
              [String(route.successStatus)]: {
                description: STATUS_CODES[route.successStatus] ?? "OK",
                content: { "application/json": { schema: route.responseField ? schemas.field(route.responseField) : schemas.ref(method.output) } },
              },
              default: errorResponse("An error (google.rpc.Status)"),
            }
          : // The gateway transcodes unary calls only (rest-gateway.ts); the path exists to say so.
            { "501": errorResponse(`Not served over REST: ${method.name} is a ${method.methodKind.replace("_", "-")} method; call it over gRPC, gRPC-web or Connect`) },
    };
  }
  return {
    openapi: "3.0.3",
    info,
    paths,
    security: [{ bearerAuth: [] }],
    components: {
      securitySchemes: { bearerAuth: { type: "http", scheme: "bearer", description: "A personal access token or an OpenID Connect access token (JWT)" } },
      schemas: { ...schemas.schemas, Status: statusSchema() },
    },
  };
}

function pathParameters(route: CompiledRoute, schemas: SchemaCollector): Schema[] {
  return route.pathVariables.map((variable) => ({
    name: variable.protoPath,
    in: "path",
    required: true,
    schema: schemas.field(variable.fields[variable.fields.length - 1]!),
  }));
}

/** Top-level fields the query may set: scalars, enums and lists of them, not owned by the path or the body. */
function queryParameters(route: CompiledRoute, schemas: SchemaCollector): Schema[] {
  if (!route.readsQuery) return [];
  const excluded = new Set(route.queryExcluded);
  return route.method.input.fields
    .filter((field) => !excluded.has(field.name) && queryable(field))
    .map((field) => ({ name: field.jsonName, in: "query", required: false, schema: schemas.field(field), ...(field.fieldKind === "list" ? { explode: true } : {}) }));
}

function queryable(field: DescField): boolean {
  if (field.fieldKind === "scalar" || field.fieldKind === "enum") return true;
  return field.fieldKind === "list" && field.listKind !== "message";
}

function requestBody(route: CompiledRoute, schemas: SchemaCollector): Schema {
  const { body } = route;
  if (body.kind === "none") return {};
  let schema: Schema;
  if (body.kind === "whole") {
    // Fields bound to the path are not sent again in the body.
    const fromPath = new Set(route.pathVariables.filter((v) => v.fields.length === 1).map((v) => v.fields[0]!.name));
    schema = fromPath.size === 0 ? schemas.ref(route.method.input) : schemas.messageSchema(route.method.input as DescMessage, fromPath);
  } else {
    schema = schemas.field(body.fields[body.fields.length - 1]!);
  }
  return { requestBody: { required: true, content: { "application/json": { schema } } } };
}

function errorResponse(description: string): Schema {
  return { description, content: { "application/json": { schema: { $ref: "#/components/schemas/Status" } } } };
}

/** What every REST error answers (src/gateway/rest/render-error.ts): google.rpc.Status in JSON. */
function statusSchema(): Schema {
  return {
    type: "object",
    description: "google.rpc.Status: a gRPC code, a message, and typed details (e.g. google.rpc.BadRequest, zitadel.v1.ErrorDetail)",
    properties: {
      code: { type: "integer", format: "int32", description: "google.rpc.Code" },
      message: { type: "string" },
      details: {
        type: "array",
        items: { type: "object", properties: { "@type": { type: "string" } }, required: ["@type"], additionalProperties: {} },
      },
    },
    required: ["code"],
  };
}
