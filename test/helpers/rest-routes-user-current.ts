// Documented REST paths of the user RPCs whose bindings ZITADEL's current API declares and its npm SDK 1.3.1
// predates (https://zitadel.com/docs/reference/api/user/…): UpdateUser PATCH /v2/users/{user_id}, CreateUser
// POST /v2/users/new, the personal access tokens under /v2/users/{user_id}/pats and their search.
import { userIdSegment, without, type RestRoutes } from "./rest-routes.js";

export const currentUserRoutes: RestRoutes = {
  UpdateUser: (r) => ({ method: "PATCH", path: `/v2/users/${userIdSegment(r)}`, body: without(r, "userId") }),
  CreateUser: (r) => ({ method: "POST", path: "/v2/users/new", body: r }),
  AddPersonalAccessToken: (r) => ({ method: "POST", path: `/v2/users/${userIdSegment(r)}/pats`, body: without(r, "userId") }),
  RemovePersonalAccessToken: (r) => ({
    method: "DELETE",
    path: `/v2/users/${userIdSegment(r)}/pats/${encodeURIComponent(String(r.tokenId ?? ""))}`,
  }),
  ListPersonalAccessTokens: (r) => ({ method: "POST", path: "/v2/users/pats/search", body: r }),
};
