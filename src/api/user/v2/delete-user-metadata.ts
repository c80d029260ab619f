// DeleteUserMetadata: request → command input; the details → deletion_date, the time of the removal.
import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import type { Details } from "../../../command/user/inputs.js";
import type { RemoveMetadataInput } from "../../../command/user/metadata-remove.js";
import {
  DeleteUserMetadataResponseSchema,
  type DeleteUserMetadataRequest,
  type DeleteUserMetadataResponse,
} from "../../../gen/zitadel/user/v2/user_service_pb.js";

export const deleteUserMetadataInput = (request: DeleteUserMetadataRequest): RemoveMetadataInput => ({
  userId: request.userId,
  keys: request.keys,
});

export const deleteUserMetadataResponse = (details: Details): DeleteUserMetadataResponse =>
  create(DeleteUserMetadataResponseSchema, { deletionDate: timestampFromDate(details.changeDate) });
