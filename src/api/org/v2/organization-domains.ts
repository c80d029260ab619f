// AddOrganizationDomain, ListOrganizationDomains and DeleteOrganizationDomain: request → command or query input,
// result → response (creation_date and deletion_date: the time of the change).
import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import type { Details } from "../../../command/user/inputs.js";
import { invalidArgument } from "../../../domain/errors.js";
import { PaginationResponseSchema } from "../../../gen/zitadel/filter/v2/filter_pb.js";
import { DomainSchema } from "../../../gen/zitadel/org/v2/org_pb.js";
import {
  AddOrganizationDomainResponseSchema,
  DeleteOrganizationDomainResponseSchema,
  ListOrganizationDomainsResponseSchema,
  type AddOrganizationDomainResponse,
  type DeleteOrganizationDomainResponse,
  type ListOrganizationDomainsRequest,
  type ListOrganizationDomainsResponse,
} from "../../../gen/zitadel/org/v2/org_service_pb.js";
import { DomainFieldName, type DomainSearchFilter } from "../../../gen/zitadel/org/v2/query_pb.js";
import { textMethods } from "../../../query/list-users/list-users-input.js";
import type { DomainFilter, ListOrgDomainsInput, ListOrgDomainsResult } from "../../../query/org-domains.js";

export const addOrganizationDomainResponse = (details: Details): AddOrganizationDomainResponse =>
  create(AddOrganizationDomainResponseSchema, { creationDate: timestampFromDate(details.changeDate) });

export const deleteOrganizationDomainResponse = (details: Details): DeleteOrganizationDomainResponse =>
  create(DeleteOrganizationDomainResponseSchema, { deletionDate: timestampFromDate(details.changeDate) });

export function listOrganizationDomainsInput(request: ListOrganizationDomainsRequest): ListOrgDomainsInput {
  return {
    orgId: request.organizationId,
    filters: request.filters.map(filterOf),
    sortBy: request.sortingColumn === DomainFieldName.NAME ? "name" : "creationDate",
    asc: request.pagination?.asc ?? false,
    offset: request.pagination?.offset ?? 0n,
    limit: request.pagination?.limit ?? 0,
  };
}

function filterOf(filter: DomainSearchFilter): DomainFilter {
  // Validation refuses a filter without a case; this guards callers that skip it (in-process calls).
  if (filter.filter.case !== "domainFilter") throw invalidArgument("ORGv2-DmFlt1", "List.Query.Invalid: every filter must set domain_filter");
  const method = textMethods[filter.filter.value.method];
  if (method === undefined) throw invalidArgument("ORGv2-DmMth1", `List.Query.Invalid: unknown text query method ${filter.filter.value.method}`);
  return { method, domain: filter.filter.value.domain };
}

export function listOrganizationDomainsResponse(result: ListOrgDomainsResult): ListOrganizationDomainsResponse {
  return create(ListOrganizationDomainsResponseSchema, {
    pagination: create(PaginationResponseSchema, { totalResult: result.total, appliedLimit: BigInt(result.appliedLimit) }),
    domains: result.domains.map((d) =>
      create(DomainSchema, { organizationId: d.orgId, domain: d.domain, isVerified: d.isVerified, isPrimary: d.isPrimary, validationType: d.validationType }),
    ),
  });
}
