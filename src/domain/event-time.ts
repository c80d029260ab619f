// The stand-in for "the time the events are stored" (the transaction time), known only to the database: commands
// put it in projection rows, the event store writes the real time, and readers of a cached row must tell it apart.

/** Stands in a projection row for "the time the events are stored" (the transaction time), known only to the database. */
export const EVENT_TIME: unique symbol = Symbol("event time");
export type EventTime = typeof EVENT_TIME;
