// The user's new sequence as ETag on answers whose message has no `details` to carry it (metadata set/delete);
// answers with details get it from the gateway's precondition interceptor.
import type { HandlerContext } from "@connectrpc/connect";
import type { Details } from "../../../command/user/inputs.js";

export function withETag(context: HandlerContext, details: Details): Details {
  context.responseHeader.set("etag", `"${details.sequence}"`);
  return details;
}
