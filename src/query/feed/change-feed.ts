// The change feed of one server: one reader of the event log shared by every stream, and a bounded buffer of
// the latest user events they are served from.
//
// The reader follows the settled end of the log (settled-events.ts) from where it started. It reads when woken —
// by a push on this server, by a NOTIFY from another server sharing the PostgreSQL database (src/db/change-signal.ts),
// or by its poll timer, which bounds the delay should a wake-up be lost — and soon again while committed events
// wait behind an older transaction. It runs only while some stream is open.
//
// The buffer holds at most `bufferEvents` events (their shown fields only, long values already cut by the
// database), so its memory is bounded whatever the write rate. It covers every user event after `coveredFrom`:
// a stream whose position is older reads from the database until it reaches the buffer (catch-up); a live
// stream whose client reads so slowly that its position falls out of the buffer is cut off (feed-stream.ts).
import type { SqlRunner } from "../../eventstore/eventstore.js";
import { resourceExhausted } from "../../domain/errors.js";
import { comparePositions, type FeedPosition } from "./feed-position.js";
import { readSettled, settledHead, type FeedEntry } from "./settled-events.js";

export interface ChangeFeedOptions {
  db: SqlRunner;
  /** How many user events the buffer keeps for live streams. */
  bufferEvents: number;
  /** The reader looks at the log at least this often while streams are open. */
  pollMs: number;
  /** Open streams one caller may hold on this server. */
  maxStreamsPerCaller: number;
  /** Rows per read of the log. */
  batchSize?: number;
  /** A read of the log failed (it is tried again at the next wake-up or poll). */
  onError?: (error: unknown) => void;
}

export interface BufferedEntries {
  entries: FeedEntry[];
  /** Everything up to here has been looked at: the last entry when the batch is full, else the reader's end. */
  readTo: FeedPosition;
}

export class ChangeFeed {
  /** Bumped whenever the reader moves on; streams wait for it to change. */
  version = 0;
  closed = false;
  private buffer: FeedEntry[] = [];
  private first = 0;
  private coveredFrom: FeedPosition = { tx: 0n, pos: 0n };
  private end: FeedPosition = { tx: 0n, pos: 0n };
  private streams = new Map<string, number>();
  private open = 0;
  private starting: Promise<void> | undefined;
  private reading: Promise<void> | undefined;
  private readAgain = false;
  private timer: NodeJS.Timeout | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private retryMs = 0;
  private waiters = new Set<() => void>();
  /** Bumped by every start, so a read begun before a stop and restart cannot append to the new buffer. */
  private generation = 0;
  private readonly batchSize: number;

  constructor(private readonly options: ChangeFeedOptions) {
    this.batchSize = options.batchSize ?? 500;
  }

