// The outbox table as a work queue shared by every server on the database.
//
// A claim is one UPDATE around a `SELECT … FOR UPDATE SKIP LOCKED`: a single statement is its own
// transaction, so the row locks last one round trip (PGlite's one connection is never held while a message
// is sent), and servers polling at once each take different rows. The claim pushes next_attempt_at forward
// by a lease: while it lasts no one else sees the row as due; if the claiming server dies, the lease runs
// out and another server takes the message over. Each claim also counts an attempt, and that count is the
// claim's fencing token: an outcome is only recorded by the claim that still holds the row, so a server
// that outlived its lease cannot overwrite what the next claimant did.
//
// Times come from the database's clock, so servers with skewed clocks agree on what is due.
import type { PrismaClient } from "../gen/prisma/client.js";

export interface ClaimedMessage {
  id: bigint;
  channel: string;
  flow: string;
  userId: string;
  recipient: string;
  payload: OutboxPayload;
  /** Attempts including this one; identifies the claim. */
  attempts: number;
}

/** What src/command/user/verification-code.ts writes. */
export interface OutboxPayload {
  sealedCode?: string;
  orgId?: string;
  urlTemplate?: string;
}

interface ClaimedRow {
  id: bigint;
  channel: string;
  flow: string;
  user_id: string;
  recipient: string;
  payload: OutboxPayload;
  attempts: number;
}

export function createOutboxStore(prisma: Pick<PrismaClient, "$queryRawUnsafe" | "$executeRawUnsafe">) {
  /** Records an outcome only while `message`'s claim still holds the row; false when it does not. */
  const finish = async (message: ClaimedMessage, set: string, ...params: unknown[]): Promise<boolean> => {
    const changed = await prisma.$executeRawUnsafe(
      `UPDATE "outbox" SET ${set} WHERE "id" = $1 AND "attempts" = $2 AND "status" = 'pending'`,
      message.id,
      message.attempts,
      ...params,
    );
    return changed === 1;
  };

  return {
    async claim(limit: number, leaseMs: number): Promise<ClaimedMessage[]> {
      const rows = await prisma.$queryRawUnsafe<ClaimedRow[]>(
        `UPDATE "outbox" AS o
            SET "attempts" = o."attempts" + 1,
                "next_attempt_at" = now() + $2::integer * interval '1 millisecond'
           FROM (SELECT "id" FROM "outbox"
                  WHERE "status" = 'pending' AND "next_attempt_at" <= now()
                  ORDER BY "next_attempt_at", "id"
                  LIMIT $1::integer
                  FOR UPDATE SKIP LOCKED) AS due
          WHERE o."id" = due."id"
      RETURNING o."id", o."channel", o."flow", o."user_id", o."recipient", o."payload", o."attempts"`,
        limit,
        leaseMs,
      );
      return rows
        .map((row) => ({
          id: BigInt(row.id),
          channel: row.channel,
          flow: row.flow,
          userId: row.user_id,
          recipient: row.recipient,
          payload: row.payload ?? {},
          attempts: Number(row.attempts),
        }))
        .sort((a, b) => (a.id < b.id ? -1 : 1));
    },

    /** Delivered: the sealed code has done its job and is dropped from the row. */
    markSent: (message: ClaimedMessage) =>
      finish(message, `"status" = 'sent', "sent_at" = now(), "last_error" = NULL, "payload" = "payload" - 'sealedCode'`),

    /** Failed this time: due again after `delayMs`. */
    scheduleRetry: (message: ClaimedMessage, delayMs: number, error: string) =>
      finish(message, `"next_attempt_at" = now() + $3::integer * interval '1 millisecond', "last_error" = $4`, Math.round(delayMs), error),

    /** Given up on; the sealed code stays so an operator can set the row back to pending once the cause is fixed. */
    markDead: (message: ClaimedMessage, error: string) => finish(message, `"status" = 'dead', "last_error" = $3`, error),

    /** Not worth sending any more (user gone, code used, replaced or expired). */
    markCancelled: (message: ClaimedMessage, reason: string) =>
      finish(message, `"status" = 'cancelled', "last_error" = $3, "payload" = "payload" - 'sealedCode'`, reason),

    /** Messages waiting and given up on; sent ones are left out, they only grow and the index answers these two. */
    async countWaitingAndDead(): Promise<{ pending: number; dead: number }> {
      const rows = await prisma.$queryRawUnsafe<{ status: string; n: bigint }[]>(
        `SELECT "status", count(*) AS n FROM "outbox" WHERE "status" IN ('pending', 'dead') GROUP BY "status"`,
      );
      const count = new Map(rows.map((row) => [row.status, Number(row.n)]));
      return { pending: count.get("pending") ?? 0, dead: count.get("dead") ?? 0 };
    },
  };
}

export type OutboxStore = ReturnType<typeof createOutboxStore>;
