// The shape of one language's messages. Texts are Go text/template strings in the subset of
// src/domain/url-template.ts; in `html` every value is HTML-escaped before it is inserted.

/** Values a message text may use. */
export const TEXT_VARIABLES = ["DisplayName", "LoginName", "PreferredLoginName", "UserID", "OrgID", "Code", "Link"] as const;
export type TextVariable = (typeof TEXT_VARIABLES)[number];

export interface EmailTexts {
  subject: string;
  text: string;
  /** The body's inner HTML; src/notification/templates/html-layout.ts wraps it into a document. */
  html: string;
}

export interface MessageTexts {
  email: {
    email_verification: EmailTexts;
    password_reset: EmailTexts;
  };
  sms: {
    phone_verification: string;
    password_reset: string;
  };
}
