// AddPersonalAccessToken, RemovePersonalAccessToken and ListPersonalAccessTokens: requests → command and
// query inputs, results → responses.
import { create } from "@bufbuild/protobuf";
import { timestampDate, timestampFromDate } from "@bufbuild/protobuf/wkt";
import type { AddPatResult } from "../../../command/user/pat-inputs.js";
import { invalidArgument } from "../../../domain/errors.js";
import { PaginationResponseSchema, TimestampFilterMethod, type TimestampFilter } from "../../../gen/zitadel/filter/v2/filter_pb.js";
import {
  PersonalAccessTokenFieldName,
  PersonalAccessTokenSchema,
  type PersonalAccessTokensSearchFilter,
} from "../../../gen/zitadel/user/v2/pat_pb.js";
import {
  AddPersonalAccessTokenResponseSchema,
  ListPersonalAccessTokensResponseSchema,
  RemovePersonalAccessTokenResponseSchema,
  type AddPersonalAccessTokenRequest,
  type AddPersonalAccessTokenResponse,
  type ListPersonalAccessTokensRequest,
  type ListPersonalAccessTokensResponse,
  type RemovePersonalAccessTokenResponse,
} from "../../../gen/zitadel/user/v2/user_service_pb.js";
import type { ListPatsInput, ListPatsResult, PatFilter, PatSortField, TimestampMethod } from "../../../query/list-pats/list-pats.js";

export const addPersonalAccessTokenInput = (request: AddPersonalAccessTokenRequest) => ({
  userId: request.userId,
  expirationDate: request.expirationDate ? timestampDate(request.expirationDate) : undefined,
});

export const addPersonalAccessTokenResponse = (result: AddPatResult): AddPersonalAccessTokenResponse =>
  create(AddPersonalAccessTokenResponseSchema, { creationDate: timestampFromDate(result.creationDate), tokenId: result.tokenId, token: result.token });

export const removePersonalAccessTokenResponse = (result: { deletionDate: Date }): RemovePersonalAccessTokenResponse =>
  create(RemovePersonalAccessTokenResponseSchema, { deletionDate: timestampFromDate(result.deletionDate) });

const sortFields: Partial<Record<PersonalAccessTokenFieldName, PatSortField>> = {
  [PersonalAccessTokenFieldName.CREATED_DATE]: "creationDate",
  [PersonalAccessTokenFieldName.ID]: "id",
  [PersonalAccessTokenFieldName.USER_ID]: "userId",
  [PersonalAccessTokenFieldName.ORGANIZATION_ID]: "orgId",
  [PersonalAccessTokenFieldName.EXPIRATION_DATE]: "expirationDate",
};

const timestampMethods: Record<TimestampFilterMethod, TimestampMethod> = {
  [TimestampFilterMethod.EQUALS]: "equals",
  [TimestampFilterMethod.AFTER]: "after",
  [TimestampFilterMethod.AFTER_OR_EQUALS]: "afterOrEquals",
  [TimestampFilterMethod.BEFORE]: "before",
  [TimestampFilterMethod.BEFORE_OR_EQUALS]: "beforeOrEquals",
};

export function listPersonalAccessTokensInput(request: ListPersonalAccessTokensRequest): ListPatsInput {
  return {
    filters: request.filters.map(filterOf),
    sortBy: request.sortingColumn === undefined ? undefined : sortFields[request.sortingColumn],
    asc: request.pagination?.asc ?? false,
    offset: request.pagination?.offset ?? 0n,
    limit: request.pagination?.limit ?? 0,
  };
}

function filterOf(filter: PersonalAccessTokensSearchFilter): PatFilter {
  const f = filter.filter;
  switch (f.case) {
    case "tokenIdFilter":
      return { kind: "tokenId", id: f.value.id };
    case "userIdFilter":
      return { kind: "userId", id: f.value.id };
    case "organizationIdFilter":
      return { kind: "orgId", id: f.value.id };
    case "createdDateFilter":
      return timestampFilter("created", f.value);
    case "expirationDateFilter":
      return timestampFilter("expires", f.value);
    default:
      // Validation refuses a filter without a choice; this guards callers that skip it (in-process calls).
      throw invalidArgument("USERv2-PatFlt1", "List.Query.Invalid: every filter must set one choice");
  }
}

function timestampFilter(kind: "created" | "expires", filter: TimestampFilter): PatFilter {
  const method = timestampMethods[filter.method];
  if (method === undefined) throw invalidArgument("USERv2-PatMth1", `List.Query.Invalid: unknown timestamp method ${filter.method}`);
  if (!filter.timestamp) throw invalidArgument("USERv2-PatTs1", "List.Query.Invalid: a timestamp filter needs a timestamp");
  return { kind, method, at: timestampDate(filter.timestamp) };
}

export function listPersonalAccessTokensResponse(result: ListPatsResult): ListPersonalAccessTokensResponse {
  return create(ListPersonalAccessTokensResponseSchema, {
    pagination: create(PaginationResponseSchema, { totalResult: result.total, appliedLimit: BigInt(result.appliedLimit) }),
    result: result.tokens.map((token) =>
      create(PersonalAccessTokenSchema, {
        creationDate: timestampFromDate(token.creationDate),
        // Tokens never change after they are added.
        changeDate: timestampFromDate(token.creationDate),
        id: token.id,
        userId: token.userId,
        organizationId: token.orgId,
        expirationDate: timestampFromDate(token.expirationDate),
      }),
    ),
  });
}
