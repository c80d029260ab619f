// ListUserMetadata: request → query input (key filters, paging), result → response. The filter and entry
// conversions serve ListOrganizationMetadata too: both use zitadel.metadata.v2.
import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { invalidArgument } from "../../../domain/errors.js";
import { PaginationResponseSchema, type PaginationRequest, type PaginationResponse } from "../../../gen/zitadel/filter/v2/filter_pb.js";
import { MetadataSchema, type Metadata, type MetadataSearchFilter } from "../../../gen/zitadel/metadata/v2/metadata_pb.js";
import {
  ListUserMetadataResponseSchema,
  type ListUserMetadataRequest,
  type ListUserMetadataResponse,
} from "../../../gen/zitadel/user/v2/user_service_pb.js";
import { textMethods } from "../../../query/list-users/list-users-input.js";
import type { MetadataPageInput } from "../../../query/metadata-entries.js";
import type { ListMetadataInput, ListMetadataResult, MetadataKeyFilter } from "../../../query/user-metadata.js";

export function listUserMetadataInput(request: ListUserMetadataRequest): ListMetadataInput {
  return { userId: request.userId, ...metadataPageInput(request) };
}

/** Filters and paging of a metadata list request. */
export function metadataPageInput(request: { filters: MetadataSearchFilter[]; pagination?: PaginationRequest }): MetadataPageInput {
  return {
    filters: request.filters.map(filterOf),
    offset: request.pagination?.offset ?? 0n,
    limit: request.pagination?.limit ?? 0,
    asc: request.pagination?.asc ?? false,
  };
}

// zitadel.filter.v2.TextFilterMethod has the same numbers as the TextQueryMethod the list-users input names.
function filterOf(filter: MetadataSearchFilter): MetadataKeyFilter {
  if (filter.filter.case !== "keyFilter") {
    throw invalidArgument("USERv2-MdFlt1", "List.Query.Invalid: every filter must set key_filter");
  }
  const method = textMethods[filter.filter.value.method];
  if (method === undefined) throw invalidArgument("USERv2-MdMth1", `List.Query.Invalid: unknown text filter method ${filter.filter.value.method}`);
  return { method, key: filter.filter.value.key };
}

export function listUserMetadataResponse(result: ListMetadataResult): ListUserMetadataResponse {
  return create(ListUserMetadataResponseSchema, metadataPagePb(result));
}

/** The pagination and entries of a metadata list response. */
export function metadataPagePb(result: ListMetadataResult): { pagination: PaginationResponse; metadata: Metadata[] } {
  return {
    pagination: create(PaginationResponseSchema, { totalResult: result.total, appliedLimit: BigInt(result.appliedLimit) }),
    metadata: result.items.map((item) =>
      create(MetadataSchema, {
        key: item.key,
        value: item.value,
        creationDate: timestampFromDate(item.creationDate),
        changeDate: timestampFromDate(item.changeDate),
      }),
    ),
  };
}
