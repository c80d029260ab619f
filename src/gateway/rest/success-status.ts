// The HTTP status of a successful REST call, as our protos state it per method (usersvc.api.v1.http_response,
// ZITADEL's values); undefined where a method states none, which the gateway answers 200. The gateway and the
// OpenAPI document both read it here, so they cannot disagree.
import { getOption, hasOption, type DescMethod } from "@bufbuild/protobuf";
import { http_response } from "../../gen/usersvc/api/v1/http_response_pb.js";

export function annotatedSuccessStatus(method: DescMethod): number | undefined {
  if (!hasOption(method, http_response)) return undefined;
  const code = getOption(method, http_response).successCode;
  if (code === 0) return undefined;
  // A success status outside 2xx is a mistake in our protos: fail when the routes are compiled, not per call.
  if (!Number.isInteger(code) || code < 200 || code > 299) throw new Error(`${method}: success_code ${code} is not a 2xx status`);
  return code;
}
