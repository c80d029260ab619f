// One WatchUserChanges stream: an async generator the RPC layer pulls a message at a time, as fast as the
// client takes them (connect-node pulls the next message only once the last one was written), so a stream
// holds one batch at most, however slow its client.
//
// It opens with a checkpoint (the position it starts after), catches up from the database when its position
// is older than the shared buffer, then follows the buffer. Before each batch it authenticates the caller again
// (the token resolver's cache, 5 s), so a revoked token ends the stream and changed roles apply from the next
// batch. A stream that has been following the buffer but whose client reads so slowly that its position falls
// out of it is cut off with ResourceExhausted; every ending it decides carries the position to resume from.
import { hasUserPermission, type Principal } from "../../domain/principal.js";
import { StreamInterrupted, unauthenticated } from "../../domain/errors.js";
import type { SqlRunner } from "../../eventstore/eventstore.js";
import type { UserChangeView } from "../history/user-change-rows.js";
import type { ChangeFeed } from "./change-feed.js";
import { comparePositions, formatPosition, type FeedPosition } from "./feed-position.js";
import { readSettled, type FeedEntry } from "./settled-events.js";

export interface FeedStreamOptions {
  feed: ChangeFeed;
  db: SqlRunner;
  /** Undefined: start at the feed's current end ("from now"). */
  after: FeedPosition | undefined;
  /** Only these users; empty: every user the caller may read. */
  userIds: ReadonlySet<string>;
  /** The caller as authenticated now; undefined when the token is no longer valid. */
  authenticate: () => Promise<Principal | undefined>;
  signal: AbortSignal;
  /** A checkpoint goes out when nothing else did for this long. */
  heartbeatMs: number;
}

/** A change, or a checkpoint (no change) telling how far the feed has looked. */
export interface FeedMessage {
  position: FeedPosition;
  change?: UserChangeView;
}

const BATCH = 200;

export async function* feedStream(options: FeedStreamOptions): AsyncGenerator<FeedMessage> {
  const { feed, signal } = options;
  const first = await options.authenticate();
  if (!first) throw unauthenticated("FEED-Auth0", "Errors.Token.Invalid: the token is unknown, expired or revoked");
  const release = await feed.attach(first.userId);
  try {
    let position = options.after ?? feed.head;
    yield { position };
    let lastSent = Date.now();
    let live = false;
    for (;;) {
      if (signal.aborted) throw signal.reason;
      if (feed.closed) throw new StreamInterrupted("unavailable", "FEED-Down1", "Errors.Unavailable: the server is shutting down", formatPosition(position));
      const caller = await options.authenticate();
      if (!caller) throw new StreamInterrupted("unauthenticated", "FEED-Auth1", "Errors.Token.Invalid: the token is no longer valid", formatPosition(position));
      const version = feed.version;
      const buffered = feed.entriesAfter(position, BATCH);
      let entries: FeedEntry[];
      let readTo: FeedPosition;
      let waitAfter: boolean;
      if (buffered === "evicted") {
        if (live) {
          throw new StreamInterrupted("resource_exhausted", "FEED-Slow1", "Errors.ResourceExhausted: the client reads changes more slowly than they come", formatPosition(position));
        }
        const batch = await readSettled(options.db, position, BATCH);
        ({ entries, readTo } = batch);
        waitAfter = false; // caught up or not, the next round looks at the buffer or reads on
      } else {
        live = true;
        ({ entries, readTo } = buffered);
        waitAfter = entries.length < BATCH;
      }
      for (const entry of entries) {
        if (mayRead(caller, entry.change) && (options.userIds.size === 0 || options.userIds.has(entry.change.userId))) {
          yield { position: entry.position, change: entry.change };
          lastSent = Date.now();
        }
        position = entry.position;
      }
      if (comparePositions(readTo, position) > 0) position = readTo;
      const quiet = Date.now() - lastSent;
      if (quiet >= options.heartbeatMs) {
        yield { position };
        lastSent = Date.now();
      } else if (waitAfter) {
        await feed.changed(version, options.heartbeatMs - quiet, signal);
      }
    }
  } finally {
    release();
  }
}

/** As GetUserByID: oneself, or user.read in the organisation the user belonged to when the change happened. */
function mayRead(caller: Principal, change: UserChangeView): boolean {
  return change.userId === caller.userId || hasUserPermission(caller, "user.read", change.organizationId);
}
