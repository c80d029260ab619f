import { create, fromBinary, toJson } from "@bufbuild/protobuf";
import type { DescMessage, JsonObject, JsonValue, Registry } from "@bufbuild/protobuf";
import { base64Encode } from "@bufbuild/protobuf/wire";
import { hasCustomJsonRepresentation } from "@bufbuild/protobuf/wkt";
import { Code } from "@connectrpc/connect";
import type { ConnectError } from "@connectrpc/connect";

// Error replies as grpc-gateway writes them: a google.rpc.Status in proto3 JSON, i.e.
// {"code": 5, "message": "…", "details": [{"@type": "type.googleapis.com/…", …}]}. Like protojson (and so
// ZITADEL), an empty message or an empty details list is left out.

const HTTP_STATUS: Record<Code, number> = {
  [Code.Canceled]: 499,
  [Code.Unknown]: 500,
  [Code.InvalidArgument]: 400,
  [Code.DeadlineExceeded]: 504,
  [Code.NotFound]: 404,
  [Code.AlreadyExists]: 409,
  [Code.PermissionDenied]: 403,
  [Code.ResourceExhausted]: 429,
  // Deliberately not 412, as in grpc-gateway.
  [Code.FailedPrecondition]: 400,
  [Code.Aborted]: 409,
  [Code.OutOfRange]: 400,
  [Code.Unimplemented]: 501,
  [Code.Internal]: 500,
  [Code.Unavailable]: 503,
  [Code.DataLoss]: 500,
  [Code.Unauthenticated]: 401,
};

export function httpStatusFromCode(code: Code): number {
  return HTTP_STATUS[code] ?? 500;
}

type ErrorDetail = ConnectError["details"][number];

export function errorBody(error: ConnectError, registry: Registry): string {
  const body: JsonObject = { code: error.code };
  if (error.rawMessage !== "") {
    body.message = error.rawMessage;
  }
  if (error.details.length > 0) {
    body.details = error.details.map((detail) => detailJson(detail, registry));
  }
  return JSON.stringify(body);
}

/** A detail as proto3 JSON of google.protobuf.Any; the raw bytes when its type is not in the registry. */
function detailJson(detail: ErrorDetail, registry: Registry): JsonObject {
  // Details raised in-process carry their descriptor; details that crossed the wire (the router transport
  // serialises) carry a type name and bytes.
  const typeName = "desc" in detail ? detail.desc.typeName : detail.type;
  const typeUrl = `type.googleapis.com/${typeName}`;
  try {
    if ("desc" in detail) {
      return anyJson(typeUrl, detail.desc, toJson(detail.desc, create(detail.desc, detail.value), { registry }));
    }
    const desc = registry.getMessage(detail.type);
    if (desc !== undefined) {
      return anyJson(typeUrl, desc, toJson(desc, fromBinary(desc, detail.value), { registry }));
    }
  } catch {
    // an undecodable detail is still reported, in its raw form
  }
  return "desc" in detail ? { "@type": typeUrl } : { "@type": typeUrl, value: base64Encode(detail.value) };
}

function anyJson(typeUrl: string, desc: DescMessage, json: JsonValue): JsonObject {
  // Proto3 JSON of Any: the fields inline, or under "value" for types with a special JSON form (wrappers…).
  if (hasCustomJsonRepresentation(desc) || json === null || typeof json !== "object" || Array.isArray(json)) {
    return { "@type": typeUrl, value: json };
  }
  return { "@type": typeUrl, ...json };
}
