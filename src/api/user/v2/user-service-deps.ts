// What the user service handlers need: the command dependencies and the database for queries.
import type { CommandDeps } from "../../../command/deps.js";
import type { PrismaClient } from "../../../gen/prisma/client.js";

export interface UserServiceDeps {
  commands: CommandDeps;
  prisma: PrismaClient;
}
