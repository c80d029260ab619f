// One user event as the history and the change feed show it, and the SQL that reads it: the event with its
// author's names as they are now (a join on the users projection), and its payload with every string longer
// than MAX_SHOWN_VALUE_CHARS already replaced in the database, so a 500 000-byte metadata value never travels.
import { UserType } from "../../domain/user-row.js";
import { UserState } from "../../domain/user-state.js";
import { MAX_SHOWN_VALUE_CHARS, TOO_LARGE, visibleFields, type VisibleField } from "./visible-fields.js";

export interface ChangeAuthor {
  userId: string;
  /** Empty when no user row has the author's id. */
  username: string;
  displayName: string;
  deleted: boolean;
}

export interface UserChangeView {
  userId: string;
  /** The user's organisation when the change happened (the event's resource owner). */
  organizationId: string;
  sequence: number;
  eventType: string;
  changeDate: Date;
  author: ChangeAuthor;
  fields: VisibleField[];
}

/** Columns of a user-change row; `e` is the events table, `a` the author's users row (LEFT JOIN). */
export const CHANGE_COLUMNS = `e."aggregate_id" AS "userId", e."resource_owner" AS "organizationId", e."sequence",
  e."event_type" AS "eventType", e."created_at" AS "changeDate", e."creator",
  COALESCE((SELECT jsonb_object_agg(f.key, CASE WHEN jsonb_typeof(f.value) = 'string' AND length(f.value #>> '{}') > ${MAX_SHOWN_VALUE_CHARS}
                                              THEN '${JSON.stringify(TOO_LARGE)}'::jsonb ELSE f.value END)
            FROM jsonb_each(CASE WHEN jsonb_typeof(e."payload") = 'object' THEN e."payload" ELSE '{}'::jsonb END) AS f), '{}'::jsonb) AS "payload",
  a."username" AS "authorUsername",
  CASE WHEN a."type" = ${UserType.machine} THEN a."machine_name" ELSE a."display_name" END AS "authorDisplayName",
  a."state" AS "authorState"`;

export const AUTHOR_JOIN = `LEFT JOIN "users" AS a ON a."id" = e."creator"`;

export interface UserChangeRow {
  userId: string;
  organizationId: string;
  sequence: number | string;
  eventType: string;
  changeDate: Date | string;
  creator: string;
  payload: unknown;
  authorUsername: string | null;
  authorDisplayName: string | null;
  authorState: number | null;
}

export function changeFromRow(row: UserChangeRow): UserChangeView {
  return {
    userId: row.userId,
    organizationId: row.organizationId,
    sequence: Number(row.sequence),
    eventType: row.eventType,
    changeDate: new Date(row.changeDate),
    author: {
      userId: row.creator,
      username: row.authorUsername ?? "",
      displayName: row.authorDisplayName ?? "",
      deleted: row.authorState === UserState.deleted,
    },
    fields: visibleFields(row.eventType, typeof row.payload === "string" ? JSON.parse(row.payload) : row.payload),
  };
}
