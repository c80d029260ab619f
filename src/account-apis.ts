// The other update-user APIs (Clone Systems API v2, Exante, VMS), put together for the composition root: each
// one's service, handlers, request checks, REST dialect and path prefix, and the methods that change one user
// (If-Match). Only the APIs the configuration switches on are returned; a switched-off one is not served on
// any protocol, nor listed by reflection and health.
import type { DescMethod, DescService } from "@bufbuild/protobuf";
import type { ConnectRouter } from "@connectrpc/connect";
import type { AccountServiceDeps } from "./api/usersvc/account-service-deps.js";
import { cloneSystemsHandlers, cloneSystemsRequestChecks } from "./api/usersvc/clonesystems/v2/clone-systems-service.js";
import { exanteHandlers, exanteRequestChecks } from "./api/usersvc/exante/v1/exante-service.js";
import { vmsHandlers, vmsRequestChecks } from "./api/usersvc/vms/v1/vms-service.js";
import type { AccountApiConfig, AccountApiName } from "./config.js";
import type { PasswordComplexityPolicy } from "./domain/password/complexity.js";
import type { RestDialect, RestServiceOptions } from "./gateway/rest/dialect.js";
import { cloneSystemsDialect } from "./gateway/rest-dialects/clone-systems.js";
import { exanteDialect } from "./gateway/rest-dialects/exante.js";
import { vmsDialect } from "./gateway/rest-dialects/vms.js";
import type { RequestCheck } from "./gateway/validation/index.js";
import { UserService as CloneSystemsUserService } from "./gen/usersvc/clonesystems/v2/user_service_pb.js";
import { UserService as ExanteUserService } from "./gen/usersvc/exante/v1/user_service_pb.js";
import { UserService as VmsUserService } from "./gen/usersvc/vms/v1/user_service_pb.js";

interface Definition {
  service: DescService;
  register(router: ConnectRouter, deps: AccountServiceDeps): void;
  checks(policy: { passwordPolicy: PasswordComplexityPolicy }): RequestCheck[];
  dialect: RestDialect;
  /** Methods that only read (no If-Match). */
  reads?: readonly string[];
}

const definitions: Record<AccountApiName, Definition> = {
  cloneSystems: {
    service: CloneSystemsUserService,
    register: (router, deps) => router.service(CloneSystemsUserService, cloneSystemsHandlers(deps)),
    checks: cloneSystemsRequestChecks,
    dialect: cloneSystemsDialect,
    reads: ["GetCurrentUser"],
  },
  exante: {
    service: ExanteUserService,
    register: (router, deps) => router.service(ExanteUserService, exanteHandlers(deps)),
    checks: exanteRequestChecks,
    dialect: exanteDialect,
  },
  vms: {
    service: VmsUserService,
    register: (router, deps) => router.service(VmsUserService, vmsHandlers(deps)),
    checks: vmsRequestChecks,
    dialect: vmsDialect,
  },
};

export interface AccountApi {
  service: DescService;
  register(router: ConnectRouter, deps: AccountServiceDeps): void;
  checks(policy: { passwordPolicy: PasswordComplexityPolicy }): RequestCheck[];
  rest: RestServiceOptions;
  /** The methods that change one user: If-Match applies to them (every method answers the user's ETag). */
  changesOneUser: DescMethod[];
}

export function accountApis(config: Record<AccountApiName, AccountApiConfig>): AccountApi[] {
  return (Object.keys(definitions) as AccountApiName[])
    .filter((name) => config[name].enabled)
    .map((name) => {
      const { service, register, checks, dialect, reads = [] } = definitions[name];
      return {
        service,
        register,
        checks,
        rest: { service, dialect, pathPrefix: config[name].pathPrefix },
        changesOneUser: service.methods.filter((method) => !reads.includes(method.name)),
      };
    });
}
