// GetUserByID: the projection row → zitadel.user.v2.User. As ZITADEL's converter, the deprecated copies inside
// `human` (user_id, state, username, login_names, preferred_login_name) stay empty: they live on User itself.
import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { UserType } from "../../../domain/user-row.js";
import { languageOrUndetermined } from "../../../domain/language.js";
import { EVENT_TIME } from "../../../domain/event-time.js";
import type { UserView } from "../../../query/user-by-id.js";
import { GetUserByIDResponseSchema, type GetUserByIDResponse } from "../../../gen/zitadel/user/v2/user_service_pb.js";
import { UserSchema, type User } from "../../../gen/zitadel/user/v2/user_pb.js";
import { detailsToPb } from "../../object/v2/details.js";

export function userToPb({ row, loginNames, preferredLoginName }: UserView): User {
  const common = { userId: row.id, state: row.state, username: row.username, loginNames, preferredLoginName };
  const changed = row.passwordChanged instanceof Date ? row.passwordChanged : undefined;
  const type =
    row.type === UserType.machine
      ? {
          case: "machine" as const,
          value: { name: row.machineName ?? "", description: row.machineDescription ?? "", hasSecret: false, accessTokenType: row.accessTokenType ?? 0 },
        }
      : {
          case: "human" as const,
          value: {
            profile: {
              givenName: row.givenName ?? "",
              familyName: row.familyName ?? "",
              nickName: row.nickName ?? "",
              displayName: row.displayName ?? "",
              preferredLanguage: languageOrUndetermined(row.preferredLanguage),
              gender: row.gender ?? 0,
              avatarUrl: "",
            },
            email: { email: row.email ?? "", isVerified: row.emailVerified },
            phone: { phone: row.phone ?? "", isVerified: row.phoneVerified },
            passwordChangeRequired: row.passwordChangeRequired,
            passwordChanged: changed && changed !== (EVENT_TIME as unknown) ? timestampFromDate(changed) : undefined,
          },
        };
  return create(UserSchema, {
    ...common,
    details: detailsToPb({ ...row }),
    type,
  });
}

export function getUserByIdResponse(view: UserView): GetUserByIDResponse {
  return create(GetUserByIDResponseSchema, { details: detailsToPb({ ...view.row }), user: userToPb(view) });
}
