// 20261211000000_org_domains_and_metadata fills the new org_domains table from the events of the organisations
// created before it: AddOrganization's generated domain (added, verified, primary) and the default
// organisation's domain, which the first start only ever set primary.
import { afterAll, expect, it } from "vitest";
import { openDatabase } from "../../src/db/client.js";
import { migrate } from "../../src/db/migrator.js";
import { createTestDatabase } from "../helpers/database.js";
import { migrationsBefore } from "./migration-history-before.js";

const MIGRATION = "20261211000000_org_domains_and_metadata";
const testDatabase = await createTestDatabase();
const before = await migrationsBefore(MIGRATION);
afterAll(async () => {
  await testDatabase.drop();
  await before.remove();
});

it("gives every existing organisation its domains, dated by their first event", async () => {
  const database = await openDatabase({ databaseUrl: testDatabase.databaseUrl, dataDir: testDatabase.dataDir });
  try {
    await migrate(database.prisma, before.dir);
    const t = (minute: number) => new Date(Date.UTC(2026, 0, 1, 0, minute));
    const events: [org: string, sequence: number, type: string, domain: string | undefined, at: Date][] = [
      ["default", 1, "org.added", undefined, t(1)],
      ["default", 2, "org.domain.primary.set", "default.localhost", t(1)],
      ["acme", 1, "org.added", undefined, t(2)],
      ["acme", 2, "org.domain.added", "acme.localhost", t(2)],
      ["acme", 3, "org.domain.verified", "acme.localhost", t(2)],
      ["acme", 4, "org.domain.primary.set", "acme.localhost", t(2)],
      ["acme", 5, "org.member.added", undefined, t(3)],
    ];
    for (const [org, sequence, type, domain, at] of events) {
      await database.prisma.$executeRawUnsafe(
        `INSERT INTO events (aggregate_type, aggregate_id, sequence, event_type, payload, creator, resource_owner, created_at)
         VALUES ('org', $1, $2, $3, $4::jsonb, 'admin', $1, $5)`,
        org,
        sequence,
        type,
        JSON.stringify(domain ? { domain } : { userId: "u1", roles: [] }),
        at,
      );
    }
    for (const [id, domain, sequence] of [["default", "default.localhost", 2], ["acme", "acme.localhost", 5]] as const) {
      await database.prisma.$executeRawUnsafe(
        `INSERT INTO orgs (id, name, primary_domain, state, sequence, creation_date, change_date) VALUES ($1, $1, $2, 1, $3, now(), now())`,
        id,
        domain,
        sequence,
      );
    }

    expect((await migrate(database.prisma)).applied).toContain(MIGRATION);

    const rows = await database.prisma.orgDomain.findMany({ orderBy: { orgId: "asc" } });
    expect(rows.map((r) => [r.orgId, r.domain, r.isVerified, r.isPrimary, r.validationType, r.creationDate.toISOString()])).toEqual([
      ["acme", "acme.localhost", true, true, 0, t(2).toISOString()],
      ["default", "default.localhost", true, true, 0, t(1).toISOString()],
    ]);
    expect(await database.prisma.orgMetadata.count()).toBe(0);
  } finally {
    await database.close();
  }
});
