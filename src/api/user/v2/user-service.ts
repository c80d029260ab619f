// zitadel.user.v2.UserService: the handler groups, each converting, calling one command or query, converting back.
import type { ServiceImpl } from "@connectrpc/connect";
import type { UserService } from "../../../gen/zitadel/user/v2/user_service_pb.js";
import { contactHandlers } from "./contact-handlers.js";
import { humanHandlers } from "./human-handlers.js";
import { listHandlers } from "./list-handlers.js";
import { machineHandlers } from "./machine-handlers.js";
import { passwordHandlers } from "./password-handlers.js";
import { metadataHandlers } from "./metadata-handlers.js";
import { stateHandlers } from "./state-handlers.js";
import type { UserServiceDeps } from "./user-service-deps.js";

export function userServiceHandlers(deps: UserServiceDeps): Partial<ServiceImpl<typeof UserService>> {
  return {
    ...humanHandlers(deps),
    ...listHandlers(deps),
    ...contactHandlers(deps),
    ...passwordHandlers(deps),
    ...stateHandlers(deps),
    ...metadataHandlers(deps),
    ...machineHandlers(deps),
  };
}
