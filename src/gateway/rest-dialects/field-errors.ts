// The `errors` object the other update-user APIs answer with (VMS documents it; Clone Systems and Exante use
// the same): every violated field with its messages, `{"user.first_name": ["must be …"]}`. A violation of the
// request as a whole (a body that is no JSON object) is listed under "body".
import type { JsonObject } from "@bufbuild/protobuf";
import { Code } from "@connectrpc/connect";
import type { RestError } from "../rest/dialect.js";

export function errorsByField(error: RestError): Record<string, string[]> {
  const errors: Record<string, string[]> = {};
  for (const { field, description } of error.fields) (errors[field || "body"] ??= []).push(description);
  return errors;
}

/** Client mistakes in what was sent are 422 in these APIs (Laravel's and Rails' "Unprocessable"). */
export const UNPROCESSABLE: Partial<Record<Code, number>> = {
  [Code.InvalidArgument]: 422,
  [Code.FailedPrecondition]: 422,
  [Code.AlreadyExists]: 422,
  [Code.OutOfRange]: 422,
};

/** `{"message", "errors"}` for 422, `{"message"}` for the rest (VMS's documented body; Clone Systems' choice). */
export function messageAndErrors(error: RestError): JsonObject {
  return error.status === 422 ? { message: error.message, errors: errorsByField(error) } : { message: error.message };
}
