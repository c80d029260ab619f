// German messages (formal address, as German service mail usually is).
import { codeLine, linkButton } from "./html-parts.js";
import type { MessageTexts } from "./message-texts.js";

export const de: MessageTexts = {
  email: {
    email_verification: {
      subject: "Bestätigen Sie Ihre E-Mail-Adresse",
      text: `Hallo {{.DisplayName}},

bitte bestätigen Sie, dass diese E-Mail-Adresse Ihnen gehört: Öffnen Sie den Link unten oder geben Sie den Code dort ein, wo Sie danach gefragt wurden.

{{.Link}}

Code: {{.Code}}

Falls Sie das nicht angefordert haben, ignorieren Sie diese E-Mail; ohne den Code ändert sich nichts.
`,
      html: `<p>Hallo {{.DisplayName}},</p>
<p>bitte bestätigen Sie, dass diese E-Mail-Adresse Ihnen gehört: Verwenden Sie die Schaltfläche unten oder geben Sie den Code dort ein, wo Sie danach gefragt wurden.</p>
${linkButton("E-Mail-Adresse bestätigen")}
${codeLine("Code:")}
<p style="color:#52525b;font-size:14px">Falls Sie das nicht angefordert haben, ignorieren Sie diese E-Mail; ohne den Code ändert sich nichts.</p>`,
    },
    password_reset: {
      subject: "Passwort zurücksetzen",
      text: `Hallo {{.DisplayName}},

jemand möchte das Passwort von {{.LoginName}} zurücksetzen. Öffnen Sie den Link unten, um ein neues Passwort zu wählen, oder geben Sie den Code dort ein, wo Sie danach gefragt wurden.

{{.Link}}

Code: {{.Code}}

Falls Sie das nicht angefordert haben, ignorieren Sie diese E-Mail; Ihr Passwort bleibt, wie es ist.
`,
      html: `<p>Hallo {{.DisplayName}},</p>
<p>jemand möchte das Passwort von <strong>{{.LoginName}}</strong> zurücksetzen. Verwenden Sie die Schaltfläche unten, um ein neues Passwort zu wählen, oder geben Sie den Code dort ein, wo Sie danach gefragt wurden.</p>
${linkButton("Neues Passwort wählen")}
${codeLine("Code:")}
<p style="color:#52525b;font-size:14px">Falls Sie das nicht angefordert haben, ignorieren Sie diese E-Mail; Ihr Passwort bleibt, wie es ist.</p>`,
    },
  },
  sms: {
    phone_verification: "Ihr Bestätigungscode: {{.Code}}",
    password_reset: "Ihr Code zum Zurücksetzen des Passworts: {{.Code}}\n{{.Link}}",
  },
};
