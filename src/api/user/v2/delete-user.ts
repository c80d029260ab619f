// DeleteUser: details → response (the request carries only the user id).
import { create } from "@bufbuild/protobuf";
import type { Details } from "../../../command/user/inputs.js";
import { DeleteUserResponseSchema, type DeleteUserResponse } from "../../../gen/zitadel/user/v2/user_service_pb.js";
import { detailsToPb } from "../../object/v2/details.js";

export const deleteUserResponse = (details: Details): DeleteUserResponse => create(DeleteUserResponseSchema, { details: detailsToPb(details) });
