// Turns a flow, a language and the values of one message into its subject and bodies. Every template is
// compiled when this module loads, so a broken text stops the server at start, not a delivery later.
import { compileUrlTemplate, type UrlTemplate } from "../domain/url-template.js";
import { de } from "./templates/de.js";
import { en } from "./templates/en.js";
import { HTML_LAYOUT, HTML_LAYOUT_VARIABLES } from "./templates/html-layout.js";
import { TEXT_VARIABLES, type MessageTexts, type TextVariable } from "./templates/message-texts.js";

export const DEFAULT_LANGUAGE = "en";

const catalog: Readonly<Record<string, MessageTexts>> = { en, de };

export type TextValues = Readonly<Record<TextVariable, string>>;

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

interface CompiledLanguage {
  email: Record<string, { subject: UrlTemplate; text: UrlTemplate; html: UrlTemplate }>;
  sms: Record<string, UrlTemplate>;
}

const compile = (text: string, where: string) => compileUrlTemplate(text, TEXT_VARIABLES, where);
const compiled = new Map<string, CompiledLanguage>(
  Object.entries(catalog).map(([language, texts]) => [
    language,
    {
      email: Object.fromEntries(
        Object.entries(texts.email).map(([flow, t]) => [
          flow,
          { subject: compile(t.subject, `${language}.email.${flow}.subject`), text: compile(t.text, `${language}.email.${flow}.text`), html: compile(t.html, `${language}.email.${flow}.html`) },
        ]),
      ),
      sms: Object.fromEntries(Object.entries(texts.sms).map(([flow, text]) => [flow, compile(text, `${language}.sms.${flow}`)])),
    },
  ]),
);
const layout = compileUrlTemplate(HTML_LAYOUT, HTML_LAYOUT_VARIABLES, "html-layout");

/** The languages with their own texts. */
export const MESSAGE_LANGUAGES: readonly string[] = [...compiled.keys()];

/** The user's preferred language if we have texts in it (region ignored: de-CH reads German), else English. */
export function messageLanguage(preferred: string | null | undefined): string {
  if (!preferred) return DEFAULT_LANGUAGE;
  try {
    const language = new Intl.Locale(preferred).language;
    return compiled.has(language) ? language : DEFAULT_LANGUAGE;
  } catch {
    return DEFAULT_LANGUAGE;
  }
}

/** The email for `flow` in `language`, or undefined when that flow sends no email. */
export function renderEmail(flow: string, language: string, values: TextValues): RenderedEmail | undefined {
  const templates = textsOf(language).email[flow];
  if (!templates) return undefined;
  const subject = templates.subject.render(values);
  const body = templates.html.render(htmlValues(values));
  return {
    subject,
    text: templates.text.render(values),
    html: layout.render({ Language: escapeHtml(language), Subject: escapeHtml(subject), Body: body }),
  };
}

/** The SMS text for `flow` in `language`, or undefined when that flow sends no SMS. */
export function renderSms(flow: string, language: string, values: TextValues): string | undefined {
  return textsOf(language).sms[flow]?.render(values);
}

const textsOf = (language: string): CompiledLanguage => compiled.get(language) ?? compiled.get(DEFAULT_LANGUAGE)!;

function htmlValues(values: TextValues): Record<string, string> {
  const escaped: Record<string, string> = {};
  for (const [name, value] of Object.entries(values)) escaped[name] = escapeHtml(value);
  // A link is clicked, so a script URL (from a caller's url_template) must not become one.
  if (/^\s*(javascript|vbscript|data):/i.test(values.Link)) escaped.Link = "#";
  return escaped;
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}
