// usersvc.exante.v1.UserService: the caller changes their own profile and gets it back.
import { create } from "@bufbuild/protobuf";
import type { ServiceImpl } from "@connectrpc/connect";
import type { PasswordComplexityPolicy } from "../../../../domain/password/complexity.js";
import { callerOf } from "../../../request-context.js";
import {
  UpdateCurrentUserRequestSchema,
  UpdateCurrentUserResponseSchema,
  type UpdateCurrentUserRequest,
  type UserService,
} from "../../../../gen/usersvc/exante/v1/user_service_pb.js";
import { accountCalls, accountRequestCheck, type AccountServiceDeps } from "../../account-service-deps.js";
import { accountInput, exanteFieldNames as names, userOf } from "./user-fields.js";

export function exanteHandlers(deps: AccountServiceDeps): ServiceImpl<typeof UserService> {
  const calls = accountCalls(deps, names);
  return {
    async updateCurrentUser(request, context) {
      const caller = callerOf(context);
      await calls.change(context, accountInput(caller.userId, request));
      const view = await calls.read(context, caller.userId);
      const organisations = await calls.account.memberships.organisationsOf(view.row.id, view.row.resourceOwner);
      return create(UpdateCurrentUserResponseSchema, { user: userOf(view, organisations, caller) });
    },
  };
}

export function exanteRequestChecks(policy: { passwordPolicy: PasswordComplexityPolicy }) {
  return [accountRequestCheck<UpdateCurrentUserRequest>(UpdateCurrentUserRequestSchema, policy, names, (m) => accountInput("", m))];
}
