// The link in a message: the caller's `url_template` when the command was given one (rendered like
// ZITADEL does, values inserted as they are), else a link to the login UI under PUBLIC_URL on the paths
// ZITADEL's login uses, so a ZITADEL login in front of this service works unchanged.
import { LINK_TEMPLATE_VARIABLES } from "../command/user/normalize-input.js";
import { compileUrlTemplate } from "../domain/url-template.js";

export type LinkValues = Readonly<Record<(typeof LINK_TEMPLATE_VARIABLES)[number], string>>;

const defaultPaths: Readonly<Record<string, string>> = {
  email_verification: "/ui/login/mail/verification",
  password_reset: "/ui/login/password/init",
};

/** The link, or undefined for a flow without one (phone verification: the SMS carries the code only). */
export function messageLink(flow: string, urlTemplate: string | undefined, publicUrl: string, values: LinkValues): string | undefined {
  if (urlTemplate !== undefined) {
    return compileUrlTemplate(urlTemplate, LINK_TEMPLATE_VARIABLES).render(values);
  }
  const path = defaultPaths[flow];
  if (path === undefined) return undefined;
  const query = new URLSearchParams({ userID: values.UserID, code: values.Code, orgID: values.OrgID });
  return `${publicUrl}${path}?${query}`;
}
