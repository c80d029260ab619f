// usersvc.history.v1.UserHistoryService: ListUserHistory and WatchUserChanges, each converting, calling one
// query, converting back.
import type { ServiceImpl } from "@connectrpc/connect";
import type { SqlRunner } from "../../../eventstore/eventstore.js";
import type { UserHistoryService } from "../../../gen/usersvc/history/v1/history_service_pb.js";
import { callerOf, reauthenticatorOf } from "../../request-context.js";
import type { ChangeFeed } from "../../../query/feed/change-feed.js";
import { feedStream } from "../../../query/feed/feed-stream.js";
import { listUserHistory } from "../../../query/history/user-history.js";
import type { UserRowReader } from "../../../query/user-rows.js";
import { listUserHistoryInput, listUserHistoryResponse } from "./list-user-history.js";
import { watchUserChangesInput, watchUserChangesResponses } from "./watch-user-changes.js";

export interface HistoryServiceDeps {
  db: SqlRunner;
  readUser: UserRowReader;
  feed: ChangeFeed;
  heartbeatMs: number;
}

export function historyServiceHandlers(deps: HistoryServiceDeps): ServiceImpl<typeof UserHistoryService> {
  return {
    async listUserHistory(request, context) {
      return listUserHistoryResponse(await listUserHistory(deps.db, deps.readUser, callerOf(context), listUserHistoryInput(request)));
    },
    async *watchUserChanges(request, context) {
      const input = watchUserChangesInput(request);
      const messages = feedStream({ ...input, feed: deps.feed, db: deps.db, authenticate: reauthenticatorOf(context), signal: context.signal, heartbeatMs: deps.heartbeatMs });
      yield* watchUserChangesResponses(messages);
    },
  };
}
