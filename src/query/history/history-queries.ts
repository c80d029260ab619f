// The reads usersvc.history.v1.UserHistoryService answers with, bound by the composition root (src/app.ts) to the
// event log, the users projection and the shared change feed: the handlers never see the database.
import type { Principal } from "../../domain/principal.js";
import type { SqlRunner } from "../../eventstore/eventstore.js";
import type { ChangeFeed } from "../feed/change-feed.js";
import { feedStream, type FeedStreamOptions } from "../feed/feed-stream.js";
import type { UserRowReader } from "../user-rows.js";
import { listUserHistory, type UserHistoryInput } from "./user-history.js";

export interface HistorySources {
  db: SqlRunner;
  readUser: UserRowReader;
  feed: ChangeFeed;
  /** A checkpoint goes out when nothing else did for this long. */
  heartbeatMs: number;
}

/** What one WatchUserChanges call decides: where it starts, whom it follows, its caller and its end. */
export type WatchOptions = Omit<FeedStreamOptions, "feed" | "db" | "heartbeatMs">;

export function historyQueries({ db, readUser, feed, heartbeatMs }: HistorySources) {
  return {
    listUserHistory: (caller: Principal, input: UserHistoryInput) => listUserHistory(db, readUser, caller, input),
    watchUserChanges: (options: WatchOptions) => feedStream({ ...options, feed, db, heartbeatMs }),
  };
}

export type HistoryQueries = ReturnType<typeof historyQueries>;
