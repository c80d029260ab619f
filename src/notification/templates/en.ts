// English messages: the fallback for every language without its own texts.
import { codeLine, linkButton } from "./html-parts.js";
import type { MessageTexts } from "./message-texts.js";

export const en: MessageTexts = {
  email: {
    email_verification: {
      subject: "Verify your email address",
      text: `Hello {{.DisplayName}},

please confirm that this email address belongs to you: open the link below, or enter the code where you were asked for it.

{{.Link}}

Code: {{.Code}}

If you did not ask for this, ignore this email; nothing changes without the code.
`,
      html: `<p>Hello {{.DisplayName}},</p>
<p>please confirm that this email address belongs to you: use the button below, or enter the code where you were asked for it.</p>
${linkButton("Verify email address")}
${codeLine("Code:")}
<p style="color:#52525b;font-size:14px">If you did not ask for this, ignore this email; nothing changes without the code.</p>`,
    },
    password_reset: {
      subject: "Reset your password",
      text: `Hello {{.DisplayName}},

someone asked to reset the password of {{.LoginName}}. Open the link below to choose a new password, or enter the code where you were asked for it.

{{.Link}}

Code: {{.Code}}

If you did not ask for this, ignore this email; your password stays as it is.
`,
      html: `<p>Hello {{.DisplayName}},</p>
<p>someone asked to reset the password of <strong>{{.LoginName}}</strong>. Use the button below to choose a new password, or enter the code where you were asked for it.</p>
${linkButton("Choose a new password")}
${codeLine("Code:")}
<p style="color:#52525b;font-size:14px">If you did not ask for this, ignore this email; your password stays as it is.</p>`,
    },
  },
  sms: {
    phone_verification: "Your verification code: {{.Code}}",
    password_reset: "Your password reset code: {{.Code}}\n{{.Link}}",
  },
};
