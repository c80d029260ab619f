// The SCIM 2.0 User schema (RFC 7643 §4.1) and its enterprise extension (§4.3) as this service serves them:
// every attribute with its type, case-exactness and mutability. One table drives the /Schemas answer, the
// checking of request bodies, filters, sorting and the attributes/excludedAttributes projection.
export const USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
export const ENTERPRISE_SCHEMA = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
export const LIST_RESPONSE = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
export const SEARCH_REQUEST = "urn:ietf:params:scim:api:messages:2.0:SearchRequest";
export const PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
export const BULK_REQUEST = "urn:ietf:params:scim:api:messages:2.0:BulkRequest";
export const BULK_RESPONSE = "urn:ietf:params:scim:api:messages:2.0:BulkResponse";
export const ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error";

export type AttributeType = "string" | "boolean" | "dateTime" | "reference" | "complex";
export type Mutability = "readOnly" | "readWrite" | "immutable" | "writeOnly";
export type Returned = "always" | "default" | "never" | "request";

export interface AttributeDef {
  name: string;
  type: AttributeType;
  multiValued: boolean;
  required: boolean;
  caseExact: boolean;
  mutability: Mutability;
  returned: Returned;
  uniqueness: "none" | "server";
  description: string;
  subAttributes?: readonly AttributeDef[];
  canonicalValues?: readonly string[];
  referenceTypes?: readonly string[];
}

type Options = Partial<Omit<AttributeDef, "name" | "type" | "description">>;
const attr = (name: string, type: AttributeType, description: string, options: Options = {}): AttributeDef => ({
  name,
  type,
  description,
  multiValued: false,
  required: false,
  caseExact: false,
  mutability: "readWrite",
  returned: "default",
  uniqueness: "none",
  ...options,
});
const str = (name: string, description: string, options: Options = {}) => attr(name, "string", description, options);

/** value, display, type, primary: the sub-attributes of most multi-valued attributes. */
const multi = (name: string, description: string, value: AttributeDef, types: readonly string[]): AttributeDef =>
  attr(name, "complex", description, {
    multiValued: true,
    subAttributes: [
      value,
      str("display", "A human-readable name, primarily used for display purposes."),
      str("type", "A label indicating the attribute's function.", { canonicalValues: types }),
      attr("primary", "boolean", "Whether this is the primary value of the attribute."),
    ],
  });

