// The README's "API" table against what the service serves: one row per RPC of the services on the REST
// gateway, with the REST verb and path the gateway compiles from the protos and the success status it answers.
// A row missing, extra or different fails here, so the table cannot drift from the routes.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { compileRoutes } from "../../src/gateway/rest/compile-routes.js";
import { annotatedSuccessStatus } from "../../src/gateway/rest/success-status.js";
import { OrganizationService } from "../../src/gen/zitadel/org/v2/org_service_pb.js";
import { UserService } from "../../src/gen/zitadel/user/v2/user_service_pb.js";

/** The services src/app.ts puts on the REST gateway. */
const services = [UserService, OrganizationService];

function readmeRows(): string[] {
  const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
  const section = readme.split(/^## /m).find((part) => part.startsWith("API\n"));
  if (section === undefined) throw new Error('README.md has no "## API" section');
  return section
    .split("\n")
    .filter((line) => line.startsWith("| ") && !line.startsWith("| Service") && !line.startsWith("|---"))
    .map((line) => line.split("|").slice(1, -1).map((cell) => cell.trim()).join(" | "));
}

function servedRows(): string[] {
  const { routes } = compileRoutes(services, { successStatus: annotatedSuccessStatus });
  return services.flatMap((service) =>
    service.methods.map((method) => {
      const bound = routes.filter((route) => route.method === method);
      const rest = bound.map((route) => `\`${route.httpMethod} ${route.template.source}\``).join(", ") || "—";
      return [service.typeName, method.name, rest, bound[0]?.successStatus ?? "—"].join(" | ");
    }),
  );
}

describe("README API table", () => {
  it("lists every served RPC with its REST binding and success status, and nothing else", () => {
    expect(readmeRows().sort()).toEqual(servedRows().sort());
  });
});
