// A web address as people type it into a profile: `https://example.com/x`, `http://…`, or without a scheme
// (`clone-systems.com`, as Clone Systems' own example has it). Kept as given; refused when it does not read as
// an http(s) URL with a host name that has a dot (or is localhost), or holds spaces or control characters.
import { invalidField } from "./errors.js";

export function checkWebAddress(raw: string, field = "url"): string {
  const problem = webAddressProblem(raw);
  if (problem !== undefined) throw invalidField("URL-Inval1", field, "url.http", `Errors.Url.Invalid: ${problem}`);
  return raw;
}

function webAddressProblem(raw: string): string | undefined {
  if (/[\s\p{Cc}]/u.test(raw)) return "a web address has no spaces or control characters";
  const withScheme = /^[a-z][a-z0-9+.-]*:/i.test(raw) ? raw : `https://${raw}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return "not a web address";
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return "only http and https addresses";
  if (url.hostname !== "localhost" && !/\.[^.]+$/.test(url.hostname)) return "the host name needs a domain, e.g. example.com";
  return undefined;
}
