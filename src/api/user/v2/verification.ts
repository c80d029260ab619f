// The send_code / return_code / is_verified oneof of SetHumanEmail and SetHumanPhone (and of the requests
// that repeat it) as a command choice.
import type { Verification } from "../../../command/user/verification-code.js";
import type { SetHumanEmail } from "../../../gen/zitadel/user/v2/email_pb.js";
import type { SetHumanPhone } from "../../../gen/zitadel/user/v2/phone_pb.js";

/** Takes any message with SetHumanEmail's oneof (SetHumanEmail, SetEmailRequest, the code requests). */
export function emailVerificationOf(email: Pick<SetHumanEmail, "verification">): Verification {
  const v = email.verification;
  if (v.case === "returnCode") return { mode: "return" };
  if (v.case === "isVerified" && v.value) return { mode: "verified" };
  if (v.case === "sendCode" && v.value.urlTemplate !== undefined) return { mode: "send", urlTemplate: v.value.urlTemplate };
  return { mode: "send" };
}

export function phoneVerificationOf(phone: Pick<SetHumanPhone, "verification">): Verification {
  const v = phone.verification;
  if (v.case === "returnCode") return { mode: "return" };
  if (v.case === "isVerified" && v.value) return { mode: "verified" };
  return { mode: "send" };
}
