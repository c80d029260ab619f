// Gauges of the change feed, read at scrape time: open WatchUserChanges streams on this server and the events
// held in its buffer (bounded by FEED_BUFFER_EVENTS, whatever the clients do).
import { Gauge, type Registry } from "prom-client";

export interface FeedGauges {
  openStreams(): number;
  bufferedEvents(): number;
}

export function registerFeedMetrics(registry: Registry, feed: FeedGauges): void {
  new Gauge({
    name: "change_feed_streams",
    help: "Open WatchUserChanges streams on this server.",
    registers: [registry],
    collect() {
      this.set(feed.openStreams());
    },
  });
  new Gauge({
    name: "change_feed_buffered_events",
    help: "User events held in this server's change feed buffer for live streams.",
    registers: [registry],
    collect() {
      this.set(feed.bufferedEvents());
    },
  });
}
