// GET /openapi.json: the REST gateway's OpenAPI document, generated at build time (scripts/generate-openapi.ts).
// Open to all (it describes the API, never data); CORS headers come from the node handler like every answer.
import type { RestHandler } from "../rest/index.js";
import { openApiDocument } from "../../gen/openapi/openapi-document.js";

/** Answers GET/HEAD /openapi.json and hands every other request to `rest`. */
export function withOpenApiDocument(rest: RestHandler): RestHandler {
  const body = Buffer.from(openApiDocument);
  return async (req, res) => {
    const path = (req.url ?? "").split("?", 1)[0];
    if (path !== "/openapi.json" || (req.method !== "GET" && req.method !== "HEAD")) return rest(req, res);
    res.writeHead(200, { "content-type": "application/json", "content-length": body.length, "cache-control": "public, max-age=300" });
    if (req.method === "HEAD") res.end();
    else res.end(body);
    return true;
  };
}
