// Whether a push queued a message, so the composition root can wake the worker right after such a command
// instead of waiting for the next poll.
import type { PushRequest } from "../eventstore/types.js";

export function queuesMessage(request: Pick<PushRequest, "side">): boolean {
  return request.side?.some((write) => write.table === "outbox" && write.op !== "delete" && write.rows.length > 0) ?? false;
}
