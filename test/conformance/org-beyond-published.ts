// What ZITADEL's organisation service declares today but its published SDK descriptors (@zitadel/proto 1.3.1)
// do not have yet: the RPCs beyond AddOrganization and ListOrganizations, the messages only they reach, and
// AddOrganizationRequest.organization_id. Written out by hand from ZITADEL's proto sources
// (proto/zitadel/org/v2/org_service.proto, org.proto and query.proto at commit 211aba5938d4, read with the
// search tool), so that the conformance test holds our protos to ZITADEL's wire format field by field where no
// published descriptor can (the allowance's shape and rules: newer-than-sdk.ts). GenerateOrganizationDomainValidation and VerifyOrganizationDomain are absent on
// purpose (they need DNS or HTTP on the internet; see the README).
import type { DescMessage } from "@bufbuild/protobuf";
import { PaginationRequestSchema, PaginationResponseSchema } from "@zitadel/proto/zitadel/filter/v2/filter_pb.js";
import { MetadataSchema, MetadataSearchFilterSchema } from "@zitadel/proto/zitadel/metadata/v2/metadata_pb.js";
import { OrganizationDomainQuerySchema } from "@zitadel/proto/zitadel/org/v2/query_pb.js";
import type { FieldShape, MessageShape, MethodShape, TypeShape } from "./descriptor-shape.js";
import type { BeyondSdk } from "./newer-than-sdk.js";

const SERVICE_FILE = "zitadel/org/v2/org_service";
const idRules = { string: { minLen: "1", maxLen: "200" } };

interface FieldOptions {
  cardinality?: FieldShape["cardinality"];
  rules?: FieldShape["rules"];
}

function field(number: number, type: string, jsonName: string, options: FieldOptions = {}): FieldShape {
  const cardinality = options.cardinality ?? "singular";
  return { number, type, cardinality, packed: cardinality === "repeated" ? false : null, jsonName, oneof: null, rules: options.rules ?? null };
}

function message(fields: Record<string, FieldShape>, file = SERVICE_FILE, oneofs: MessageShape["oneofs"] = {}): MessageShape {
  return { kind: "message", file, fields, oneofs, nested: [], disabled: false };
}

const organizationId = field(1, "STRING", "organizationId", { rules: idRules });
const timestamp = (jsonName: string) => field(1, "google.protobuf.Timestamp", jsonName);
const byOrganizationId = message({ organization_id: organizationId });

const unary = (name: string, http: MethodShape["http"]): MethodShape => ({
  input: `zitadel.org.v2.${name}Request`,
  output: `zitadel.org.v2.${name}Response`,
  kind: "unary",
  http,
  // Only AddOrganization (published) has a success status of its own; these answer REST 200.
  httpResponse: null,
});

/** RPCs ZITADEL declares beyond the published descriptor, with their google.api.http bindings. */
const methodsBeyondPublished: Record<string, MethodShape> = {
  UpdateOrganization: unary("UpdateOrganization", { post: "/v2/organizations/{organization_id}", body: "*" }),
  DeleteOrganization: unary("DeleteOrganization", { delete: "/v2/organizations/{organization_id}" }),
  SetOrganizationMetadata: unary("SetOrganizationMetadata", { post: "/v2/organizations/{organization_id}/metadata", body: "*" }),
  ListOrganizationMetadata: unary("ListOrganizationMetadata", { post: "/v2/organizations/{organization_id}/metadata/search", body: "*" }),
  DeleteOrganizationMetadata: unary("DeleteOrganizationMetadata", { delete: "/v2/organizations/{organization_id}/metadata" }),
  AddOrganizationDomain: unary("AddOrganizationDomain", { post: "/v2/organizations/{organization_id}/domains", body: "*" }),
  ListOrganizationDomains: unary("ListOrganizationDomains", { post: "/v2/organizations/{organization_id}/domains/search", body: "*" }),
  DeleteOrganizationDomain: unary("DeleteOrganizationDomain", { delete: "/v2/organizations/{organization_id}/domains" }),
  DeactivateOrganization: unary("DeactivateOrganization", { post: "/v2/organizations/{organization_id}/deactivate", body: "*" }),
  ActivateOrganization: unary("ActivateOrganization", { post: "/v2/organizations/{organization_id}/activate", body: "*" }),
};

