-- The change feed reads the event log in commit-safe order: "position" comes from a sequence taken before
-- commit, so concurrent pushes can commit out of position order. Each event records the id of the transaction
-- that wrote it, and readers take only events of transactions older than every transaction still running in the
-- database and order by (transaction_id, position), so nothing that commits later can sort before what was
-- already read (src/query/feed/settled-events.ts). Existing events get 0 (ordered among themselves by position) without a table
-- rewrite, new ones their own transaction's id (an xid8, stored as bigint: 64-bit ids never wrap).
-- AlterTable
ALTER TABLE "events" ADD COLUMN "transaction_id" BIGINT NOT NULL DEFAULT 0;
ALTER TABLE "events" ALTER COLUMN "transaction_id" SET DEFAULT ((pg_current_xact_id())::text)::bigint;

-- CreateIndex
CREATE INDEX "events_transaction_id_position_idx" ON "events"("transaction_id", "position");
