// UpdateUser for the username and the profile (a human's names, language and gender; a machine's name and
// description). Only the fields that differ from the loaded user are sent, so an unchanged form writes nothing.
import type { MessageInitShape } from "@bufbuild/protobuf";
import { h, options } from "../dom.js";
import { actionForm, field, textInput } from "../form.js";
import { GENDERS } from "../format.js";
import type { User } from "../../../src/gen/zitadel/user/v2/user_pb.js";
import type { UpdateUserRequestSchema } from "../../../src/gen/zitadel/user/v2/user_service_pb.js";
import { card, type Section, type SectionContext } from "./section.js";

type UpdateInit = MessageInitShape<typeof UpdateUserRequestSchema>;

const PROFILE_TEXT = [
  ["givenName", "human.profile.given_name", "Given name"],
  ["familyName", "human.profile.family_name", "Family name"],
  ["nickName", "human.profile.nick_name", "Nickname"],
  ["displayName", "human.profile.display_name", "Display name"],
  ["preferredLanguage", "human.profile.preferred_language", "Preferred language"],
] as const;

export function profileForm(ctx: SectionContext, user: User): Section {
  const username = textInput("username");
  let loaded = user;
  if (user.type.case === "machine") return machineForm(ctx, user, username);

  const texts = PROFILE_TEXT.map(([key, name, label]) => ({ key, input: textInput(name), label }));
  const gender = h("select", { name: "human.profile.gender" }, options(GENDERS.map(([v, l]) => [String(v), l] as const)));
  const { form } = actionForm(
    { class: "profile", "aria-label": "Profile" },
    [field("Username", username), ...texts.map((t) => field(t.label, t.input, t.key === "preferredLanguage" ? "A language tag, e.g. en or de-CH." : undefined)),
      field("Gender", gender), h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, "Save profile"))],
    async () => {
      const was = loaded.type.case === "human" ? loaded.type.value.profile : undefined;
      const profile: Record<string, string | number> = {};
      for (const t of texts) if (t.input.value.trim() !== (was?.[t.key] ?? "")) profile[t.key] = t.input.value.trim();
      if (Number(gender.value) !== (was?.gender ?? 0)) profile.gender = Number(gender.value);
      const request: UpdateInit = { userId: ctx.userId, userType: { case: "human", value: {} } };
      if (username.value.trim() !== loaded.username) request.username = username.value.trim();
      if (Object.keys(profile).length > 0) request.userType = { case: "human", value: { profile } };
      if (request.username === undefined && Object.keys(profile).length === 0) return "Nothing changed";
      await ctx.clients.users.updateUser(request);
      await ctx.changed();
      return "Profile saved";
    },
  );
  const fill = (next: User) => {
    loaded = next;
    username.value = next.username;
    const profile = next.type.case === "human" ? next.type.value.profile : undefined;
    for (const t of texts) t.input.value = profile?.[t.key] ?? "";
    gender.value = String(profile?.gender ?? 0);
  };
  fill(user);
  return { element: card("Profile", form), fill };
}

function machineForm(ctx: SectionContext, user: User, username: HTMLInputElement): Section {
  let loaded = user;
  const name = textInput("machine.name");
  const description = textInput("machine.description");
  const { form } = actionForm(
    { class: "profile", "aria-label": "Machine" },
    [field("Username", username), field("Name", name), field("Description", description),
      h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, "Save"))],
    async () => {
      const was = loaded.type.case === "machine" ? loaded.type.value : undefined;
      const value: { name?: string; description?: string } = {};
      if (name.value.trim() !== (was?.name ?? "")) value.name = name.value.trim();
      if (description.value.trim() !== (was?.description ?? "")) value.description = description.value.trim();
      const changedUsername = username.value.trim() !== loaded.username ? username.value.trim() : undefined;
      if (!changedUsername && Object.keys(value).length === 0) return "Nothing changed";
      await ctx.clients.users.updateUser({ userId: ctx.userId, username: changedUsername, userType: { case: "machine", value } });
      await ctx.changed();
      return "Saved";
    },
  );
  const fill = (next: User) => {
    loaded = next;
    username.value = next.username;
    name.value = next.type.case === "machine" ? next.type.value.name : "";
    description.value = next.type.case === "machine" ? next.type.value.description : "";
  };
  fill(user);
  return { element: card("Machine", form), fill };
}
