// zitadel.org.v2.OrganizationService: the organisation itself (create, list, rename, delete, deactivate,
// activate) here, its metadata and domains in org-details-handlers.ts; each handler converts, calls one command
// or query, converts back.
import type { ServiceImpl } from "@connectrpc/connect";
import { addOrganization } from "../../../command/org/org-add.js";
import { removeOrganization } from "../../../command/org/org-remove.js";
import { activateOrganization, deactivateOrganization } from "../../../command/org/org-state.js";
import { updateOrganization } from "../../../command/org/org-update.js";
import type { OrganizationService } from "../../../gen/zitadel/org/v2/org_service_pb.js";
import { callerOf } from "../../request-context.js";
import { requestCommands } from "../../user/v2/request-commands.js";
import { addOrganizationInput, addOrganizationResponse } from "./add-organization.js";
import { listOrganizationsInput, listOrganizationsResponse } from "./list-organizations.js";
import { orgDetailsHandlers } from "./org-details-handlers.js";
import { orgCommandDeps, type OrgServiceDeps } from "./org-service-deps.js";
import {
  activateOrganizationResponse,
  deactivateOrganizationResponse,
  deleteOrganizationResponse,
  updateOrganizationInput,
  updateOrganizationResponse,
} from "./organization-changes.js";

export function orgServiceHandlers(deps: OrgServiceDeps): Partial<ServiceImpl<typeof OrganizationService>> {
  const commands = orgCommandDeps(deps);
  return {
    async addOrganization(request, context) {
      return addOrganizationResponse(await addOrganization(requestCommands(commands, context), callerOf(context), addOrganizationInput(request)));
    },
    async listOrganizations(request, context) {
      return listOrganizationsResponse(await deps.queries.listOrgs(callerOf(context), listOrganizationsInput(request)), request);
    },
    async updateOrganization(request, context) {
      return updateOrganizationResponse(await updateOrganization(requestCommands(commands, context), callerOf(context), updateOrganizationInput(request)));
    },
    async deleteOrganization(request, context) {
      return deleteOrganizationResponse(await removeOrganization(requestCommands(commands, context), callerOf(context), request.organizationId));
    },
    async deactivateOrganization(request, context) {
      return deactivateOrganizationResponse(await deactivateOrganization(requestCommands(commands, context), callerOf(context), request.organizationId));
    },
    async activateOrganization(request, context) {
      return activateOrganizationResponse(await activateOrganization(requestCommands(commands, context), callerOf(context), request.organizationId));
    },
    ...orgDetailsHandlers(deps, commands),
  };
}
