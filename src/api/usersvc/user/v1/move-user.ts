// MoveUser: request → command input, details → response.
import { create } from "@bufbuild/protobuf";
import type { MoveUserInput, MoveUserResult } from "../../../../command/user/user-move.js";
import { MoveUserResponseSchema, type MoveUserRequest, type MoveUserResponse } from "../../../../gen/usersvc/user/v1/user_move_service_pb.js";
import { detailsToPb } from "../../../object/v2/details.js";

export const moveUserInput = (request: MoveUserRequest): MoveUserInput => ({ userId: request.userId, organizationId: request.organizationId });

export const moveUserResponse = ({ details }: MoveUserResult): MoveUserResponse => create(MoveUserResponseSchema, { details: detailsToPb(details) });
