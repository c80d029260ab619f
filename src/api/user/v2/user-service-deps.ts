// What the user service handlers need: the command dependencies and the queries (bound to the database in src/app.ts).
import type { CommandDeps } from "../../../command/deps.js";
import type { UserServiceQueries } from "../../../query/user-service-queries.js";

export interface UserServiceDeps {
  commands: CommandDeps;
  queries: UserServiceQueries;
}
