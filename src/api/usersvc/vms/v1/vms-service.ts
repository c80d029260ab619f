// usersvc.vms.v1.UserService: the caller changes their own password and language and gets the user back.
import { create } from "@bufbuild/protobuf";
import type { ServiceImpl } from "@connectrpc/connect";
import type { PasswordComplexityPolicy } from "../../../../domain/password/complexity.js";
import { callerOf } from "../../../request-context.js";
import {
  UpdateCurrentUserRequestSchema,
  UpdateCurrentUserResponseSchema,
  type UpdateCurrentUserRequest,
  type UserService,
} from "../../../../gen/usersvc/vms/v1/user_service_pb.js";
import { accountCalls, accountRequestCheck, type AccountServiceDeps } from "../../account-service-deps.js";
import { clientHeaderViolations } from "./client-headers.js";
import { accountInput, userOf, vmsFieldNames as names } from "./user-fields.js";

export function vmsHandlers(deps: AccountServiceDeps): ServiceImpl<typeof UserService> {
  const calls = accountCalls(deps, names);
  return {
    async updateCurrentUser(request, context) {
      const caller = callerOf(context);
      await calls.change(context, accountInput(caller.userId, request));
      return create(UpdateCurrentUserResponseSchema, { user: userOf(await calls.read(context, caller.userId), caller) });
    },
  };
}

export function vmsRequestChecks(policy: { passwordPolicy: PasswordComplexityPolicy }) {
  return [
    accountRequestCheck<UpdateCurrentUserRequest>(UpdateCurrentUserRequestSchema, policy, names, (m) => accountInput("", m), (_m, header) =>
      clientHeaderViolations(header),
    ),
  ];
}
