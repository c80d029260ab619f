// Wakes the change feeds of every server sharing one PostgreSQL database when events are committed: each
// server LISTENs on one channel over a connection of its own, and after its pushes sends a NOTIFY. A wake-up
// only says "look at the log"; what changed is always read from the events table, so a lost or doubled
// NOTIFY costs a poll interval of delay or a needless read, never an event (src/query/feed/change-feed.ts).
//
// The NOTIFY is a statement of its own after the push, not part of it: a transaction that notifies takes a
// database-wide lock at commit, which would queue every push behind every other. Sent apart and coalesced —
// at most one in flight, and at most one per NOTIFY_SPACING_MS — it costs a few small statements per second
// under any write load. With PGlite one process owns the database: the in-process wake-up is all there is.
import pg from "pg";
import type { Database } from "./client.js";

export const CHANGE_CHANNEL = "usersvc_events";

const NOTIFY_SPACING_MS = 10;
const RECONNECT_MIN_MS = 500;
const RECONNECT_MAX_MS = 30_000;

export interface ChangeSignal {
  /** Events were committed by this server: tell the others (coalesced). */
  announce(): void;
  close(): Promise<void>;
}

export interface ChangeSignalOptions {
  database: Pick<Database, "kind" | "query">;
  /** The PostgreSQL URL for the listening connection; absent with PGlite. */
  databaseUrl: string | undefined;
  /** Another server (or this one) committed events. */
  onChange: () => void;
  onError?: (error: unknown) => void;
}

export function startChangeSignal(options: ChangeSignalOptions): ChangeSignal {
  if (options.database.kind !== "postgres" || !options.databaseUrl) return { announce() {}, close: async () => {} };
  const listener = listen(options.databaseUrl, options.onChange, options.onError);
  let sending = false;
  let pending = false;
  const send = async () => {
    sending = true;
    try {
      while (pending) {
        pending = false;
        await options.database.query("SELECT pg_notify($1, '')", [CHANGE_CHANNEL], "feed-notify").catch((error) => options.onError?.(error));
        await new Promise((resolve) => setTimeout(resolve, NOTIFY_SPACING_MS));
      }
    } finally {
      sending = false;
    }
  };
  return {
    announce() {
      pending = true;
      if (!sending) void send();
    },
    close: listener.close,
  };
}

/** A LISTEN connection that reconnects (with backoff) and reports a change after each reconnect, in case one was missed. */
function listen(url: string, onChange: () => void, onError?: (error: unknown) => void): { close(): Promise<void> } {
  let client: pg.Client | undefined;
  let closed = false;
  let delay = RECONNECT_MIN_MS;
  let retry: NodeJS.Timeout | undefined;

  const connect = async () => {
    if (closed) return;
    const next = new pg.Client({ connectionString: url });
    next.on("notification", () => onChange());
    next.on("error", (error) => {
      onError?.(error);
      void drop(next);
    });
    next.on("end", () => void drop(next));
    client = next;
    try {
      await next.connect();
      await next.query(`LISTEN ${CHANGE_CHANNEL}`);
      delay = RECONNECT_MIN_MS;
      onChange();
    } catch (error) {
      onError?.(error);
      await drop(next);
    }
  };
  const drop = async (dead: pg.Client) => {
    if (client !== dead) return;
    client = undefined;
    await dead.end().catch(() => {});
    if (closed) return;
    retry = setTimeout(() => void connect(), delay);
    retry.unref();
    delay = Math.min(delay * 2, RECONNECT_MAX_MS);
  };
  void connect();
  return {
    async close() {
      closed = true;
      clearTimeout(retry);
      const last = client;
      client = undefined;
      await last?.end().catch(() => {});
    },
  };
}
