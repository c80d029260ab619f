// Exante over REST: snake_case names and its envelope around every answer. Success as documented:
//   {"status": "success", "status_code": 200, "message": "Success", "data": {"user": {…}}}
// Errors (not documented; the same envelope): {"status": "error", "status_code": <HTTP status>, "message": "…",
// "data": null}, and for bad input 422 with "data": {"errors": {"firstname": ["…"], …}}. Fields without data
// are answered with their empty value ("", [], {} or null).
import type { RestDialect } from "../rest/dialect.js";
import { errorsByField, UNPROCESSABLE } from "./field-errors.js";

export const exanteDialect: RestDialect = {
  fieldNames: "proto",
  unsetFields: "null",
  errorStatus: UNPROCESSABLE,
  successBody: (data, status) => ({ status: "success", status_code: status, message: "Success", data }),
  errorBody: (error) => ({
    status: "error",
    status_code: error.status,
    message: error.message,
    data: error.status === 422 ? { errors: errorsByField(error) } : null,
  }),
};
