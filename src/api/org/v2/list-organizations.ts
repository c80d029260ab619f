// ListOrganizations: request → query input (filters, sorting, paging), result → response.
import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { invalidArgument } from "../../../domain/errors.js";
import { ListDetailsSchema } from "../../../gen/zitadel/object/v2/object_pb.js";
import { OrganizationSchema, type Organization } from "../../../gen/zitadel/org/v2/org_pb.js";
import {
  ListOrganizationsResponseSchema,
  type ListOrganizationsRequest,
  type ListOrganizationsResponse,
} from "../../../gen/zitadel/org/v2/org_service_pb.js";
import { OrganizationFieldName, type SearchQuery } from "../../../gen/zitadel/org/v2/query_pb.js";
import type { ListOrgsInput, OrgFilter } from "../../../query/list-orgs/list-orgs-input.js";
import type { ListOrgsResult, OrgView } from "../../../query/list-orgs/list-orgs.js";
import { textMethods, type TextMethod } from "../../../query/list-users/list-users-input.js";
import { detailsToPb } from "../../object/v2/details.js";

export function listOrganizationsInput(request: ListOrganizationsRequest): ListOrgsInput {
  return {
    filters: request.queries.map(filterOf),
    sortBy: request.sortingColumn === OrganizationFieldName.NAME ? "name" : undefined,
    asc: request.query?.asc ?? false,
    offset: request.query?.offset ?? 0n,
    limit: request.query?.limit ?? 0,
  };
}

function filterOf(query: SearchQuery): OrgFilter {
  const q = query.query;
  switch (q.case) {
    case "nameQuery":
      return { kind: "name", method: textMethod(q.value.method), value: q.value.name };
    case "domainQuery":
      return { kind: "domain", method: textMethod(q.value.method), value: q.value.domain };
    case "stateQuery":
      return { kind: "state", state: q.value.state };
    case "idQuery":
      return { kind: "id", id: q.value.id };
    case "defaultQuery":
      return { kind: "default" };
    default:
      // Validation refuses a query without a filter; this guards callers that skip it (in-process calls).
      throw invalidArgument("ORGv2-LstQry1", "List.Query.Invalid: every query must set one filter");
  }
}

function textMethod(method: number): TextMethod {
  const known = textMethods[method];
  if (known === undefined) throw invalidArgument("ORGv2-LstMth1", `List.Query.Invalid: unknown text query method ${method}`);
  return known;
}

export function listOrganizationsResponse(result: ListOrgsResult, request: ListOrganizationsRequest): ListOrganizationsResponse {
  return create(ListOrganizationsResponseSchema, {
    details: create(ListDetailsSchema, {
      totalResult: result.total,
      processedSequence: result.processedPosition,
      timestamp: result.processedAt ? timestampFromDate(result.processedAt) : undefined,
    }),
    sortingColumn: request.sortingColumn,
    result: result.orgs.map(organizationToPb),
  });
}

function organizationToPb(org: OrgView): Organization {
  return create(OrganizationSchema, {
    id: org.id,
    details: detailsToPb({ sequence: org.sequence, changeDate: org.changeDate, creationDate: org.creationDate, resourceOwner: org.id }),
    state: org.state,
    name: org.name,
    primaryDomain: org.primaryDomain,
  });
}
