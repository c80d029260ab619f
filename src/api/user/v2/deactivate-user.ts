// DeactivateUser: details → response (the request carries only the user id).
import { create } from "@bufbuild/protobuf";
import type { Details } from "../../../command/user/inputs.js";
import { DeactivateUserResponseSchema, type DeactivateUserResponse } from "../../../gen/zitadel/user/v2/user_service_pb.js";
import { detailsToPb } from "../../object/v2/details.js";

export const deactivateUserResponse = (details: Details): DeactivateUserResponse => create(DeactivateUserResponseSchema, { details: detailsToPb(details) });
