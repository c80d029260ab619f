// The send_code / return_code oneof of the code requests (ResendEmailCode, SendEmailCode, ResendPhoneCode)
// as a command choice; nothing set means "send", as in ZITADEL.
import type { CodeDelivery } from "../../../command/user/contact-inputs.js";

type DeliveryOneof =
  | { case: "sendCode"; value: { $typeName: string; urlTemplate?: string } }
  | { case: "returnCode"; value: object }
  | { case: undefined; value?: undefined };

export function codeDeliveryOf(oneof: DeliveryOneof): CodeDelivery {
  if (oneof.case === "returnCode") return { mode: "return" };
  if (oneof.case === "sendCode" && oneof.value.urlTemplate !== undefined) return { mode: "send", urlTemplate: oneof.value.urlTemplate };
  return { mode: "send" };
}
