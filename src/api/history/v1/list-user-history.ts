// ListUserHistory: request → query input, page → response.
import { create } from "@bufbuild/protobuf";
import { HistoryOrder, ListUserHistoryResponseSchema, type ListUserHistoryRequest, type ListUserHistoryResponse } from "../../../gen/usersvc/history/v1/history_service_pb.js";
import type { UserHistoryInput, UserHistoryPage } from "../../../query/history/user-history.js";
import { userChangeToPb } from "./user-change.js";

export function listUserHistoryInput(request: ListUserHistoryRequest): UserHistoryInput {
  return {
    userId: request.userId,
    order: request.order === HistoryOrder.OLDEST_FIRST ? "oldest_first" : "newest_first",
    pageSize: request.pageSize,
    pageToken: request.pageToken,
  };
}

export function listUserHistoryResponse(page: UserHistoryPage): ListUserHistoryResponse {
  return create(ListUserHistoryResponseSchema, {
    changes: page.changes.map(userChangeToPb),
    nextPageToken: page.nextPageToken,
    totalSize: BigInt(page.total),
  });
}
