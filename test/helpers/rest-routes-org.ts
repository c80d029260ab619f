// Documented HTTP paths of the organisation RPCs, those of ZITADEL's org_service.proto: POSTs on the
// organisation with the rest of the request as the body, and DELETEs without a body whose other fields travel as
// query parameters. An RPC ZITADEL publishes without a REST binding is called over HTTP/JSON as a Connect unary
// RPC, POST /<service>/<method> with the whole request as the body.
import { without, type RestRoutes } from "./rest-routes.js";

export const connectUnary = (service: string, method: string): RestRoutes[string] => (r) => ({ method: "POST", path: `/${service}/${method}`, body: r });

const org = (r: Parameters<RestRoutes[string]>[0]) => `/v2/organizations/${encodeURIComponent(String(r.organizationId ?? ""))}`;

const orgPost = (suffix: string) => (r: Parameters<RestRoutes[string]>[0]) => ({
  method: "POST",
  path: `${org(r)}${suffix}`,
  body: without(r, "organizationId"),
});

/** The request's other fields as query parameters, repeated ones once per value. */
const query = (r: Parameters<RestRoutes[string]>[0]): string => {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(without(r, "organizationId"))) {
    for (const item of Array.isArray(value) ? value : [value]) params.append(key, String(item));
  }
  const text = params.toString();
  return text === "" ? "" : `?${text}`;
};

const orgDelete = (suffix: string) => (r: Parameters<RestRoutes[string]>[0]) => ({ method: "DELETE", path: `${org(r)}${suffix}${query(r)}` });

export const orgRoutes: RestRoutes = {
  AddOrganization: (r) => ({ method: "POST", path: "/v2/organizations", body: r }),
  ListOrganizations: (r) => ({ method: "POST", path: "/v2/organizations/_search", body: r }),
  UpdateOrganization: orgPost(""),
  DeleteOrganization: orgDelete(""),
  DeactivateOrganization: orgPost("/deactivate"),
  ActivateOrganization: orgPost("/activate"),
  SetOrganizationMetadata: orgPost("/metadata"),
  ListOrganizationMetadata: orgPost("/metadata/search"),
  DeleteOrganizationMetadata: orgDelete("/metadata"),
  AddOrganizationDomain: orgPost("/domains"),
  ListOrganizationDomains: orgPost("/domains/search"),
  DeleteOrganizationDomain: orgDelete("/domains"),
};