  /** Registers an open stream of `callerId`; the returned function unregisters it. Starts the reader if idle. */
  async attach(callerId: string): Promise<() => void> {
    const held = this.streams.get(callerId) ?? 0;
    if (held >= this.options.maxStreamsPerCaller) {
      throw resourceExhausted("FEED-Max1", `Errors.ResourceExhausted: at most ${this.options.maxStreamsPerCaller} open change streams per caller on a server`);
    }
    this.streams.set(callerId, held + 1);
    this.open++;
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      const left = (this.streams.get(callerId) ?? 1) - 1;
      if (left === 0) this.streams.delete(callerId);
      else this.streams.set(callerId, left);
      if (--this.open === 0) this.stop();
    };
    try {
      if (this.timer === undefined) await (this.starting ??= this.start());
    } catch (error) {
      release();
      throw error;
    }
    return release;
  }

  /** Open streams on this server. */
  get openStreams(): number {
    return this.open;
  }

  /** Events in the buffer now. */
  get buffered(): number {
    return this.buffer.length - this.first;
  }

  /** Where the reader stands: a stream starting "from now" starts here. */
  get head(): FeedPosition {
    return this.end;
  }

  /** Something was committed (here or, via NOTIFY, on another server): read the log soon. */
  wake(): void {
    if (this.timer === undefined || this.closed) return;
    if (this.reading) {
      this.readAgain = true;
      return;
    }
    this.reading = this.readLog().finally(() => {
      this.reading = undefined;
      if (this.readAgain) {
        this.readAgain = false;
        this.wake();
      }
    });
  }

  /** User events after `position` from the buffer, or "evicted" when the buffer no longer reaches back to it. */
  entriesAfter(position: FeedPosition, max: number): BufferedEntries | "evicted" {
    if (comparePositions(position, this.coveredFrom) < 0) return "evicted";
    // The first entry after `position` (binary search: entries are in feed order).
    let low = this.first;
    let high = this.buffer.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (comparePositions(this.buffer[mid]!.position, position) <= 0) low = mid + 1;
      else high = mid;
    }
    const entries = this.buffer.slice(low, low + max);
    const readTo = entries.length === max ? entries.at(-1)!.position : comparePositions(this.end, position) > 0 ? this.end : position;
    return { entries, readTo };
  }

  /** Resolves when the reader moves past `version`, after `timeoutMs`, or when `signal` aborts. */
  changed(version: number, timeoutMs: number, signal: AbortSignal): Promise<void> {
    if (this.version !== version || this.closed || signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener("abort", done);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      signal.addEventListener("abort", done, { once: true });
      this.waiters.add(done);
    });
  }

  /** Shutdown: streams end (with their position) instead of waiting for the server's grace period to run out. */
  close(): void {
    this.closed = true;
    this.stop();
    this.notify();
  }

  private async start(): Promise<void> {
    try {
      const head = await settledHead(this.options.db);
      this.generation++;
      this.end = head;
      this.coveredFrom = head;
      this.buffer = [];
      this.first = 0;
      this.timer = setInterval(() => this.wake(), this.options.pollMs);
      this.timer.unref();
    } finally {
      this.starting = undefined;
    }
  }

  private stop(): void {
    clearInterval(this.timer);
    clearTimeout(this.retryTimer);
    this.timer = undefined;
    this.retryTimer = undefined;
    // Nobody listens: forget the buffer; the next stream starts the reader at the log's end again.
    this.buffer = [];
    this.first = 0;
  }

  private async readLog(): Promise<void> {
    const generation = this.generation;
    try {
      for (;;) {
        const batch = await readSettled(this.options.db, this.end, this.batchSize);
        // Stopped (or stopped and started again) meanwhile: what was read belongs to nobody.
        if (this.timer === undefined || generation !== this.generation) return;
        for (const entry of batch.entries) this.append(entry);
        const moved = comparePositions(batch.readTo, this.end) > 0;
        this.end = batch.readTo;
        if (moved) this.notify();
        if (batch.caughtUp) {
          this.scheduleRetry(batch.heldBack);
          return;
        }
      }
    } catch (error) {
      this.options.onError?.(error);
    }
  }

  /** Committed events wait behind an older transaction: look again soon (10 ms, doubling up to the poll interval). */
  private scheduleRetry(heldBack: boolean): void {
    clearTimeout(this.retryTimer);
    if (!heldBack) {
      this.retryMs = 0;
      return;
    }
    this.retryMs = Math.min(this.retryMs === 0 ? 10 : this.retryMs * 2, this.options.pollMs);
    this.retryTimer = setTimeout(() => this.wake(), this.retryMs);
    this.retryTimer.unref();
  }

  private append(entry: FeedEntry): void {
    this.buffer.push(entry);
    if (this.buffer.length - this.first > this.options.bufferEvents) {
      this.coveredFrom = this.buffer[this.first]!.position;
      this.buffer[this.first++] = undefined as unknown as FeedEntry;
      // Drop the evicted front now and then rather than shifting the array on every event.
      if (this.first >= this.options.bufferEvents) {
        this.buffer = this.buffer.slice(this.first);
        this.first = 0;
      }
    }
  }

  private notify(): void {
    this.version++;
    for (const waiter of [...this.waiters]) waiter();
  }
}
