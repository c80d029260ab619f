// Documented REST path of ListUsers: POST /v2/users with the whole request as the body.
import type { RestRoutes } from "./rest-routes.js";

export const listRoutes: RestRoutes = {
  ListUsers: (r) => ({ method: "POST", path: "/v2/users", body: r }),
};
