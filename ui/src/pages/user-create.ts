// Create a user (CreateUser): a human with names, email and an optional password, or a machine with a name, in
// an organisation. Inputs carry the request's field paths, so the server's field violations land beside them.
import { h, options } from "../dom.js";
import { actionForm, checkbox, field, textInput } from "../form.js";
import { pageHeading, type Page, type PageContext } from "../page.js";

export function userCreatePage(ctx: PageContext): Page {
  const organization = h("select", { name: "organization_id", required: true }, options([["", "loading…"]]));
  const username = textInput("username");
  const givenName = textInput("human.profile.given_name", { autocomplete: "off" });
  const familyName = textInput("human.profile.family_name");
  const email = textInput("human.email.email", { type: "email" });
  const emailVerified = h("input", { name: "human.email.is_verified" });
  const password = h("input", { name: "human.password.password", type: "password", autocomplete: "new-password" });
  const changeRequired = h("input", { name: "human.password.change_required" });
  const machineName = textInput("machine.name");
  const description = textInput("machine.description");

  const human = h("fieldset", { class: "human" }, h("legend", {}, "Person"),
    field("Given name", givenName), field("Family name", familyName), field("Email", email), checkbox("Email is verified (no code is sent)", emailVerified),
    field("Password (optional)", password), checkbox("Must change the password at next sign-in", changeRequired));
  const machine = h("fieldset", { class: "machine", hidden: true }, h("legend", {}, "Machine"), field("Name", machineName), field("Description (optional)", description));
  const kind = (value: string, label: string, checked: boolean) =>
    h("label", { class: "radio" }, h("input", { type: "radio", name: "kind", value, checked, onchange: () => switchKind() }), ` ${label}`);
  const kindChoice = h("fieldset", { class: "kind" }, h("legend", {}, "Type"), kind("human", "Human", true), kind("machine", "Machine", false));
  const isMachine = () => kindChoice.querySelector<HTMLInputElement>("input:checked")?.value === "machine";
  const switchKind = () => {
    machine.hidden = !isMachine();
    human.hidden = isMachine();
  };

  ctx.clients.orgs.listOrganizations({ query: { limit: 100, asc: true } }).then(
    (response) => organization.replaceChildren(...options(response.result.map((o) => [o.id, `${o.name} (${o.id})`] as const))),
    () => organization.replaceChildren(...options([["", "organisations could not be loaded"]])),
  );

  const { form } = actionForm(
    { class: "card create-user", "aria-label": "New user" },
    [kindChoice, field("Organisation", organization), field("Username (optional)", username, "Empty: the email (human) or the id (machine)."), human, machine,
      h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, "Create user"))],
    async () => {
      const common = { organizationId: organization.value, username: username.value.trim() || undefined };
      const response = await ctx.clients.users.createUser(
        isMachine()
          ? { ...common, userType: { case: "machine", value: { name: machineName.value.trim(), description: description.value.trim() || undefined } } }
          : {
              ...common,
              userType: {
                case: "human",
                value: {
                  profile: { givenName: givenName.value.trim(), familyName: familyName.value.trim() },
                  email: { email: email.value.trim(), verification: emailVerified.checked ? { case: "isVerified", value: true } : { case: "sendCode", value: {} } },
                  passwordType: password.value ? { case: "password", value: { password: password.value, changeRequired: changeRequired.checked } } : { case: undefined },
                },
              },
            },
      );
      ctx.navigate(`#/users/${encodeURIComponent(response.id)}`);
      return "Created";
    },
  );
  return { title: "New user", element: h("section", { class: "page narrow" }, pageHeading("New user"), form) };
}
