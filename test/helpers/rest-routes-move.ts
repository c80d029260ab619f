// The REST path of our own MoveUser (usersvc.user.v1.UserMoveService), as the README documents it.
import { userIdSegment, without, type RestRoutes } from "./rest-routes.js";

export const moveRoutes: RestRoutes = {
  MoveUser: (r) => ({ method: "POST", path: `/usersvc/v1/users/${userIdSegment(r)}/move`, body: without(r, "userId") }),
};
