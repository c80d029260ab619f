// SetUserMetadata: request → command input; the details → set_date, the time the values were stored (the
// user's last change when nothing needed storing).
import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import type { Details } from "../../../command/user/inputs.js";
import type { SetMetadataInput } from "../../../command/user/metadata-set.js";
import {
  SetUserMetadataResponseSchema,
  type SetUserMetadataRequest,
  type SetUserMetadataResponse,
} from "../../../gen/zitadel/user/v2/user_service_pb.js";

export const setUserMetadataInput = (request: SetUserMetadataRequest): SetMetadataInput => ({
  userId: request.userId,
  entries: request.metadata.map((entry) => ({ key: entry.key, value: entry.value })),
});

export const setUserMetadataResponse = (details: Details): SetUserMetadataResponse =>
  create(SetUserMetadataResponseSchema, { setDate: timestampFromDate(details.changeDate) });
