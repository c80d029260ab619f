// Documented HTTP paths of the organisation RPCs and of the user RPCs ZITADEL publishes without a REST
// binding (CreateUser and the personal access tokens): those are called over HTTP/JSON as Connect unary
// RPCs, POST /<service>/<method> with the whole request as the body, which is how ZITADEL documents them.
import type { RestRoutes } from "./rest-routes.js";

const connectUnary = (service: string, method: string): RestRoutes[string] => (r) => ({ method: "POST", path: `/${service}/${method}`, body: r });

export const orgRoutes: RestRoutes = {
  AddOrganization: (r) => ({ method: "POST", path: "/v2/organizations", body: r }),
  ListOrganizations: (r) => ({ method: "POST", path: "/v2/organizations/_search", body: r }),
  CreateUser: connectUnary("zitadel.user.v2.UserService", "CreateUser"),
  AddPersonalAccessToken: connectUnary("zitadel.user.v2.UserService", "AddPersonalAccessToken"),
  RemovePersonalAccessToken: connectUnary("zitadel.user.v2.UserService", "RemovePersonalAccessToken"),
  ListPersonalAccessTokens: connectUnary("zitadel.user.v2.UserService", "ListPersonalAccessTokens"),
};
