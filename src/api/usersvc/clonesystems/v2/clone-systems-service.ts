// usersvc.clonesystems.v2.UserService: the caller's own user (GetCurrentUser, UpdateCurrentUser) and an
// administrator's change of any user (UpdateUser), all through the account command and the account view.
import { create } from "@bufbuild/protobuf";
import type { ServiceImpl } from "@connectrpc/connect";
import { detailsOf } from "../../../../command/user/push-user.js";
import type { PasswordComplexityPolicy } from "../../../../domain/password/complexity.js";
import { callerOf } from "../../../request-context.js";
import {
  GetCurrentUserResponseSchema,
  UpdateCurrentUserRequestSchema,
  UpdateCurrentUserResponseSchema,
  UpdateUserRequestSchema,
  UpdateUserResponseSchema,
  type UpdateCurrentUserRequest,
  type UpdateUserRequest,
  type UserService,
} from "../../../../gen/usersvc/clonesystems/v2/user_service_pb.js";
import { withETag } from "../../../user/v2/etag.js";
import { accountCalls, accountRequestCheck, type AccountServiceDeps } from "../../account-service-deps.js";
import { accountInput, cloneSystemsFieldNames as names, fieldsNotTaken, userOf } from "./user-fields.js";

export function cloneSystemsHandlers(deps: AccountServiceDeps): ServiceImpl<typeof UserService> {
  const calls = accountCalls(deps, names);
  return {
    async getCurrentUser(_request, context) {
      const view = await calls.read(context, callerOf(context).userId);
      withETag(context, detailsOf(view.row));
      return create(GetCurrentUserResponseSchema, { user: userOf(view) });
    },
    async updateCurrentUser(request, context) {
      await calls.change(context, accountInput(callerOf(context).userId, request.user, false));
      return create(UpdateCurrentUserResponseSchema);
    },
    async updateUser(request, context) {
      await calls.change(context, accountInput(request.id, request.user, true));
      return create(UpdateUserResponseSchema);
    },
  };
}

/** The command's checks and the fields each call refuses, run with the request's validation rules. */
export function cloneSystemsRequestChecks(policy: { passwordPolicy: PasswordComplexityPolicy }) {
  return [
    accountRequestCheck<UpdateCurrentUserRequest>(UpdateCurrentUserRequestSchema, policy, names, (m) => accountInput("", m.user, false), (m) => fieldsNotTaken(m.user, false)),
    accountRequestCheck<UpdateUserRequest>(UpdateUserRequestSchema, policy, names, (m) => accountInput("", m.user, true), (m) => fieldsNotTaken(m.user, true)),
  ];
}
