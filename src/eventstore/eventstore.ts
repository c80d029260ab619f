// Pushes events with their projections in one statement and runs commands with the retry a sequence
// guard needs. Concurrency and uniqueness are the database's job: the guard and unique_constraints. A change
// of several aggregates at once (an organisation with its new admins, or with its users when it is deleted)
// is one transaction of such statements, each aggregate keeping its own sequence and guard: all land, or none.
import { aborted, alreadyExists, DomainError, unavailable } from "../domain/errors.js";
import { KeyedLock } from "./keyed-lock.js";
import { buildPushStatement } from "./push-statement.js";
import { RootCache } from "./root-cache.js";
import type { AggregateDetails, PushRequest, UniqueClaim } from "./types.js";

/** Raw SQL on the service's connections (src/db/client.ts `Database.query`). */
export interface SqlRunner {
  query<T>(text: string, params: readonly unknown[], name?: string): Promise<T[]>;
}

/** Raw SQL and transactions (src/db/client.ts `Database`). */
export interface TransactionalSqlRunner extends SqlRunner {
  transaction<T>(work: (query: SqlRunner["query"]) => Promise<T>): Promise<T>;
}

export interface DatabaseErrorInfo {
  code: string;
  constraint?: string;
  detail?: string;
}

export interface EventstoreOptions {
  db: TransactionalSqlRunner;
  /** Extracts PostgreSQL's error code from what the driver threw (src/db/postgres-error.ts). */
  postgresErrorOf: (error: unknown) => DatabaseErrorInfo | undefined;
  isConnectionError: (error: unknown) => boolean;
  /** How often a command whose aggregate moved on meanwhile is decided again. */
  maxAttempts?: number;
  /**
   * How many recently written root rows to keep for the next command on them; 0 (the default) keeps none.
   * Safe with other processes writing the same store: a command decides on a cached row only for the aggregate
   * it pushes to, under that push's sequence guard (see root-cache.ts).
   */
  cachedRoots?: number;
  /** Told after every successful push (e.g. to wake the outbox worker when a message was queued). */
  onPushed?: (request: PushRequest) => void;
}

/**
 * The aggregate changed between loading the write model and pushing (another writer pushed first, or created
 * it when the command decided on "does not exist"): decide again on fresh state.
 */
export class SequenceConflict extends Error {
  constructor(readonly aggregateId: string) {
    super(`aggregate ${aggregateId} changed concurrently`);
  }
}

interface PushedRow {
  sequence: number;
  creation_date: Date | string;
  change_date: Date | string;
}

/** unique_constraints.unique_type → the error a taken value answers with. */
const takenMessages: Record<string, [id: string, message: string]> = {
  username: ["COMMAND-TakenUn1", "Errors.User.AlreadyExists: the username is taken"],
  org_domain: ["COMMAND-TakenDo1", "Errors.Org.Domain.AlreadyExists: the domain is taken"],
  org_name: ["COMMAND-TakenOn1", "Errors.Org.AlreadyExists: the organisation name is taken"],
};

/** One attempt of a command (execute): the cached rows it decided on. */
interface Decision {
  cachedRows: Array<{ table: "users" | "orgs"; id: string }>;
}

export class Eventstore {
  private readonly lock = new KeyedLock();
  private readonly maxAttempts: number;
  private readonly roots: RootCache;
  /** The attempt deciding each aggregate now; one at most per aggregate, under its lock (execute). */
  private readonly deciding = new Map<string, Decision>();

  constructor(private readonly options: EventstoreOptions) {
    this.maxAttempts = options.maxAttempts ?? 8;
    this.roots = new RootCache(options.cachedRoots ?? 0);
  }

  /**
   * The root row this process last wrote for the aggregate, if still cached; see root-cache.ts. Only for the
   * command deciding that aggregate now inside `execute` (the commands' "to change" loaders): its push is guarded
   * by the row's sequence, so a row another server moved on fails the push and the command decides again on the
   * stored one (as a refusal does). Rows of other aggregates (an organisation checked while changing a user, a user
   * added as an organisation's admin) and every read come from the database.
   */
  cachedRoot<T extends object>(table: "users" | "orgs", id: string): T | undefined {
    const decision = this.deciding.get(id);
    if (decision === undefined) return undefined;
    const row = this.roots.get<T>(table, id);
    if (row !== undefined) decision.cachedRows.push({ table, id });
    return row;
  }

  /**
   * For a command that decided to push nothing: whether `row` (with its sequence) is still the stored state.
   * Rows read from the database count as current; cached ones are checked against the database.
   */
  async isCurrent(table: "users" | "orgs", row: { id: string; sequence: number }): Promise<boolean> {
    if (!this.roots.isCached(row)) return true;
    const [stored] = await this.options.db.query<{ sequence: number }>(`SELECT "sequence" FROM ${table === "users" ? '"users"' : '"orgs"'} WHERE "id" = $1`, [row.id]);
    if (stored && Number(stored.sequence) === row.sequence) return true;
    this.roots.forget(table, row.id);
    return false;
  }

