// REST path of usersvc.history.v1.UserHistoryService, written out by hand as the README documents it:
// GET /usersvc/v1/users/{user_id}/history with the paging in the query; WatchUserChanges is a stream, which the
// gateway answers 501 at GET /usersvc/v1/changes.
import type { JsonObject } from "@bufbuild/protobuf";
import { userIdSegment, type RestRoutes } from "./rest-routes.js";

export const historyRoutes: RestRoutes = {
  ListUserHistory: (r) => {
    const query = new URLSearchParams();
    for (const key of ["order", "pageSize", "pageToken"]) {
      const value = (r as JsonObject)[key];
      if (value !== undefined) query.set(key, String(value));
    }
    const search = query.size > 0 ? `?${query}` : "";
    return { method: "GET", path: `/usersvc/v1/users/${userIdSegment(r)}/history${search}` };
  },
  WatchUserChanges: () => ({ method: "GET", path: "/usersvc/v1/changes" }),
};