export const USER_ATTRIBUTES: readonly AttributeDef[] = [
  str("id", "Unique identifier of the user, the ZITADEL user id.", { caseExact: true, mutability: "readOnly", returned: "always", uniqueness: "server" }),
  str("externalId", "The identifier of the user in the provisioning client.", { caseExact: true }),
  str("userName", "Unique identifier for the user, the ZITADEL username.", { required: true, uniqueness: "server" }),
  attr("name", "complex", "The components of the user's real name.", {
    subAttributes: [
      str("formatted", "The full name; the display name when one is set."),
      str("familyName", "The family name (required by ZITADEL)."),
      str("givenName", "The given name (required by ZITADEL)."),
      str("middleName", "The middle name(s)."),
      str("honorificPrefix", "The honorific prefix(es), e.g. 'Ms.'."),
      str("honorificSuffix", "The honorific suffix(es), e.g. 'III'."),
    ],
  }),
  str("displayName", "The name of the user, suitable for display."),
  str("nickName", "The casual way to address the user."),
  attr("profileUrl", "reference", "A URI of the user's online profile.", { referenceTypes: ["external"] }),
  str("title", "The user's title, such as 'Vice President'."),
  str("userType", "The relationship between the organisation and the user."),
  str("preferredLanguage", "The user's preferred written or spoken language (a language tag)."),
  str("locale", "The user's default location for localisation."),
  str("timezone", "The user's time zone (IANA name)."),
  attr("active", "boolean", "Whether the user may sign in (ZITADEL state active or initial)."),
  str("password", "The user's clear-text password; never returned.", { mutability: "writeOnly", returned: "never", caseExact: true }),
  multi("emails", "Email addresses; the primary (or first) is the ZITADEL email, verified.", str("value", "The email address.", { required: true }), ["work", "home", "other"]),
  multi("phoneNumbers", "Phone numbers; the primary (or first) is the ZITADEL phone, verified.", str("value", "The phone number.", { required: true }), ["work", "home", "mobile", "fax", "pager", "other"]),
  multi("ims", "Instant messaging addresses.", str("value", "The address."), ["aim", "gtalk", "icq", "xmpp", "msn", "skype", "qq", "yahoo"]),
  multi("photos", "URLs of photos of the user.", attr("value", "reference", "The URL of the photo.", { referenceTypes: ["external"] }), ["photo", "thumbnail"]),
  attr("addresses", "complex", "Physical mailing addresses.", {
    multiValued: true,
    subAttributes: [
      str("formatted", "The full mailing address."),
      str("streetAddress", "The street address."),
      str("locality", "The city or locality."),
      str("region", "The state or region."),
      str("postalCode", "The zip or postal code."),
      str("country", "The country name (ISO 3166-1 alpha-2)."),
      str("type", "A label indicating the address's function.", { canonicalValues: ["work", "home", "other"] }),
      attr("primary", "boolean", "Whether this is the primary address."),
    ],
  }),
  attr("groups", "complex", "Groups the user belongs to; this service has none, so it is always empty.", {
    multiValued: true,
    mutability: "readOnly",
    subAttributes: [
      str("value", "The id of the group.", { mutability: "readOnly" }),
      attr("$ref", "reference", "The URI of the group.", { mutability: "readOnly", referenceTypes: ["Group"] }),
      str("display", "The name of the group.", { mutability: "readOnly" }),
      str("type", "direct or indirect.", { mutability: "readOnly" }),
    ],
  }),
  multi("entitlements", "Entitlements of the user.", str("value", "The entitlement."), []),
  multi("roles", "Roles of the user (stored, not ZITADEL memberships).", str("value", "The role."), []),
  multi("x509Certificates", "Certificates of the user.", str("value", "The DER certificate, base64.", { caseExact: true }), []),
];

export const ENTERPRISE_ATTRIBUTES: readonly AttributeDef[] = [
  str("employeeNumber", "A string identifier of the user in the organisation."),
  str("costCenter", "The cost center."),
  str("organization", "The organisation's name."),
  str("division", "The division's name."),
  str("department", "The department's name."),
  attr("manager", "complex", "The user's manager.", {
    subAttributes: [
      str("value", "The id of the manager's SCIM resource.", { caseExact: true }),
      attr("$ref", "reference", "The URI of the manager's resource.", { referenceTypes: ["User"] }),
      str("displayName", "The manager's display name.", { mutability: "readOnly" }),
    ],
  }),
];

/** Attributes every resource carries whatever the schema (RFC 7643 §3.1). */
export const META_ATTRIBUTE: AttributeDef = attr("meta", "complex", "Resource metadata.", {
  mutability: "readOnly",
  subAttributes: [
    str("resourceType", "The resource type.", { caseExact: true, mutability: "readOnly" }),
    attr("created", "dateTime", "When the resource was added.", { mutability: "readOnly" }),
    attr("lastModified", "dateTime", "When the resource was last changed.", { mutability: "readOnly" }),
    attr("location", "reference", "The URI of the resource.", { mutability: "readOnly" }),
    str("version", "The weak ETag of the resource: W/\"<sequence>\".", { caseExact: true, mutability: "readOnly" }),
  ],
});

/** Case-insensitive lookup of a sub-attribute (attribute names are case-insensitive, RFC 7643 §2.1). */
export function findAttribute(attributes: readonly AttributeDef[] | undefined, name: string): AttributeDef | undefined {
  const lower = name.toLowerCase();
  return attributes?.find((a) => a.name.toLowerCase() === lower);
}
