-- AlterTable
ALTER TABLE "user_metadata" ADD COLUMN "creation_date" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN "change_date" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- Backfill from the events: an entry was created by the first user.metadata.set of its key after the key's
-- last removal (or ever), and last changed by the latest one.
UPDATE "user_metadata" AS m
SET "creation_date" = s.first_set, "change_date" = s.last_set
FROM (
  SELECT e."aggregate_id" AS user_id, e."payload"->>'key' AS key, MIN(e."created_at") AS first_set, MAX(e."created_at") AS last_set
  FROM "events" AS e
  WHERE e."event_type" = 'user.metadata.set'
    AND e."created_at" >= COALESCE((
      SELECT MAX(r."created_at") FROM "events" AS r
      WHERE r."aggregate_id" = e."aggregate_id" AND r."event_type" = 'user.metadata.removed' AND r."payload"->>'key' = e."payload"->>'key'
    ), '-infinity')
  GROUP BY 1, 2
) AS s
WHERE m."user_id" = s.user_id AND m."key" = s.key;
