// WatchUserChanges: request → where the stream starts and whom it follows; feed messages → responses.
import { create } from "@bufbuild/protobuf";
import { invalidArgument } from "../../../domain/errors.js";
import { WatchUserChangesResponseSchema, type WatchUserChangesRequest, type WatchUserChangesResponse } from "../../../gen/usersvc/history/v1/history_service_pb.js";
import { formatPosition, LOG_START, parsePosition, type FeedPosition } from "../../../query/feed/feed-position.js";
import type { FeedMessage } from "../../../query/feed/feed-stream.js";
import { userChangeToPb } from "./user-change.js";

export interface WatchInput {
  after: FeedPosition | undefined;
  userIds: ReadonlySet<string>;
}

export function watchUserChangesInput(request: WatchUserChangesRequest): WatchInput {
  if (request.fromStart && request.afterPosition !== "") {
    const description = "from_start and after_position exclude each other";
    throw invalidArgument("FEED-Start1", description, [
      { field: "from_start", rule: "start.one_of", description },
      { field: "after_position", rule: "start.one_of", description },
    ]);
  }
  const after = request.fromStart ? LOG_START : request.afterPosition === "" ? undefined : parsePosition(request.afterPosition, "after_position");
  return { after, userIds: new Set(request.userIds) };
}

export async function* watchUserChangesResponses(messages: AsyncIterable<FeedMessage>): AsyncGenerator<WatchUserChangesResponse> {
  for await (const message of messages) {
    const position = formatPosition(message.position);
    yield create(WatchUserChangesResponseSchema, {
      position,
      event: message.change ? { case: "change", value: userChangeToPb(message.change) } : { case: "checkpoint", value: {} },
    });
  }
}
