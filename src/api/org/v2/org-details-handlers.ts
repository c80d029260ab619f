// The metadata and domain RPCs of zitadel.org.v2.OrganizationService.
import type { ServiceImpl } from "@connectrpc/connect";
import { addOrganizationDomain, removeOrganizationDomain } from "../../../command/org/org-domains.js";
import type { OrgCommandDeps } from "../../../command/org/org-inputs.js";
import { removeOrganizationMetadata, setOrganizationMetadata } from "../../../command/org/org-metadata.js";
import type { OrganizationService } from "../../../gen/zitadel/org/v2/org_service_pb.js";
import { callerOf } from "../../request-context.js";
import { requestCommands } from "../../user/v2/request-commands.js";
import type { OrgServiceDeps } from "./org-service-deps.js";
import {
  addOrganizationDomainResponse,
  deleteOrganizationDomainResponse,
  listOrganizationDomainsInput,
  listOrganizationDomainsResponse,
} from "./organization-domains.js";
import {
  deleteOrganizationMetadataResponse,
  listOrganizationMetadataInput,
  listOrganizationMetadataResponse,
  setOrganizationMetadataEntries,
  setOrganizationMetadataResponse,
} from "./organization-metadata.js";

export function orgDetailsHandlers({ queries }: OrgServiceDeps, commands: OrgCommandDeps): Partial<ServiceImpl<typeof OrganizationService>> {
  return {
    async setOrganizationMetadata(request, context) {
      const details = await setOrganizationMetadata(requestCommands(commands, context), callerOf(context), request.organizationId, setOrganizationMetadataEntries(request));
      return setOrganizationMetadataResponse(details);
    },
    async listOrganizationMetadata(request, context) {
      return listOrganizationMetadataResponse(await queries.listOrgMetadata(callerOf(context), listOrganizationMetadataInput(request)));
    },
    async deleteOrganizationMetadata(request, context) {
      return deleteOrganizationMetadataResponse(await removeOrganizationMetadata(requestCommands(commands, context), callerOf(context), request.organizationId, request.keys));
    },
    async addOrganizationDomain(request, context) {
      return addOrganizationDomainResponse(await addOrganizationDomain(requestCommands(commands, context), callerOf(context), request.organizationId, request.domain));
    },
    async listOrganizationDomains(request, context) {
      return listOrganizationDomainsResponse(await queries.listOrgDomains(callerOf(context), listOrganizationDomainsInput(request)));
    },
    async deleteOrganizationDomain(request, context) {
      return deleteOrganizationDomainResponse(await removeOrganizationDomain(requestCommands(commands, context), callerOf(context), request.organizationId, request.domain));
    },
  };
}
