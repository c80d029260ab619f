// Seeds users in bulk straight into the event store's tables (events, unique claims, projection), in batches
// of set-based INSERT … SELECT generate_series, so a million users take seconds rather than a million RPCs.
import type { PrismaClient } from "../../src/gen/prisma/client.js";

const BATCH = 50_000;
export const seededUserId = (i: number) => String(800_000_000_000_000_000n + BigInt(i));

function progress(done: number, total: number): void {
  if (!process.stderr.isTTY && done !== total && done % (BATCH * 4) !== 0) return;
  const width = 30;
  const filled = Math.round((done / total) * width);
  process.stderr.write(`\r  seeding [${"#".repeat(filled)}${" ".repeat(width - filled)}] ${done}/${total}${done === total ? "\n" : ""}`);
}

/** Metadata of seeded user i (with `metadata`): a unique employee id and one of 20 teams. */
export const seededEmployeeId = (i: number) => `E-${i}`;
export const seededTeam = (i: number) => `team-${i % TEAMS}`;
export const TEAMS = 20;
const METADATA_SQL = `LATERAL (VALUES (2, 'employee_id', 'E-' || g.i), (3, 'team', 'team-' || (g.i % ${TEAMS}))) AS md(seq, key, text)`;

/** `metadata`: every user also gets the two entries above, with their user.metadata.set events (sequences 2, 3). */
export async function seedUsers(prisma: PrismaClient, orgId: string, count: number, options: { metadata?: boolean } = {}): Promise<void> {
  const existing = await prisma.user.count({ where: { id: { gte: seededUserId(0), lt: seededUserId(count) } } });
  if (existing >= count) return;
  const sequence = options.metadata ? 3 : 1;
  for (let from = existing; from < count; from += BATCH) {
    const to = Math.min(count, from + BATCH) - 1;
    const series = `generate_series(${from}, ${to}) AS g(i)`;
    const id = `(800000000000000000 + g.i)::text`;
    const metadata = options.metadata
      ? [
          prisma.$executeRawUnsafe(
            `INSERT INTO user_metadata (user_id, key, value) SELECT ${id}, md.key, convert_to(md.text, 'UTF8') FROM ${series}, ${METADATA_SQL}`,
          ),
          prisma.$executeRawUnsafe(
            `INSERT INTO events (aggregate_type, aggregate_id, sequence, event_type, payload, creator, resource_owner)
             SELECT 'user', ${id}, md.seq, 'user.metadata.set',
               jsonb_build_object('key', md.key, 'value', encode(convert_to(md.text, 'UTF8'), 'base64')), 'bench-seed', $1
             FROM ${series}, ${METADATA_SQL}`,
            orgId,
          ),
        ]
      : [];
    await prisma.$transaction([
      prisma.$executeRawUnsafe(
        `INSERT INTO users (id, resource_owner, type, state, username, given_name, family_name, nick_name, display_name,
           preferred_language, gender, email, email_verified, phone, phone_verified, password_hash, password_change_required,
           password_changed, failed_password_attempts, codes, sequence, creation_date, change_date)
         SELECT ${id}, $1, 1, 1, 'bench-user-' || g.i, 'Given' || (g.i % 1000), 'Family' || (g.i % 5000), '', 'Bench User ' || g.i,
           'en', 0, 'bench-user-' || g.i || '@bench.example', true, NULL, false, NULL, false, NULL, 0, '{}', $2, now(), now()
         FROM ${series}`,
        orgId,
        sequence,
      ),
      prisma.$executeRawUnsafe(
        `INSERT INTO events (aggregate_type, aggregate_id, sequence, event_type, payload, creator, resource_owner)
         SELECT 'user', ${id}, 1, 'user.human.added',
           jsonb_build_object('username', 'bench-user-' || g.i, 'givenName', 'Given' || (g.i % 1000), 'familyName', 'Family' || (g.i % 5000),
             'displayName', 'Bench User ' || g.i, 'preferredLanguage', 'en', 'email', 'bench-user-' || g.i || '@bench.example'),
           'bench-seed', $1
         FROM ${series}`,
        orgId,
      ),
      prisma.$executeRawUnsafe(
        `INSERT INTO unique_constraints (unique_type, unique_field, aggregate_id) SELECT 'username', 'bench-user-' || g.i, ${id} FROM ${series}`,
      ),
      ...metadata,
    ], { timeout: 600_000, maxWait: 60_000 }); // a batch takes seconds, more on a busy machine
    progress(to + 1, count);
  }
  await prisma.$executeRawUnsafe("ANALYZE");
}

/** A user with a long history: `events` past profile changes, to show an update's cost does not grow with it. */
export async function seedHistory(prisma: PrismaClient, userId: string, events: number): Promise<void> {
  const row = await prisma.user.findUniqueOrThrow({ where: { id: userId } });
  if (row.sequence >= events) return;
  await prisma.$transaction([
    prisma.$executeRawUnsafe(
      `INSERT INTO events (aggregate_type, aggregate_id, sequence, event_type, payload, creator, resource_owner)
       SELECT 'user', $1, g.s, 'user.human.profile.changed', jsonb_build_object('nickName', 'n' || g.s), 'bench-seed', $2
       FROM generate_series($3::int + 1, $4::int) AS g(s)`,
      userId,
      row.resourceOwner,
      row.sequence,
      events,
    ),
    prisma.$executeRawUnsafe(`UPDATE users SET sequence = $2 WHERE id = $1`, userId, events),
  ]);
}
