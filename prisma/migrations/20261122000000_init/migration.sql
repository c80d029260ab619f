-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "events" (
    "position" BIGSERIAL NOT NULL,
    "aggregate_type" TEXT NOT NULL,
    "aggregate_id" TEXT NOT NULL,
    "sequence" INTEGER NOT NULL,
    "event_type" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "creator" TEXT NOT NULL,
    "resource_owner" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "events_pkey" PRIMARY KEY ("position")
);

-- CreateTable
CREATE TABLE "unique_constraints" (
    "unique_type" TEXT NOT NULL,
    "unique_field" TEXT NOT NULL,
    "aggregate_id" TEXT NOT NULL,

    CONSTRAINT "unique_constraints_pkey" PRIMARY KEY ("unique_type","unique_field")
);

-- CreateTable
CREATE TABLE "instance" (
    "id" TEXT NOT NULL,
    "default_org_id" TEXT NOT NULL,
    "admin_user_id" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "instance_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "orgs" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "primary_domain" TEXT NOT NULL,
    "state" INTEGER NOT NULL,
    "sequence" INTEGER NOT NULL,
    "creation_date" TIMESTAMPTZ(6) NOT NULL,
    "change_date" TIMESTAMPTZ(6) NOT NULL,

    CONSTRAINT "orgs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "users" (
    "id" TEXT NOT NULL,
    "resource_owner" TEXT NOT NULL,
    "type" INTEGER NOT NULL,
    "state" INTEGER NOT NULL,
    "username" TEXT NOT NULL,
    "given_name" TEXT,
    "family_name" TEXT,
    "nick_name" TEXT,
    "display_name" TEXT,
    "preferred_language" TEXT,
    "gender" INTEGER,
    "email" TEXT,
    "email_verified" BOOLEAN NOT NULL DEFAULT false,
    "phone" TEXT,
    "phone_verified" BOOLEAN NOT NULL DEFAULT false,
    "password_hash" TEXT,
    "password_change_required" BOOLEAN NOT NULL DEFAULT false,
    "password_changed" TIMESTAMPTZ(6),
    "failed_password_attempts" INTEGER NOT NULL DEFAULT 0,
    "codes" JSONB NOT NULL DEFAULT '{}',
    "machine_name" TEXT,
    "machine_description" TEXT,
    "access_token_type" INTEGER,
    "sequence" INTEGER NOT NULL,
    "creation_date" TIMESTAMPTZ(6) NOT NULL,
    "change_date" TIMESTAMPTZ(6) NOT NULL,

    CONSTRAINT "users_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "user_metadata" (
    "user_id" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "value" BYTEA NOT NULL,

    CONSTRAINT "user_metadata_pkey" PRIMARY KEY ("user_id","key")
);

-- CreateTable
CREATE TABLE "personal_access_tokens" (
    "id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "token_hash" TEXT NOT NULL,
    "expiration_date" TIMESTAMPTZ(6) NOT NULL,
    "creation_date" TIMESTAMPTZ(6) NOT NULL,

    CONSTRAINT "personal_access_tokens_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "memberships" (
    "user_id" TEXT NOT NULL,
    "org_id" TEXT NOT NULL,
    "roles" TEXT[],

    CONSTRAINT "memberships_pkey" PRIMARY KEY ("user_id","org_id")
);

-- CreateTable
CREATE TABLE "outbox" (
    "id" BIGSERIAL NOT NULL,
    "channel" TEXT NOT NULL,
    "flow" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "recipient" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_error" TEXT,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sent_at" TIMESTAMPTZ(6),

    CONSTRAINT "outbox_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "events_aggregate_sequence_key" ON "events"("aggregate_type", "aggregate_id", "sequence");

-- CreateIndex
CREATE INDEX "orgs_name_idx" ON "orgs"("name");

-- CreateIndex
CREATE INDEX "users_resource_owner_idx" ON "users"("resource_owner");

-- CreateIndex
CREATE INDEX "users_username_idx" ON "users"("username");

-- CreateIndex
CREATE INDEX "users_email_idx" ON "users"("email");

-- CreateIndex
CREATE UNIQUE INDEX "personal_access_tokens_token_hash_key" ON "personal_access_tokens"("token_hash");

-- CreateIndex
CREATE INDEX "personal_access_tokens_user_id_idx" ON "personal_access_tokens"("user_id");

-- CreateIndex
CREATE INDEX "outbox_status_next_attempt_at_idx" ON "outbox"("status", "next_attempt_at");