  /**
   * Runs `decide` (load write model → validate → build push) under the aggregate's in-process lock, and
   * decides again when another process moved the aggregate on, so the answer is always the command's own
   * decision on the state it lost to (a creation that lost the race then meets the existing aggregate).
   * When every attempt loses, the caller may retry: Aborted (REST 409), as gRPC means it for concurrency
   * conflicts. A refusal (a domain error: locked, same password, stale If-Match, already exists…) decided on a
   * cached row is not answered before the command decided again on the stored rows.
   */
  async execute<T>(aggregateId: string, decide: () => Promise<T>): Promise<T> {
    return this.lock.run(aggregateId, async () => {
      for (let attempt = 1; ; attempt++) {
        const decision: Decision = { cachedRows: [] };
        this.deciding.set(aggregateId, decision);
        try {
          return await decide();
        } catch (error) {
          if (error instanceof DomainError && decision.cachedRows.length > 0) {
            for (const { table, id } of decision.cachedRows) this.roots.forget(table, id);
            continue;
          }
          if (!(error instanceof SequenceConflict)) throw error;
          if (attempt >= this.maxAttempts) {
            throw aborted("EVENT-Retries1", `Errors.Aborted: the object was changed concurrently ${attempt} times in a row, try again`);
          }
          await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * attempt));
        } finally {
          this.deciding.delete(aggregateId);
        }
      }
    });
  }

  async push(request: PushRequest): Promise<AggregateDetails> {
    if (request.events.length === 0) throw new Error("push without events");
    const { sql, params, name } = buildPushStatement(request);
    let rows: PushedRow[];
    try {
      rows = await this.options.db.query<PushedRow>(sql, params, name);
    } catch (error) {
      this.forgetRoots([request]);
      throw await this.translate(error, [request]);
    }
    const row = rows[0];
    if (row === undefined) {
      // The guard found another sequence than the one decided on; for 0, the aggregate exists (created
      // meanwhile): either way the decision is stale, and the command decides again (execute).
      this.forgetRoots([request]);
      throw new SequenceConflict(request.aggregateId);
    }
    return this.pushed(request, row);
  }

  /**
   * Pushes several aggregates together: one transaction running each one's statement (with its own sequence
   * guard, claims and projections), committed only when every guard held. A moved-on (or meanwhile created)
   * aggregate or a taken claim rolls all of them back and answers as `push` would for that aggregate. The events share one time
   * (the transaction's), so they read as one change. Details come back in request order.
   */
  async pushAll(requests: readonly PushRequest[]): Promise<AggregateDetails[]> {
    if (requests.length === 1) return [await this.push(requests[0]!)];
    if (requests.length === 0 || requests.some((r) => r.events.length === 0)) throw new Error("push without events");
    const statements = requests.map((request) => buildPushStatement(request));
    let rows: PushedRow[];
    try {
      rows = await this.options.db.transaction(async (query) => {
        const written: PushedRow[] = [];
        for (const [index, { sql, params, name }] of statements.entries()) {
          const [row] = await query<PushedRow>(sql, params, name);
          if (row === undefined) throw new SequenceConflict(requests[index]!.aggregateId);
          written.push(row);
        }
        return written;
      });
    } catch (error) {
      this.forgetRoots(requests);
      throw await this.translate(error, requests);
    }
    return requests.map((request, index) => this.pushed(request, rows[index]!));
  }

  private pushed(request: PushRequest, row: PushedRow): AggregateDetails {
    const written = { sequence: Number(row.sequence), creationDate: new Date(row.creation_date), changeDate: new Date(row.change_date) };
    if (request.root) this.roots.remember(request.root.table, request.aggregateId, request.root.row, written);
    this.options.onPushed?.(request);
    return { ...written, resourceOwner: request.resourceOwner };
  }

  private forgetRoots(requests: readonly PushRequest[]): void {
    for (const request of requests) if (request.root) this.roots.forget(request.root.table, request.aggregateId);
  }

  private async translate(error: unknown, requests: readonly PushRequest[]): Promise<unknown> {
    if (error instanceof DomainError || error instanceof SequenceConflict) return error;
    const info = this.options.postgresErrorOf(error);
    if (info?.code === "23505") {
      if (info.constraint === "events_aggregate_sequence_key") return new SequenceConflict(requests[0]!.aggregateId);
      if (info.constraint === "unique_constraints_pkey") {
        const type = await this.takenClaimType(requests.flatMap((request) => request.claim ?? []));
        const [id, message] = takenMessages[type] ?? ["EVENT-Taken1", `Errors.AlreadyExists: ${type} is taken`];
        return alreadyExists(id, message);
      }
      // A racing push for the same new aggregate can meet a side row (e.g. the instance row) before the events
      // key: when the aggregate moved on meanwhile, that is the same lost race, decided again.
      const movedOn = await this.firstMovedOn(requests);
      if (movedOn) return new SequenceConflict(movedOn.aggregateId);
    }
    if (this.options.isConnectionError(error)) {
      return unavailable("EVENT-DbDown1", "Errors.Unavailable: the database cannot be reached, try again");
    }
    return error;
  }

  private async firstMovedOn(requests: readonly PushRequest[]): Promise<PushRequest | undefined> {
    for (const request of requests) {
      const [row] = await this.options.db
        .query<{ last: number }>(
          `SELECT COALESCE(MAX("sequence"), 0) AS last FROM "events" WHERE "aggregate_type" = $1 AND "aggregate_id" = $2`,
          [request.aggregateType, request.aggregateId],
        )
        .catch(() => []);
      if (row && Number(row.last) !== request.expectedSequence) return request;
    }
    return undefined;
  }

  /** The drivers drop the violation's detail, so ask which of the push's claims is held by someone else. */
  private async takenClaimType(claims: readonly UniqueClaim[]): Promise<string> {
    if (claims.length > 1) {
      const rows = await this.options.db
        .query<{ unique_type: string }>(
          `SELECT "unique_type" FROM "unique_constraints" AS c, jsonb_array_elements($1::jsonb) AS u
           WHERE c."unique_type" = u->>'type' AND c."unique_field" = u->>'field' LIMIT 1`,
          [JSON.stringify(claims.map((c) => ({ type: c.type, field: c.value.toLowerCase() })))],
        )
        .catch(() => []);
      if (rows[0]) return rows[0].unique_type;
    }
    return claims[0]?.type ?? "value";
  }
}

