// Texts per flow and language, HTML escaping, the language choice, and the link in a message.
import { describe, expect, it } from "vitest";
import { messageLink } from "../../src/notification/message-link.js";
import { MESSAGE_LANGUAGES, messageLanguage, renderEmail, renderSms } from "../../src/notification/render-message.js";

const values = {
  DisplayName: "Ada <Lovelace> & \"Co\"",
  LoginName: "ada",
  PreferredLoginName: "ada@example.com",
  UserID: "u1",
  OrgID: "o1",
  Code: "AB12CD",
  Link: "https://login.example.com/x?a=1&b=2",
};

describe("message texts", () => {
  it("exist in English and German for every flow, and use the code and the link", () => {
    expect([...MESSAGE_LANGUAGES].sort()).toEqual(["de", "en"]);
    for (const language of MESSAGE_LANGUAGES) {
      for (const flow of ["email_verification", "password_reset"]) {
        const email = renderEmail(flow, language, values)!;
        expect(email.subject.length).toBeGreaterThan(0);
        expect(email.text).toContain("AB12CD");
        expect(email.text).toContain(values.Link);
        expect(email.html).toContain("AB12CD");
        expect(email.html).toContain(`<html lang="${language}">`);
        expect(`${email.subject}${email.text}${email.html}`).not.toContain("{{");
      }
      expect(renderSms("phone_verification", language, values)).toContain("AB12CD");
      expect(renderSms("password_reset", language, values)).toContain(values.Link);
    }
    expect(renderEmail("email_verification", "de", values)!.subject).toBe("Bestätigen Sie Ihre E-Mail-Adresse");
    expect(renderEmail("email_verification", "en", values)!.subject).toBe("Verify your email address");
  });

  it("has no email for phone verification and no SMS for email verification", () => {
    expect(renderEmail("phone_verification", "en", values)).toBeUndefined();
    expect(renderSms("email_verification", "en", values)).toBeUndefined();
  });

  it("escapes values in HTML, not in plain text", () => {
    const email = renderEmail("email_verification", "en", values)!;
    expect(email.text).toContain('Hello Ada <Lovelace> & "Co",');
    expect(email.html).toContain("Hello Ada &lt;Lovelace&gt; &amp; &quot;Co&quot;,");
    expect(email.html).toContain('href="https://login.example.com/x?a=1&amp;b=2"');
    expect(email.html).not.toContain("<Lovelace>");
  });

  it("never makes a script URL clickable", () => {
    const email = renderEmail("email_verification", "en", { ...values, Link: " JavaScript:alert(1)" })!;
    expect(email.html).toContain('href="#"');
    expect(email.html).not.toMatch(/href="\s*javascript/i);
  });

  it("picks the user's language, regions and unknown tags falling back", () => {
    expect(messageLanguage("de")).toBe("de");
    expect(messageLanguage("de-CH")).toBe("de");
    expect(messageLanguage("en-GB")).toBe("en");
    expect(messageLanguage("fr")).toBe("en");
    expect(messageLanguage("und")).toBe("en");
    expect(messageLanguage(null)).toBe("en");
    expect(messageLanguage("not a tag")).toBe("en");
  });
});

describe("message links", () => {
  const linkValues = { UserID: "u 1", Code: "AB12CD", OrgID: "o&1", LoginName: "ada", DisplayName: "Ada L", PreferredLoginName: "ada@x" };

  it("renders the caller's template with the values as they are (as Go's text/template does)", () => {
    expect(messageLink("email_verification", "myapp://verify/{{.UserID}}/{{ .Code }}?n={{.DisplayName}}&l={{.LoginName}}&p={{.PreferredLoginName}}&o={{.OrgID}}", "https://x", linkValues)).toBe(
      "myapp://verify/u 1/AB12CD?n=Ada L&l=ada&p=ada@x&o=o&1",
    );
  });

  it("builds ZITADEL's login paths under PUBLIC_URL, query values encoded", () => {
    expect(messageLink("email_verification", undefined, "https://id.example.com", linkValues)).toBe(
      "https://id.example.com/ui/login/mail/verification?userID=u+1&code=AB12CD&orgID=o%261",
    );
    expect(messageLink("password_reset", undefined, "https://id.example.com", linkValues)).toBe(
      "https://id.example.com/ui/login/password/init?userID=u+1&code=AB12CD&orgID=o%261",
    );
    expect(messageLink("phone_verification", undefined, "https://id.example.com", linkValues)).toBeUndefined();
  });
});
