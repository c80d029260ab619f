// The REST paths of ZITADEL's v2 user API documentation, written out by hand so the REST tests check the
// gateway against the documented paths rather than against its own reading of the annotations.
import type { JsonObject } from "@bufbuild/protobuf";
import { contactRoutes } from "./rest-routes-contact.js";
import { historyRoutes } from "./rest-routes-history.js";
import { listRoutes } from "./rest-routes-list.js";
import { moveRoutes } from "./rest-routes-move.js";
import { orgRoutes } from "./rest-routes-org.js";
import { stateRoutes } from "./rest-routes-state.js";
import { currentUserRoutes } from "./rest-routes-user-current.js";

export interface RestCall {
  method: string;
  path: string;
  body?: JsonObject;
}

export type RestRoutes = Record<string, (request: JsonObject) => RestCall>;

/** The user id path segment of a request. */
export const userIdSegment = (request: JsonObject) => encodeURIComponent(String(request.userId ?? ""));

/** The request without the fields that travel in the path. */
export const without = (request: JsonObject, ...keys: string[]): JsonObject =>
  Object.fromEntries(Object.entries(request).filter(([key]) => !keys.includes(key)));

const humanRoutes: RestRoutes = {
  AddHumanUser: (r) => ({ method: "POST", path: "/v2/users/human", body: r }),
  GetUserByID: (r) => ({ method: "GET", path: `/v2/users/${userIdSegment(r)}` }),
  UpdateHumanUser: (r) => ({ method: "PUT", path: `/v2/users/human/${userIdSegment(r)}`, body: without(r, "userId") }),
};

// Each area of the API keeps its documented paths in its own table (rest-routes-<area>.ts), listed here.
const routes: RestRoutes = { ...humanRoutes, ...contactRoutes, ...listRoutes, ...stateRoutes, ...orgRoutes, ...currentUserRoutes, ...moveRoutes, ...historyRoutes };

export function restCallFor(method: string, request: JsonObject): RestCall {
  const route = routes[method];
  if (!route) throw new Error(`no REST route written for ${method}`);
  return route(request);
}
