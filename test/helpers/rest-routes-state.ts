// Documented REST paths of the lifecycle and metadata RPCs (ZITADEL's google.api.http annotations of
// zitadel.user.v2.UserService): state changes are POSTs on the user with the rest as the body, DeleteUser and
// DeleteUserMetadata are DELETEs without a body (the keys travel as repeated query parameters).
import { userIdSegment, without, type RestRoutes } from "./rest-routes.js";

const userPost = (suffix: string) => (r: Parameters<RestRoutes[string]>[0]) => ({
  method: "POST",
  path: `/v2/users/${userIdSegment(r)}/${suffix}`,
  body: without(r, "userId"),
});

const keysQuery = (keys: unknown): string => {
  const query = new URLSearchParams();
  for (const key of Array.isArray(keys) ? keys : []) query.append("keys", String(key));
  const text = query.toString();
  return text === "" ? "" : `?${text}`;
};

export const stateRoutes: RestRoutes = {
  DeactivateUser: userPost("deactivate"),
  ReactivateUser: userPost("reactivate"),
  LockUser: userPost("lock"),
  UnlockUser: userPost("unlock"),
  DeleteUser: (r) => ({ method: "DELETE", path: `/v2/users/${userIdSegment(r)}` }),
  SetUserMetadata: userPost("metadata"),
  ListUserMetadata: userPost("metadata/search"),
  DeleteUserMetadata: (r) => ({ method: "DELETE", path: `/v2/users/${userIdSegment(r)}/metadata${keysQuery(r.keys)}` }),
};