/** Messages and enums only those RPCs reach. */
const typesBeyondPublished: Record<string, TypeShape> = {
  "zitadel.org.v2.UpdateOrganizationRequest": message({
    organization_id: organizationId,
    name: field(2, "STRING", "name", { rules: idRules }),
  }),
  "zitadel.org.v2.UpdateOrganizationResponse": message({ change_date: timestamp("changeDate") }),
  "zitadel.org.v2.DeleteOrganizationRequest": byOrganizationId,
  "zitadel.org.v2.DeleteOrganizationResponse": message({ deletion_date: timestamp("deletionDate") }),
  "zitadel.org.v2.DeactivateOrganizationRequest": byOrganizationId,
  "zitadel.org.v2.DeactivateOrganizationResponse": message({ change_date: timestamp("changeDate") }),
  "zitadel.org.v2.ActivateOrganizationRequest": byOrganizationId,
  "zitadel.org.v2.ActivateOrganizationResponse": message({ change_date: timestamp("changeDate") }),
  "zitadel.org.v2.AddOrganizationDomainRequest": message({
    organization_id: organizationId,
    domain: field(2, "STRING", "domain", { rules: idRules }),
  }),
  "zitadel.org.v2.AddOrganizationDomainResponse": message({ creation_date: timestamp("creationDate") }),
  "zitadel.org.v2.ListOrganizationDomainsRequest": message({
    organization_id: organizationId,
    pagination: field(2, "zitadel.filter.v2.PaginationRequest", "pagination", { cardinality: "optional" }),
    filters: field(3, "zitadel.org.v2.DomainSearchFilter", "filters", { cardinality: "repeated" }),
    sorting_column: field(4, "zitadel.org.v2.DomainFieldName", "sortingColumn"),
  }),
  "zitadel.org.v2.ListOrganizationDomainsResponse": message({
    pagination: field(1, "zitadel.filter.v2.PaginationResponse", "pagination"),
    domains: field(2, "zitadel.org.v2.Domain", "domains", { cardinality: "repeated" }),
  }),
  "zitadel.org.v2.DeleteOrganizationDomainRequest": message({
    organization_id: organizationId,
    domain: field(2, "STRING", "domain", { rules: idRules }),
  }),
  "zitadel.org.v2.DeleteOrganizationDomainResponse": message({ deletion_date: timestamp("deletionDate") }),
  "zitadel.org.v2.Metadata": message({
    key: field(1, "STRING", "key", { rules: idRules }),
    value: field(2, "BYTES", "value", { rules: { bytes: { minLen: "1", maxLen: "500000" } } }),
  }),
  "zitadel.org.v2.SetOrganizationMetadataRequest": message({
    organization_id: organizationId,
    metadata: field(2, "zitadel.org.v2.Metadata", "metadata", { cardinality: "repeated" }),
  }),
  "zitadel.org.v2.SetOrganizationMetadataResponse": message({ set_date: timestamp("setDate") }),
  "zitadel.org.v2.ListOrganizationMetadataRequest": message({
    organization_id: organizationId,
    pagination: field(2, "zitadel.filter.v2.PaginationRequest", "pagination", { cardinality: "optional" }),
    filters: field(3, "zitadel.metadata.v2.MetadataSearchFilter", "filters", { cardinality: "repeated" }),
  }),
  "zitadel.org.v2.ListOrganizationMetadataResponse": message({
    pagination: field(1, "zitadel.filter.v2.PaginationResponse", "pagination"),
    metadata: field(2, "zitadel.metadata.v2.Metadata", "metadata", { cardinality: "repeated" }),
  }),
  "zitadel.org.v2.DeleteOrganizationMetadataRequest": message({
    organization_id: organizationId,
    keys: field(2, "STRING", "keys", { cardinality: "repeated", rules: { repeated: { items: { string: { minLen: "1", maxLen: "200" } } } } }),
  }),
  "zitadel.org.v2.DeleteOrganizationMetadataResponse": message({ deletion_date: timestamp("deletionDate") }),
  "zitadel.org.v2.Domain": message(
    {
      organization_id: field(1, "STRING", "organizationId"),
      domain: field(2, "STRING", "domain"),
      is_verified: field(3, "BOOL", "isVerified"),
      is_primary: field(4, "BOOL", "isPrimary"),
      validation_type: field(5, "zitadel.org.v2.DomainValidationType", "validationType"),
    },
    "zitadel/org/v2/org",
  ),
  "zitadel.org.v2.DomainValidationType": {
    kind: "enum",
    file: "zitadel/org/v2/org",
    values: { DOMAIN_VALIDATION_TYPE_UNSPECIFIED: 0, DOMAIN_VALIDATION_TYPE_HTTP: 1, DOMAIN_VALIDATION_TYPE_DNS: 2 },
  },
  "zitadel.org.v2.DomainSearchFilter": message(
    { domain_filter: { ...field(1, "zitadel.org.v2.OrganizationDomainQuery", "domainFilter"), oneof: "filter" } },
    "zitadel/org/v2/query",
    { filter: { members: ["domain_filter"], required: true } },
  ),
  "zitadel.org.v2.DomainFieldName": {
    kind: "enum",
    file: "zitadel/org/v2/query",
    values: { DOMAIN_FIELD_NAME_UNSPECIFIED: 0, DOMAIN_FIELD_NAME_NAME: 1, DOMAIN_FIELD_NAME_CREATION_DATE: 2 },
  },
};

/** Fields ZITADEL added to messages the published descriptor already has. */
const fieldsBeyondPublished: Record<string, Record<string, FieldShape>> = {
  "zitadel.org.v2.AddOrganizationRequest": {
    organization_id: field(4, "STRING", "organizationId", { cardinality: "optional", rules: idRules }),
  },
};

/** Published messages the added RPCs reach (their shapes come from @zitadel/proto itself). */
const publishedTypesReached: DescMessage[] = [
  PaginationRequestSchema,
  PaginationResponseSchema,
  MetadataSchema,
  MetadataSearchFilterSchema,
  OrganizationDomainQuerySchema,
];

export const orgServiceBeyondSdk: BeyondSdk = {
  methods: methodsBeyondPublished,
  types: typesBeyondPublished,
  fields: fieldsBeyondPublished,
  publishedRoots: publishedTypesReached,
};
