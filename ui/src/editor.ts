// The edit form: GetUserByID fills it, Save sends UpdateHumanUser with the profile and, when changed, the email
// and phone, then shows the new details.sequence. Unchanged email and phone are left out so that saving a name
// does not send a new verification code.
import type { MessageInitShape } from "@bufbuild/protobuf";
import type { HumanUser } from "../../src/gen/zitadel/user/v2/user_pb.js";
import type { UpdateHumanUserRequestSchema } from "../../src/gen/zitadel/user/v2/user_service_pb.js";
import type { UserClient } from "./client.js";

type UpdateInit = MessageInitShape<typeof UpdateHumanUserRequestSchema>;

const TEXT_FIELDS = ["givenName", "familyName", "displayName", "nickName", "preferredLanguage", "email", "phone"] as const;
type TextField = (typeof TEXT_FIELDS)[number];

export interface Loaded {
  userId: string;
  sequence: bigint;
  email: string;
  emailVerified: boolean;
  phone: string;
}

const input = (id: string) => document.getElementById(id) as HTMLInputElement;

export async function loadUser(client: UserClient, userId: string): Promise<Loaded> {
  const { user } = await client.getUserByID({ userId });
  if (!user || user.type.case !== "human") throw new Error("only human users can be edited here");
  fillForm(user.type.value);
  return {
    userId,
    sequence: user.details?.sequence ?? 0n,
    email: user.type.value.email?.email ?? "",
    emailVerified: user.type.value.email?.isVerified ?? false,
    phone: user.type.value.phone?.phone ?? "",
  };
}

function fillForm(human: HumanUser): void {
  const values: Record<TextField, string> = {
    givenName: human.profile?.givenName ?? "",
    familyName: human.profile?.familyName ?? "",
    displayName: human.profile?.displayName ?? "",
    nickName: human.profile?.nickName ?? "",
    preferredLanguage: human.profile?.preferredLanguage ?? "",
    email: human.email?.email ?? "",
    phone: human.phone?.phone ?? "",
  };
  for (const field of TEXT_FIELDS) input(field).value = values[field];
  input("emailVerified").checked = human.email?.isVerified ?? false;
}

/** Sends the form; answers the new sequence. */
export async function saveUser(client: UserClient, loaded: Loaded): Promise<bigint> {
  const value = (id: TextField) => input(id).value.trim();
  const request: UpdateInit = {
    userId: loaded.userId,
    profile: {
      givenName: value("givenName"),
      familyName: value("familyName"),
      displayName: value("displayName"),
      nickName: value("nickName"),
      preferredLanguage: value("preferredLanguage"),
    },
  };
  const verified = input("emailVerified").checked;
  if (value("email") !== loaded.email || (verified && !loaded.emailVerified)) {
    // Checked: an administrator confirms the address; unchecked: the server sends the user a code.
    request.email = { email: value("email"), verification: verified ? { case: "isVerified", value: true } : { case: undefined } };
  }
  // An emptied phone is sent too: UpdateHumanUser reads an empty phone as "remove it".
  if (value("phone") !== loaded.phone) request.phone = { phone: value("phone") };
  const response = await client.updateHumanUser(request);
  return response.details?.sequence ?? loaded.sequence;
}
