// The primary domain ZITADEL gives a new organisation: its name as a DNS label under the instance's domain
// ("ACME Corp" → "acme-corp.example.com"). Each space becomes a hyphen; anything but letters, marks, digits and
// hyphens is dropped (these domains only suffix login names, so non-ASCII letters may stay); the label is
// cut to 63 characters and the whole domain to 253; a label left empty is refused.
import { invalidField } from "../../domain/errors.js";

const MAX_LABEL = 63;
const MAX_DOMAIN = 253;

export function orgDomainFromName(name: string, instanceDomain: string): string {
  let label = [...name.trim().replaceAll(" ", "-").replace(/[^\p{L}\p{M}\p{N}-]+/gu, "")];
  label = label.slice(0, Math.min(MAX_LABEL, MAX_DOMAIN - instanceDomain.length - 1));
  const trimmed = label.join("").replace(/^-+|-+$/g, "");
  if (trimmed === "") {
    throw invalidField("COMMAND-OrgDm1", "name", "org.domain", "Errors.Org.Domain.EmptyString: the name leaves no characters for a domain");
  }
  return `${trimmed}.${instanceDomain}`.toLowerCase();
}
