// VMS over REST: snake_case names, a body of `null` is an empty request, integer ids as JSON numbers, unset
// fields null; the X-Client and X-UUID headers reach the service. Errors as documented for 422, and the same
// message for the others (Laravel's form):
//   422 {"message": "…", "errors": {"password_confirmation": ["does not match password"], …}}
//   401, 403, 404, 412, 429, … {"message": "…"}
import type { RestDialect } from "../rest/dialect.js";
import { messageAndErrors, UNPROCESSABLE } from "./field-errors.js";

export const vmsDialect: RestDialect = {
  fieldNames: "proto",
  nullBody: "empty",
  unsetFields: "null",
  int64AsNumber: true,
  forwardHeaders: ["x-client", "x-uuid"],
  errorStatus: UNPROCESSABLE,
  errorBody: messageAndErrors,
};
