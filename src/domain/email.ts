// Email addresses as ZITADEL accepts them: Go's net/mail addr-spec grammar (RFC 5322 dot-atom or quoted
// local part, RFC 6532 UTF-8 allowed) with no display name. ZITADEL keeps the address as typed apart from
// trimming, so we do not lower-case either: the local part is case-sensitive by RFC 5321, and users expect
// to see the address they entered.
//
// Where we are stricter than Go's ParseAddress, on purpose:
// - only the bare addr-spec: `<a@b.c>`, `a@b.c (comment)`, groups and whitespace around `@` are refused
//   (Go accepts them and ZITADEL would then store the decorated text as the address);
// - non-ASCII characters must be visible (letters, marks, digits, punctuation, symbols): invisible
//   separators, control and format characters (NBSP, zero-width space, bidi marks) are refused.
// Length limits (1–200) belong to request validation, not to this grammar.
import { isIP } from "node:net";
import { invalidField } from "./errors.js";

const RULE = "email.format";

/** RFC 5322 atext in ASCII: letters, digits and these symbols. */
const ASCII_ATEXT = /^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~]$/;
/** Visible non-ASCII characters (RFC 6532 allows UTF-8; invisible ones are refused, see above). */
const VISIBLE_NON_ASCII = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;

export function normalizeEmail(raw: string, field = "email"): string {
  const address = raw.trim();
  if (address === "") throw invalidField("EMAIL-Empty1", field, RULE, "Errors.User.Email.Empty: the email address is empty");
  if (looksLikeDisplayNameForm(address)) {
    throw invalidField("EMAIL-Named1", field, RULE, "Errors.User.Email.Invalid: give the bare address without a display name");
  }
  const problem = addrSpecProblem(address);
  if (problem !== undefined) throw invalidField("EMAIL-Inval1", field, RULE, `Errors.User.Email.Invalid: ${problem}`);
  return address;
}

/**
 * `Bob <a@b.c>`, `<a@b.c>` and `a@b.c (Bob)`: forms a mail header allows but an address field does not.
 * No addr-spec can end in `>` or `)`, so these get their own, clearer refusal.
 */
function looksLikeDisplayNameForm(address: string): boolean {
  return address.endsWith(">") || address.endsWith(")");
}

/** Why `address` is not an addr-spec, or undefined when it is one. */
function addrSpecProblem(address: string): string | undefined {
  const at = localPartEnd(address);
  if (at === undefined) return "the local part is malformed";
  if (address[at] !== "@") return "the address needs an @ after the local part";
  const local = address.slice(0, at);
  const domain = address.slice(at + 1);
  if (!local.startsWith('"')) {
    const problem = dotAtomProblem(local, "local part");
    if (problem !== undefined) return problem;
  }
  if (domain === "") return "the domain is missing";
  if (domain.startsWith("[")) return domainLiteralProblem(domain);
  return dotAtomProblem(domain, "domain");
}

/** Index just after the local part: after the closing quote of a quoted string, else at the first `@`. */
function localPartEnd(address: string): number | undefined {
  if (!address.startsWith('"')) {
    const at = address.indexOf("@");
    return at < 0 ? address.length : at;
  }
  const chars = Array.from(address);
  let index = 1;
  let offset = 1;
  let content = 0;
  while (index < chars.length) {
    const char = chars[index]!;
    if (char === '"') return content > 0 ? offset + 1 : undefined;
    if (char === "\\") {
      const escaped = chars[index + 1];
      if (escaped === undefined || !(isVisible(escaped) || escaped === " " || escaped === "\t")) return undefined;
      offset += 1 + escaped.length;
      index += 2;
    } else {
      if (!(isVisible(char) || char === " " || char === "\t")) return undefined;
      offset += char.length;
      index += 1;
    }
    content += 1;
  }
  return undefined;
}

function dotAtomProblem(text: string, part: string): string | undefined {
  if (text === "") return `the ${part} is empty`;
  if (text.startsWith(".") || text.endsWith(".")) return `the ${part} starts or ends with a dot`;
  if (text.includes("..")) return `the ${part} has two dots in a row`;
  for (const char of text) {
    if (char !== "." && !isAtext(char)) return `the ${part} contains ${describe(char)}`;
  }
  return undefined;
}

/** `[192.0.2.1]` or `[2001:db8::1]`: Go accepts domain literals that hold an IP address. */
function domainLiteralProblem(domain: string): string | undefined {
  if (!domain.endsWith("]")) return "the domain literal is not closed";
  return isIP(domain.slice(1, -1)) === 0 ? "the domain literal is not an IP address" : undefined;
}

function isAtext(char: string): boolean {
  return char.length === 1 && char.charCodeAt(0) < 0x80 ? ASCII_ATEXT.test(char) : VISIBLE_NON_ASCII.test(char);
}

/** RFC 5322 VCHAR plus visible non-ASCII: what a quoted string may hold besides space and tab. */
function isVisible(char: string): boolean {
  const code = char.codePointAt(0)!;
  return code < 0x80 ? code >= 0x21 && code <= 0x7e : VISIBLE_NON_ASCII.test(char);
}

function describe(char: string): string {
  const code = char.codePointAt(0)!;
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, "0")}`;
  return isVisible(char) ? `the character "${char}" (${hex})` : `an invisible or control character (${hex})`;
}
