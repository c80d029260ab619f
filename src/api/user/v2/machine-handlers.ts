// CreateUser (machine or human) and the personal access token RPCs.
import type { ServiceImpl } from "@connectrpc/connect";
import { addHumanUser } from "../../../command/user/human-add.js";
import { addMachineUser } from "../../../command/user/machine-add.js";
import { addPersonalAccessToken } from "../../../command/user/pat-add.js";
import type { PatCommandDeps } from "../../../command/user/pat-inputs.js";
import { removePersonalAccessToken } from "../../../command/user/pat-remove.js";
import type { UserService } from "../../../gen/zitadel/user/v2/user_service_pb.js";
import { callerOf } from "../../request-context.js";
import { createUserInput, createUserResponse } from "./create-user.js";
import {
  addPersonalAccessTokenInput,
  addPersonalAccessTokenResponse,
  listPersonalAccessTokensInput,
  listPersonalAccessTokensResponse,
  removePersonalAccessTokenResponse,
} from "./personal-access-tokens.js";
import { requestCommands } from "./request-commands.js";
import type { UserServiceDeps } from "./user-service-deps.js";

export function machineHandlers({ commands, queries }: UserServiceDeps): Partial<ServiceImpl<typeof UserService>> {
  const patCommands: PatCommandDeps = { ...commands, findPersonalAccessToken: queries.findPersonalAccessToken };
  return {
    async createUser(request, context) {
      const input = createUserInput(request);
      const caller = callerOf(context);
      const result = input.kind === "machine" ? await addMachineUser(requestCommands(commands, context), caller, input.input) : await addHumanUser(requestCommands(commands, context), caller, input.input);
      return createUserResponse(result);
    },
    async addPersonalAccessToken(request, context) {
      return addPersonalAccessTokenResponse(await addPersonalAccessToken(requestCommands(commands, context), callerOf(context), addPersonalAccessTokenInput(request)));
    },
    async removePersonalAccessToken(request, context) {
      return removePersonalAccessTokenResponse(await removePersonalAccessToken(requestCommands(patCommands, context), callerOf(context), request));
    },
    async listPersonalAccessTokens(request, context) {
      return listPersonalAccessTokensResponse(await queries.listPersonalAccessTokens(callerOf(context), listPersonalAccessTokensInput(request)));
    },
  };
}
