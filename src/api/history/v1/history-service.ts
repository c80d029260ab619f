// usersvc.history.v1.UserHistoryService: ListUserHistory and WatchUserChanges, each converting, calling one
// query, converting back.
import type { ServiceImpl } from "@connectrpc/connect";
import type { UserHistoryService } from "../../../gen/usersvc/history/v1/history_service_pb.js";
import { callerOf, reauthenticatorOf } from "../../request-context.js";
import type { HistoryQueries } from "../../../query/history/history-queries.js";
import { listUserHistoryInput, listUserHistoryResponse } from "./list-user-history.js";
import { watchUserChangesInput, watchUserChangesResponses } from "./watch-user-changes.js";

export function historyServiceHandlers(queries: HistoryQueries): ServiceImpl<typeof UserHistoryService> {
  return {
    async listUserHistory(request, context) {
      return listUserHistoryResponse(await queries.listUserHistory(callerOf(context), listUserHistoryInput(request)));
    },
    async *watchUserChanges(request, context) {
      const input = watchUserChangesInput(request);
      const messages = queries.watchUserChanges({ ...input, authenticate: reauthenticatorOf(context), signal: context.signal });
      yield* watchUserChangesResponses(messages);
    },
  };
}
