// SetUserMetadata, ListUserMetadata and DeleteUserMetadata.
import type { ServiceImpl } from "@connectrpc/connect";
import type { MetadataDeps } from "../../../command/user/metadata-deps.js";
import { removeUserMetadata } from "../../../command/user/metadata-remove.js";
import { setUserMetadata } from "../../../command/user/metadata-set.js";
import type { UserService } from "../../../gen/zitadel/user/v2/user_service_pb.js";
import { callerOf } from "../../request-context.js";
import { deleteUserMetadataInput, deleteUserMetadataResponse } from "./delete-user-metadata.js";
import { listUserMetadataInput, listUserMetadataResponse } from "./list-user-metadata.js";
import { setUserMetadataInput, setUserMetadataResponse } from "./set-user-metadata.js";
import { withETag } from "./etag.js";
import { requestCommands } from "./request-commands.js";
import type { UserServiceDeps } from "./user-service-deps.js";

export function metadataHandlers({ commands, queries }: UserServiceDeps): Partial<ServiceImpl<typeof UserService>> {
  const deps: MetadataDeps = { ...commands, metadata: queries.metadata };
  return {
    async setUserMetadata(request, context) {
      return setUserMetadataResponse(withETag(context, await setUserMetadata(requestCommands(deps, context), callerOf(context), setUserMetadataInput(request))));
    },
    async listUserMetadata(request, context) {
      return listUserMetadataResponse(await queries.listUserMetadata(callerOf(context), listUserMetadataInput(request)));
    },
    async deleteUserMetadata(request, context) {
      return deleteUserMetadataResponse(withETag(context, await removeUserMetadata(requestCommands(deps, context), callerOf(context), deleteUserMetadataInput(request))));
    },
  };
}
