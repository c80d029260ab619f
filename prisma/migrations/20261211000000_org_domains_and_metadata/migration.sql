-- CreateTable
CREATE TABLE "org_domains" (
    "org_id" TEXT NOT NULL,
    "domain" TEXT NOT NULL,
    "is_verified" BOOLEAN NOT NULL,
    "is_primary" BOOLEAN NOT NULL,
    "validation_type" INTEGER NOT NULL DEFAULT 0,
    "creation_date" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "org_domains_pkey" PRIMARY KEY ("org_id","domain")
);

-- CreateTable
CREATE TABLE "org_metadata" (
    "org_id" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "value" BYTEA NOT NULL,
    "creation_date" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "change_date" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "org_metadata_pkey" PRIMARY KEY ("org_id","key")
);

-- Backfill the domains of the organisations created so far from their events. Until now domains were only ever
-- added verified (AddOrganization's generated domain) or set primary directly (the default organisation of the
-- first start), and never removed. A domain was created by its first such event.
INSERT INTO "org_domains" ("org_id", "domain", "is_verified", "is_primary", "creation_date")
SELECT e."aggregate_id", e."payload"->>'domain', true, bool_or(o."primary_domain" = e."payload"->>'domain'), MIN(e."created_at")
FROM "events" AS e
JOIN "orgs" AS o ON o."id" = e."aggregate_id"
WHERE e."aggregate_type" = 'org' AND e."event_type" IN ('org.domain.added', 'org.domain.primary.set')
GROUP BY e."aggregate_id", e."payload"->>'domain';
