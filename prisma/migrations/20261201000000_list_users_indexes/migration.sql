-- CreateExtension
CREATE EXTENSION IF NOT EXISTS "pg_trgm";

-- DropIndex
DROP INDEX "users_resource_owner_idx";

-- CreateIndex
CREATE INDEX "users_resource_owner_username_idx" ON "users"("resource_owner", "username");

-- CreateIndex
CREATE INDEX "users_resource_owner_creation_date_id_idx" ON "users"("resource_owner", "creation_date", "id");

-- CreateIndex
CREATE INDEX "users_creation_date_id_idx" ON "users"("creation_date", "id");

-- CreateIndex
CREATE INDEX "users_username_trgm_idx" ON "users" USING GIN ("username" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "users_email_trgm_idx" ON "users" USING GIN ("email" gin_trgm_ops);
