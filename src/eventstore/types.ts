// What a command hands to the event store, and what it gets back.

/** An event a command decided on; sequence and time are assigned by the store when it is pushed. */
export interface PendingEvent {
  /** Dotted fact name, e.g. `user.human.profile.changed`. A stored type is never renamed or reshaped. */
  type: string;
  payload: Record<string, unknown>;
}

/** A projection table the store may write in the same statement as the events (see projection-tables.ts). */
export type ProjectionTable =
  | "users"
  | "orgs"
  | "instance"
  | "user_metadata"
  | "personal_access_tokens"
  | "memberships"
  | "outbox"
  | "org_domains"
  | "org_metadata";

/** A row write on a projection table other than the aggregate's root row. */
export interface SideWrite {
  table: ProjectionTable;
  /** insert: plain insert; upsert: insert or replace by primary key; delete: delete rows equal on every given column. */
  op: "insert" | "upsert" | "delete";
  rows: Record<string, unknown>[];
}

export interface UniqueClaim {
  type: string;
  /** Compared case-insensitively: the store keeps it lower-cased. */
  value: string;
}

export interface PushRequest {
  aggregateType: string;
  aggregateId: string;
  resourceOwner: string;
  /** The authenticated caller the events are attributed to. */
  creator: string;
  /** The aggregate's sequence the command decided on; 0 for a new aggregate. */
  expectedSequence: number;
  events: readonly PendingEvent[];
  /**
   * The root projection row after the events (camelCase keys as in the Prisma model); sequence and dates are
   * set by the store. Aggregates without a root row (the instance) are guarded by the event sequence alone.
   */
  root?: {
    table: "users" | "orgs";
    row: Record<string, unknown>;
    /**
     * Set when the row is stored at `expectedSequence` and the events change only these fields of it: the push
     * then updates just them (and the bookkeeping) instead of writing the whole row. See `changedFields`.
     */
    changed?: readonly string[];
  };
  claim?: readonly UniqueClaim[];
  release?: readonly UniqueClaim[];
  side?: readonly SideWrite[];
}

/** The bookkeeping every answer carries as `details`. */
export interface AggregateDetails {
  sequence: number;
  changeDate: Date;
  creationDate: Date;
  resourceOwner: string;
}
