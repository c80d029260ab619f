// A human's email and phone through UpdateUser, with how the new value is verified: a code sent to the user,
// marked verified by the administrator, or the code returned here. Each also resends its current code
// (ResendEmailCode / ResendPhoneCode). An emptied phone removes it.
import { h, options } from "../dom.js";
import { actionForm, field, runForm, textInput } from "../form.js";
import { card, type Section, type SectionContext } from "./section.js";

type Verification = "send" | "verified" | "return";
const VERIFICATIONS: readonly (readonly [Verification, string])[] = [
  ["send", "send the user a code"],
  ["verified", "mark as verified"],
  ["return", "show the code here"],
];

const verifiedLabel = (value: string, verified: boolean) => (value === "" ? "none" : verified ? "verified" : "not verified");

export function contactForms(ctx: SectionContext): Section {
  const email = contactForm(ctx, "email");
  const phone = contactForm(ctx, "phone");
  return {
    element: card("Email and phone", email.element, phone.element),
    fill(user) {
      email.fill(user);
      phone.fill(user);
    },
  };
}

function contactForm(ctx: SectionContext, kind: "email" | "phone"): Section {
  const label = kind === "email" ? "Email" : "Phone";
  const input = textInput(`human.${kind}.${kind}`, { type: kind === "email" ? "email" : "tel" });
  const verification = h("select", { name: `human.${kind}.verification` }, options(VERIFICATIONS));
  const state = h("span", { class: "badge" });
  const resend = h("button", { type: "button" }, "Resend code");
  let current = { value: "", verified: false };

  const { form, status } = actionForm(
    { class: `contact ${kind}`, "aria-label": label },
    [h("p", { class: "contact-state" }, `${label}: `, state), field(kind === "email" ? "Email address" : "Phone number", input, kind === "phone" ? "E.164, e.g. +41791234567; empty removes it." : undefined),
      field("Verification", verification), h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, `Save ${kind}`), resend)],
    async () => {
      const value = input.value.trim();
      const how = verification.value as Verification;
      if (value === current.value && (how !== "verified" || current.verified)) return "Nothing changed";
      const chosen =
        how === "verified" ? ({ case: "isVerified", value: true } as const) : how === "return" ? ({ case: "returnCode", value: {} } as const) : ({ case: "sendCode", value: {} } as const);
      // Removing a phone takes no verification (the server refuses one).
      const human = kind === "email" ? { email: { email: value, verification: chosen } } : { phone: { phone: value, verification: value === "" ? { case: undefined } : chosen } };
      const response = await ctx.clients.users.updateUser({ userId: ctx.userId, userType: { case: "human", value: human } });
      await ctx.changed();
      const code = kind === "email" ? response.emailCode : response.phoneCode;
      return code ? `${label} saved; verification code ${code}` : `${label} saved`;
    },
  );
  resend.addEventListener("click", () => {
    void runForm(form, status, async () => {
      if (kind === "email") await ctx.clients.users.resendEmailCode({ userId: ctx.userId });
      else await ctx.clients.users.resendPhoneCode({ userId: ctx.userId });
      await ctx.changed();
      return "Code sent again";
    });
  });

  return {
    element: form,
    fill(user) {
      const human = user.type.case === "human" ? user.type.value : undefined;
      const contact = kind === "email" ? human?.email : human?.phone;
      current = { value: (kind === "email" ? human?.email?.email : human?.phone?.phone) ?? "", verified: contact?.isVerified ?? false };
      input.value = current.value;
      state.textContent = verifiedLabel(current.value, current.verified);
      state.className = `badge ${current.verified ? "state-active" : "state-initial"}`;
      resend.hidden = current.value === "" || current.verified;
    },
  };
}
