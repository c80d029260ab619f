// SetPassword (a new password, optionally proven with the current one, optionally to be changed at next
// sign-in) and PasswordReset (a link by email or SMS, or the code shown here).
import { h, options } from "../dom.js";
import { actionForm, checkbox, field } from "../form.js";
import { NotificationType } from "../../../src/gen/zitadel/user/v2/password_pb.js";
import { card, type Section, type SectionContext } from "./section.js";

export function passwordForms(ctx: SectionContext): Section {
  const password = h("input", { name: "new_password.password", type: "password", autocomplete: "new-password" });
  const changeRequired = h("input", { name: "new_password.change_required" });
  const currentPassword = h("input", { name: "current_password", type: "password", autocomplete: "off" });
  const setForm = actionForm(
    { class: "set-password", "aria-label": "Set password" },
    [field("New password", password), checkbox("Must change it at next sign-in", changeRequired),
      field("Current password (optional)", currentPassword, "Without it, your administrator permission is used."),
      h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, "Set password"))],
    async () => {
      await ctx.clients.users.setPassword({
        userId: ctx.userId,
        newPassword: { password: password.value, changeRequired: changeRequired.checked },
        verification: currentPassword.value ? { case: "currentPassword", value: currentPassword.value } : { case: undefined },
      });
      password.value = currentPassword.value = "";
      await ctx.changed();
      return "Password set";
    },
  );

  const medium = h("select", { name: "medium" }, options([["email", "send a link by email"], ["sms", "send a link by SMS"], ["return", "show the code here"]]));
  const resetForm = actionForm(
    { class: "reset-password", "aria-label": "Reset password" },
    [field("Reset", medium), h("div", { class: "actions" }, h("button", { type: "submit" }, "Request password reset"))],
    async () => {
      const response = await ctx.clients.users.passwordReset({
        userId: ctx.userId,
        medium:
          medium.value === "return"
            ? { case: "returnCode", value: {} }
            : { case: "sendLink", value: { notificationType: medium.value === "sms" ? NotificationType.SMS : NotificationType.Email } },
      });
      await ctx.changed();
      return response.verificationCode ? `Reset code ${response.verificationCode}` : "Reset link sent";
    },
  );
  return { element: card("Password", setForm.form, h("hr"), resetForm.form), fill: () => undefined };
}
