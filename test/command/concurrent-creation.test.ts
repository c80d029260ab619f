// Two servers on one database create the same user id at the same moment: both decide on "no such user", one
// push wins, and the loser must answer as it would have without the race (FailedPrecondition
// Errors.User.AlreadyExisting), because the event store makes it decide again on the state that beat it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CommandDeps } from "../../src/command/deps.js";
import { addHumanUser } from "../../src/command/user/human-add.js";
import { addMachineUser } from "../../src/command/user/machine-add.js";
import { isConnectionError, postgresErrorOf } from "../../src/db/postgres-error.js";
import { DomainError } from "../../src/domain/errors.js";
import { Eventstore } from "../../src/eventstore/eventstore.js";
import { createCommandFixture, type CommandFixture } from "./command-fixture.js";

let fixture: CommandFixture;
beforeAll(async () => (fixture = await createCommandFixture()));
afterAll(async () => fixture?.close());

/** Command deps of a second server: its own event store (own lock and cache) on the same database. */
function otherServer(): CommandDeps {
  return { ...fixture.deps, eventstore: new Eventstore({ db: fixture.db, postgresErrorOf, isConnectionError }) };
}

/**
 * Both servers' first look at the user waits until the other has looked too, so both decide on "does not
 * exist" before either pushes: the race, every time rather than by chance.
 */
function racing(servers: CommandDeps[]): CommandDeps[] {
  let waiting: (() => void)[] = [];
  let looked = 0;
  return servers.map((deps) => {
    let first = true;
    return {
      ...deps,
      async loadUser(id) {
        const row = await deps.loadUser(id);
        if (first) {
          first = false;
          looked++;
          if (looked < servers.length) await new Promise<void>((resolve) => waiting.push(resolve));
          else for (const go of waiting.splice(0)) go();
        }
        return row;
      },
    };
  });
}

const outcome = (promise: Promise<unknown>) =>
  promise.then(
    () => "created",
    (error: unknown) => (error instanceof DomainError ? `${error.kind} ${error.id}` : `unexpected ${String(error)}`),
  );

describe("two servers creating one user id at once", () => {
  it("answers the loser of a human creation FailedPrecondition, as without the race", async () => {
    const [a, b] = racing([fixture.deps, otherServer()]);
    const input = (tag: string) => ({
      userId: "raced-human",
      username: `raced.${tag}`,
      org: { id: fixture.orgId },
      profile: { givenName: "R", familyName: tag },
      email: { address: `raced.${tag}@example.com`, verification: { mode: "verified" as const } },
      metadata: [],
    });
    const results = await Promise.all([outcome(addHumanUser(a!, fixture.admin, input("a"))), outcome(addHumanUser(b!, fixture.admin, input("b")))]);
    expect(results.sort()).toEqual(["created", "failed_precondition COMMAND-UsrEx1"]);
    // Without the race the answer is the same.
    expect(await outcome(addHumanUser(fixture.deps, fixture.admin, input("c")))).toBe("failed_precondition COMMAND-UsrEx1");
    expect(await fixture.eventTypes("raced-human")).toEqual(["user.human.added", "user.human.email.verified"]); // one user, written once
  });

  it("answers the loser of a machine creation FailedPrecondition too", async () => {
    const [a, b] = racing([fixture.deps, otherServer()]);
    const input = (tag: string) => ({ orgId: fixture.orgId, userId: "raced-machine", username: `raced.machine.${tag}`, name: tag });
    const results = await Promise.all([outcome(addMachineUser(a!, fixture.admin, input("a"))), outcome(addMachineUser(b!, fixture.admin, input("b")))]);
    expect(results.sort()).toEqual(["created", "failed_precondition COMMAND-UsrEx1"]);
  });
});
