// protoc-gen-validate's `string.email` and `string.hostname`. PGV documents email as an RFC 5322 address;
// we accept exactly the addr-spec (local@domain) and nothing around it — no display name ("Ada <a@b.c>"), no
// comments, no surrounding spaces — then apply PGV's length limits and its hostname check to the domain.

const utf8 = new TextEncoder();
const byteLength = (text: string) => utf8.encode(text).length;

// RFC 5322 atext, widened to non-ASCII characters as RFC 6532 allows (as Go's net/mail does).
const atom = /^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~\u0080-\u{10FFFF}]+$/u;
const isDotAtom = (text: string) => text.split(".").every((part) => atom.test(part));

/** Why `text` is not a valid hostname by PGV's rules, or undefined when it is one. */
export function hostnameProblem(text: string): string | undefined {
  if (text.length > 253) return "hostname longer than 253 characters";
  const name = (text.endsWith(".") ? text.slice(0, -1) : text).toLowerCase();
  for (const label of name.split(".")) {
    if (label.length === 0 || label.length > 63) return "hostname labels must have 1 to 63 characters";
    if (label.startsWith("-") || label.endsWith("-")) return "hostname labels cannot begin or end with a hyphen";
    if (!/^[a-z0-9-]+$/.test(label)) return "hostname labels may contain only letters, digits and hyphens";
  }
  return undefined;
}

/** The unescaped content of an RFC 5322 quoted-string that makes up all of `text`, or undefined. */
function unquote(text: string): string | undefined {
  if (text.length < 2 || !text.startsWith('"') || !text.endsWith('"')) return undefined;
  let content = "";
  for (let i = 1; i < text.length - 1; i++) {
    const char = text[i]!;
    if (char === "\\") {
      const escaped = text[++i];
      // A backslash before the closing quote would escape it: the string never ends.
      if (escaped === undefined || i === text.length - 1 || !/^[\t\x20-\x7e]$/.test(escaped)) return undefined;
      content += escaped;
    } else if (char === '"' || (char < "\x20" && char !== "\t") || char === "\x7f") {
      return undefined;
    } else {
      content += char;
    }
  }
  return content;
}

/** Why `text` is not a valid email address, or undefined when it is one. */
export function emailProblem(text: string): string | undefined {
  if (text.endsWith(">")) return "only the bare address is accepted, without display name or angle brackets";
  const at = text.lastIndexOf("@");
  if (at < 0) return "missing @";
  const rawLocal = text.slice(0, at);
  const domain = text.slice(at + 1);
  const local = rawLocal.startsWith('"') ? unquote(rawLocal) : isDotAtom(rawLocal) ? rawLocal : undefined;
  if (local === undefined || local === "") return "invalid local part";
  if (!isDotAtom(domain)) return "invalid domain";
  // PGV measures the address with its local part unquoted, in bytes.
  if (byteLength(local) + 1 + byteLength(domain) > 254) return "address longer than 254 bytes";
  if (byteLength(local) > 64) return "local part longer than 64 bytes";
  return hostnameProblem(domain);
}
