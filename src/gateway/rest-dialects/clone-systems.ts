// Clone Systems API v2 over REST: snake_case names; UpdateCurrentUser answers 200 without a body, UpdateUser
// `{}`; unset fields of an answer are null. Its pages show statuses but no error bodies; ours, stable:
//   422 {"message": "…", "errors": {"user.first_name": ["must be at least 1 characters long"], …}}
//   401, 403, 404, 412, 429, … {"message": "…"}
import type { RestDialect } from "../rest/dialect.js";
import { messageAndErrors, UNPROCESSABLE } from "./field-errors.js";

export const cloneSystemsDialect: RestDialect = {
  fieldNames: "proto",
  unsetFields: "null",
  noBodyMethods: ["UpdateCurrentUser"],
  errorStatus: UNPROCESSABLE,
  errorBody: messageAndErrors,
};
