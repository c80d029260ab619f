// Documented HTTP paths of the organisation RPCs. An RPC ZITADEL publishes without a REST binding is called
// over HTTP/JSON as a Connect unary RPC, POST /<service>/<method> with the whole request as the body.
import type { RestRoutes } from "./rest-routes.js";

export const connectUnary = (service: string, method: string): RestRoutes[string] => (r) => ({ method: "POST", path: `/${service}/${method}`, body: r });

export const orgRoutes: RestRoutes = {
  AddOrganization: (r) => ({ method: "POST", path: "/v2/organizations", body: r }),
  ListOrganizations: (r) => ({ method: "POST", path: "/v2/organizations/_search", body: r }),
};
