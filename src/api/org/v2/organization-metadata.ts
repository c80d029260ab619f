// SetOrganizationMetadata, ListOrganizationMetadata and DeleteOrganizationMetadata: request → command or query
// input, result → response (set_date and deletion_date: the time of the change).
import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import type { Details, MetadataEntry } from "../../../command/user/inputs.js";
import {
  DeleteOrganizationMetadataResponseSchema,
  ListOrganizationMetadataResponseSchema,
  SetOrganizationMetadataResponseSchema,
  type DeleteOrganizationMetadataResponse,
  type ListOrganizationMetadataRequest,
  type ListOrganizationMetadataResponse,
  type SetOrganizationMetadataRequest,
  type SetOrganizationMetadataResponse,
} from "../../../gen/zitadel/org/v2/org_service_pb.js";
import type { ListMetadataResult } from "../../../query/metadata-entries.js";
import type { ListOrgMetadataInput } from "../../../query/org-metadata.js";
import { metadataPageInput, metadataPagePb } from "../../user/v2/list-user-metadata.js";

export const setOrganizationMetadataEntries = (request: SetOrganizationMetadataRequest): MetadataEntry[] =>
  request.metadata.map((entry) => ({ key: entry.key, value: entry.value }));

export const setOrganizationMetadataResponse = (details: Details): SetOrganizationMetadataResponse =>
  create(SetOrganizationMetadataResponseSchema, { setDate: timestampFromDate(details.changeDate) });

export const listOrganizationMetadataInput = (request: ListOrganizationMetadataRequest): ListOrgMetadataInput => ({
  orgId: request.organizationId,
  ...metadataPageInput(request),
});

export const listOrganizationMetadataResponse = (result: ListMetadataResult): ListOrganizationMetadataResponse =>
  create(ListOrganizationMetadataResponseSchema, metadataPagePb(result));

export const deleteOrganizationMetadataResponse = (details: Details): DeleteOrganizationMetadataResponse =>
  create(DeleteOrganizationMetadataResponseSchema, { deletionDate: timestampFromDate(details.changeDate) });
