// What the handlers of the other update-user APIs share: the command dependencies with the readers of the
// account command (metadata, organisations), and the two calls every handler makes — the account command for
// this request (If-Match, deadline, the API's field names, the ETag of the answer) and the account view.
import type { DescMessage } from "@bufbuild/protobuf";
import type { HandlerContext } from "@connectrpc/connect";
import type { CommandDeps } from "../../command/deps.js";
import { changeAccount } from "../../command/user/account-change.js";
import type { AccountDeps } from "../../command/user/account-deps.js";
import { accountInputViolations, type AccountChangeInput } from "../../command/user/account-input.js";
import type { Details } from "../../command/user/inputs.js";
import type { PasswordComplexityPolicy } from "../../domain/password/complexity.js";
import type { FieldViolation } from "../../domain/errors.js";
import { callerOf } from "../request-context.js";
import type { AccountQueries } from "../../query/account-queries.js";
import type { AccountView } from "../../query/account-view.js";
import { withETag } from "../user/v2/etag.js";
import { requestCommands } from "../user/v2/request-commands.js";
import { renameViolations, withFieldNames, type FieldNames } from "./field-names.js";

export interface AccountServiceDeps {
  commands: CommandDeps;
  queries: AccountQueries;
}

export function accountCalls(deps: AccountServiceDeps, names: FieldNames) {
  const account: AccountDeps = { ...deps.commands, metadata: deps.queries.metadata, memberships: deps.queries.memberships };
  return {
    account,
    async change(context: HandlerContext, input: AccountChangeInput): Promise<Details> {
      const details = await withFieldNames(names, () => changeAccount(requestCommands(account, context), callerOf(context), input));
      return withETag(context, details);
    },
    read(context: HandlerContext, userId: string): Promise<AccountView> {
      return deps.queries.readAccount(callerOf(context), userId);
    },
  };
}

/**
 * The account command's checks of a request, under the API's field names, run with the request's validation
 * rules (src/gateway/validation) so that one answer lists every violation; `more` adds the API's own.
 */
export function accountRequestCheck<T>(
  input: DescMessage,
  policy: { passwordPolicy: PasswordComplexityPolicy },
  names: FieldNames,
  toInput: (message: T) => AccountChangeInput,
  more: (message: T, header: Headers) => FieldViolation[] = () => [],
) {
  return {
    input,
    check: (message: unknown, header: Headers): FieldViolation[] => [
      ...more(message as T, header),
      ...renameViolations(names, accountInputViolations(policy, toInput(message as T))),
    ],
  };
}
