// The REST paths of ZITADEL's v2 user API documentation, written out by hand so the REST tests check the
// gateway against the documented paths rather than against its own reading of the annotations.
import type { JsonObject } from "@bufbuild/protobuf";

export interface RestCall {
  method: string;
  path: string;
  body?: JsonObject;
}

const id = (request: JsonObject) => encodeURIComponent(String(request.userId ?? ""));
const without = (request: JsonObject, key: string): JsonObject => {
  const { [key]: _dropped, ...rest } = request;
  return rest;
};

const routes: Record<string, (request: JsonObject) => RestCall> = {
  AddHumanUser: (r) => ({ method: "POST", path: "/v2/users/human", body: r }),
  GetUserByID: (r) => ({ method: "GET", path: `/v2/users/${id(r)}` }),
  UpdateHumanUser: (r) => ({ method: "PUT", path: `/v2/users/human/${id(r)}`, body: without(r, "userId") }),
};

export function restCallFor(method: string, request: JsonObject): RestCall {
  const route = routes[method];
  if (!route) throw new Error(`no REST route written for ${method}`);
  return route(request);
}
