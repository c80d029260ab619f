// What the API layer hands to the user commands, free of protobuf types.
import type { Verification } from "./verification-code.js";

export interface ProfileInput {
  givenName: string;
  familyName: string;
  /** undefined: leave as is (update) or empty (create); "" clears. */
  nickName?: string;
  displayName?: string;
  preferredLanguage?: string;
  gender?: number;
}

export interface EmailInput {
  address: string;
  verification: Verification;
}

export interface PhoneInput {
  /** "" removes the phone (update). */
  number: string;
  verification: Verification;
}

export interface PasswordInput {
  plain?: string;
  encodedHash?: string;
  changeRequired: boolean;
  currentPassword?: string;
  verificationCode?: string;
}

export interface MetadataEntry {
  key: string;
  value: Uint8Array;
}

export interface AddHumanInput {
  userId?: string;
  username?: string;
  org?: { id: string } | { domain: string };
  profile: ProfileInput;
  email: EmailInput;
  phone?: PhoneInput;
  metadata: MetadataEntry[];
  password?: PasswordInput;
}

/** A profile update: only what is set changes (UpdateUser may send just the nickname). */
export type ProfileChange = Partial<ProfileInput>;

export interface ChangeHumanInput {
  userId: string;
  username?: string;
  profile?: ProfileChange;
  email?: EmailInput;
  phone?: PhoneInput;
  password?: PasswordInput;
}

export interface Details {
  sequence: number;
  changeDate: Date;
  creationDate: Date;
  resourceOwner: string;
}

export interface HumanResult {
  userId: string;
  details: Details;
  emailCode?: string;
  phoneCode?: string;
}
