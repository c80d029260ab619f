// Documented REST paths of the email, phone and password RPCs (from ZITADEL's google.api.http annotations
// of zitadel.user.v2.UserService): every one carries the user id in the path and the rest as the body.
import { userIdSegment, without, type RestRoutes } from "./rest-routes.js";

const userPost = (suffix: string) => (r: Parameters<RestRoutes[string]>[0]) => ({
  method: "POST",
  path: `/v2/users/${userIdSegment(r)}/${suffix}`,
  body: without(r, "userId"),
});

export const contactRoutes: RestRoutes = {
  SetEmail: userPost("email"),
  ResendEmailCode: userPost("email/resend"),
  SendEmailCode: userPost("email/send"),
  VerifyEmail: userPost("email/verify"),
  SetPhone: userPost("phone"),
  // DELETE with a body ("*"), as the published binding declares it.
  RemovePhone: (r) => ({ method: "DELETE", path: `/v2/users/${userIdSegment(r)}/phone`, body: without(r, "userId") }),
  ResendPhoneCode: userPost("phone/resend"),
  VerifyPhone: userPost("phone/verify"),
  PasswordReset: userPost("password_reset"),
  SetPassword: userPost("password"),
};
