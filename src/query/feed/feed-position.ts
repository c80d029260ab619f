// A place in the change feed's order: (transaction id, position) of an event (see settled-events.ts for why
// not the position alone). Clients see it as an opaque string "<transaction>-<position>"; "0-0" is before
// the first event.
import { invalidField } from "../../domain/errors.js";

export interface FeedPosition {
  readonly tx: bigint;
  readonly pos: bigint;
}

export const LOG_START: FeedPosition = { tx: 0n, pos: 0n };

export function formatPosition(position: FeedPosition): string {
  return `${position.tx}-${position.pos}`;
}

const POSITION = /^(\d{1,19})-(\d{1,19})$/;

export function parsePosition(text: string, field: string): FeedPosition {
  const match = POSITION.exec(text);
  const position = match ? { tx: BigInt(match[1]!), pos: BigInt(match[2]!) } : undefined;
  if (!position || position.tx >= 2n ** 63n || position.pos >= 2n ** 63n) {
    throw invalidField("FEED-Pos1", field, "position.valid", "must be a position the feed sent, e.g. 812-4411");
  }
  return position;
}

/** Negative when a comes first, 0 when equal, positive when a comes after b. */
export function comparePositions(a: FeedPosition, b: FeedPosition): number {
  if (a.tx !== b.tx) return a.tx < b.tx ? -1 : 1;
  return a.pos === b.pos ? 0 : a.pos < b.pos ? -1 : 1;
}
