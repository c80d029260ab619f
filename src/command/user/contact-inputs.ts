// What the API layer hands to the email, phone and password RPC commands, free of protobuf types.
import type { Details, PasswordInput } from "./inputs.js";
import type { Verification } from "./verification-code.js";

/** A code is either sent (optionally with a link template) or answered to the caller. */
export type CodeDelivery = Exclude<Verification, { mode: "verified" }>;

export type ContactKind = "email" | "phone";

/** SetEmail / SetPhone. */
export interface SetContactInput {
  userId: string;
  value: string;
  verification: Verification;
}

/** ResendEmailCode / SendEmailCode / ResendPhoneCode. */
export interface ContactCodeInput {
  userId: string;
  delivery: CodeDelivery;
}

/** VerifyEmail / VerifyPhone. */
export interface VerifyCodeInput {
  userId: string;
  code: string;
}

/** PasswordReset: the link goes by email or SMS, or the code comes back to the caller. */
export interface PasswordResetInput {
  userId: string;
  delivery: { mode: "send"; channel: "email" | "sms"; urlTemplate?: string } | { mode: "return" };
}

/** SetPassword: the new password and at most one proof (current password or reset code). */
export interface SetPasswordInput {
  userId: string;
  password: PasswordInput;
}

export interface CodeResult {
  details: Details;
  /** Only when the caller asked for the code back. */
  code?: string;
}
