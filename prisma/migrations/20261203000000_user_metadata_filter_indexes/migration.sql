-- ListUsers' metadata_key_filter and metadata_value_filter (src/query/list-users/metadata-filter-sql.ts).

-- CreateIndex
CREATE INDEX "user_metadata_key_idx" ON "user_metadata"("key");

-- CreateIndex
CREATE INDEX "user_metadata_value_idx" ON "user_metadata" USING HASH ("value");
