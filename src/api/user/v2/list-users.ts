// ListUsers: request → query input (filters, sorting, paging), result → response.
import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { invalidArgument } from "../../../domain/errors.js";
import { ListDetailsSchema } from "../../../gen/zitadel/object/v2/object_pb.js";
import { UserFieldName, type SearchQuery } from "../../../gen/zitadel/user/v2/query_pb.js";
import { ListUsersResponseSchema, type ListUsersRequest, type ListUsersResponse } from "../../../gen/zitadel/user/v2/user_service_pb.js";
import type { ListUsersResult } from "../../../query/list-users/list-users.js";
import {
  byteMethods,
  textMethods,
  type ByteMethod,
  type ListUsersInput,
  type TextField,
  type TextMethod,
  type UserFilter,
  type UserSortField,
} from "../../../query/list-users/list-users-input.js";
import { userToPb } from "./get-user-by-id.js";

const sortFields: Partial<Record<UserFieldName, UserSortField>> = {
  [UserFieldName.USER_NAME]: "username",
  [UserFieldName.FIRST_NAME]: "givenName",
  [UserFieldName.LAST_NAME]: "familyName",
  [UserFieldName.NICK_NAME]: "nickName",
  [UserFieldName.DISPLAY_NAME]: "displayName",
  [UserFieldName.EMAIL]: "email",
  [UserFieldName.STATE]: "state",
  [UserFieldName.TYPE]: "type",
  [UserFieldName.CREATION_DATE]: "creationDate",
};

export function listUsersInput(request: ListUsersRequest): ListUsersInput {
  return {
    filters: request.queries.map(filterOf),
    sortBy: sortFields[request.sortingColumn],
    asc: request.query?.asc ?? false,
    offset: request.query?.offset ?? 0n,
    limit: request.query?.limit ?? 0,
  };
}

function filterOf(query: SearchQuery | undefined): UserFilter {
  const q = query?.query;
  switch (q?.case) {
    case "userNameQuery":
      return text("username", q.value.method, q.value.userName);
    case "loginNameQuery":
      return text("loginName", q.value.method, q.value.loginName);
    case "firstNameQuery":
      return text("givenName", q.value.method, q.value.firstName);
    case "lastNameQuery":
      return text("familyName", q.value.method, q.value.lastName);
    case "nickNameQuery":
      return text("nickName", q.value.method, q.value.nickName);
    case "displayNameQuery":
      return text("displayName", q.value.method, q.value.displayName);
    case "emailQuery":
      return text("email", q.value.method, q.value.emailAddress);
    case "phoneQuery":
      return text("phone", q.value.method, q.value.number);
    case "stateQuery":
      return { kind: "state", state: q.value.state };
    case "typeQuery":
      return { kind: "type", type: q.value.type };
    case "organizationIdQuery":
      return { kind: "org", orgId: q.value.organizationId };
    case "inUserIdsQuery":
      return { kind: "userIds", ids: q.value.userIds };
    case "inUserEmailsQuery":
      return { kind: "emails", emails: q.value.userEmails };
    case "metadataKeyFilter":
      return { kind: "metadataKey", method: textMethod(q.value.method), key: q.value.key };
    case "metadataValueFilter":
      return { kind: "metadataValue", method: byteMethod(q.value.method), value: q.value.value };
    case "andQuery":
      return { kind: "and", filters: q.value.queries.map(filterOf) };
    case "orQuery":
      return { kind: "or", filters: q.value.queries.map(filterOf) };
    case "notQuery":
      return { kind: "not", filter: filterOf(q.value.query) };
    default:
      // A query without a filter set: the top level is caught by validation, a missing not_query.query is not.
      throw invalidArgument("USERv2-LstQry1", "List.Query.Invalid: every query must set one filter");
  }
}

function text(field: TextField, method: number, value: string): UserFilter {
  return { kind: "text", field, method: textMethod(method), value };
}

/** TextQueryMethod and filter.v2's TextFilterMethod number the same methods alike. */
function textMethod(method: number): TextMethod {
  const known: TextMethod | undefined = textMethods[method];
  if (known === undefined) throw invalidArgument("USERv2-LstMth1", `List.Query.Invalid: unknown text query method ${method}`);
  return known;
}

function byteMethod(method: number): ByteMethod {
  const known: ByteMethod | undefined = byteMethods[method];
  if (known === undefined) throw invalidArgument("USERv2-LstMth2", `List.Query.Invalid: unknown byte filter method ${method}`);
  return known;
}

export function listUsersResponse(result: ListUsersResult, request: ListUsersRequest): ListUsersResponse {
  return create(ListUsersResponseSchema, {
    details: create(ListDetailsSchema, {
      totalResult: result.total,
      processedSequence: result.processedPosition,
      timestamp: result.processedAt ? timestampFromDate(result.processedAt) : undefined,
    }),
    sortingColumn: request.sortingColumn,
    result: result.users.map(userToPb),
  });
}
