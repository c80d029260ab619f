// Our protos against ZITADEL's published descriptors (@zitadel/proto): everything a client depends on — names,
// numbers, types, cardinality, JSON names, oneofs, HTTP bindings and validation limits — must be identical for
// the methods of our UserService and OrganizationService and every message and enum they reach. Where ZITADEL's
// current protos have more than the published descriptors (most of OrganizationService), the difference is
// written out field by field in org-beyond-published.ts and added to their side before comparing.
import type { DescMessage, DescService } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import { ErrorDetailSchema as TheirErrorDetail } from "@zitadel/proto/zitadel/message_pb.js";
import { OrganizationService as TheirOrganizationService } from "@zitadel/proto/zitadel/org/v2/org_service_pb.js";
import { UserService as TheirUserService } from "@zitadel/proto/zitadel/user/v2/user_service_pb.js";
import { http as theirHttp } from "@zitadel/proto/google/api/annotations_pb.js";
import { HttpRuleSchema as TheirHttpRule } from "@zitadel/proto/google/api/http_pb.js";
import * as theirValidate from "@zitadel/proto/validate/validate_pb.js";
import { http as ourHttp } from "../../src/gen/google/api/annotations_pb.js";
import { HttpRuleSchema as OurHttpRule } from "../../src/gen/google/api/http_pb.js";
import * as ourValidate from "../../src/gen/validate/validate_pb.js";
import { ErrorDetailSchema as OurErrorDetail } from "../../src/gen/zitadel/message_pb.js";
import { OrganizationService as OurOrganizationService } from "../../src/gen/zitadel/org/v2/org_service_pb.js";
import { UserService as OurUserService } from "../../src/gen/zitadel/user/v2/user_service_pb.js";
import { contractShape, type ContractShape, type FieldShape, type MethodShape, type OmittedFields, type OptionVocabulary, type TypeShape } from "./descriptor-shape.js";
import { fieldsBeyondPublished, methodsBeyondPublished, publishedTypesReached, typesBeyondPublished } from "./org-beyond-published.js";

/**
 * Fields of ZITADEL's messages we do not declare, by message full name. Empty: every field is declared, even
 * those the service does not act on (e.g. AddHumanUserRequest.idp_links), so that no client data is dropped.
 * An entry here must name a field ZITADEL really has (checked below).
 */
const omittedFields: OmittedFields = {};

/** The RPCs this service implements, per service; exactly these are declared in our services. */
const ourUserMethods = [
  "AddHumanUser",
  "GetUserByID",
  "UpdateHumanUser",
  "ListUsers",
  "SetEmail",
  "ResendEmailCode",
  "SendEmailCode",
  "VerifyEmail",
  "SetPhone",
  "RemovePhone",
  "ResendPhoneCode",
  "VerifyPhone",
  "DeactivateUser",
  "ReactivateUser",
  "LockUser",
  "UnlockUser",
  "DeleteUser",
  "PasswordReset",
  "SetPassword",
  "SetUserMetadata",
  "ListUserMetadata",
  "DeleteUserMetadata",
  "CreateUser",
  "AddPersonalAccessToken",
  "RemovePersonalAccessToken",
  "ListPersonalAccessTokens",
];

const ourOrgMethods = [
  "AddOrganization",
  "ListOrganizations",
  "UpdateOrganization",
  "DeleteOrganization",
  "SetOrganizationMetadata",
  "ListOrganizationMetadata",
  "DeleteOrganizationMetadata",
  "AddOrganizationDomain",
  "ListOrganizationDomains",
  "DeleteOrganizationDomain",
  "DeactivateOrganization",
  "ActivateOrganization",
];

const ourVocabulary: OptionVocabulary = {
  http: ourHttp,
  httpRule: OurHttpRule,
  rules: ourValidate.rules,
  fieldRules: ourValidate.FieldRulesSchema,
  oneofRequired: ourValidate.required,
  messageDisabled: ourValidate.disabled,
};

const theirVocabulary: OptionVocabulary = {
  http: theirHttp,
  httpRule: TheirHttpRule,
  rules: theirValidate.rules,
  fieldRules: theirValidate.FieldRulesSchema,
  oneofRequired: theirValidate.required,
  messageDisabled: theirValidate.disabled,
};

/** ZITADEL's current declarations that its published descriptors lack (org-beyond-published.ts). */
interface BeyondPublished {
  methods: Record<string, MethodShape>;
  types: Record<string, TypeShape>;
  fields: Record<string, Record<string, FieldShape>>;
  /** Published types only the added RPCs reach. */
  publishedRoots: DescMessage[];
}

interface ServiceUnderTest {
  ours: DescService;
  theirs: DescService;
  methods: readonly string[];
  extraRoots: { ours: DescMessage[]; theirs: DescMessage[] };
  beyondPublished?: BeyondPublished;
  /** Spot checks that the walk really compared something (e.g. options did not all decode to null). */
  inView(shape: ContractShape): void;
}

const services: ServiceUnderTest[] = [
  {
    ours: OurUserService,
    theirs: TheirUserService,
    methods: ourUserMethods,
    extraRoots: { ours: [OurErrorDetail], theirs: [TheirErrorDetail] },
    inView(ours) {
      expect(ours.types.get("zitadel.v1.ErrorDetail")).toMatchObject({ fields: { id: { number: 1 }, message: { number: 2 } } });
      expect(ours.types.get("zitadel.user.v2.SetHumanProfile")).toMatchObject({
        fields: { given_name: { rules: { string: { minLen: "1", maxLen: "200" } } } },
      });
      expect(ours.types.get("zitadel.user.v2.SearchQuery")).toMatchObject({ oneofs: { query: { required: true } } });
      expect(ours.types.get("zitadel.user.v2.CreateUserRequest")).toMatchObject({ oneofs: { user_type: { required: true } } });
      expect(ours.methods.RemovePhone?.http).toEqual({ delete: "/v2/users/{user_id}/phone", body: "*" });
      // ZITADEL publishes these without a REST binding; declaring one would change the contract.
      expect(ours.methods.AddPersonalAccessToken?.http).toBeNull();
      expect(ours.types.size).toBeGreaterThan(80);
    },
  },
  {
    ours: OurOrganizationService,
    theirs: TheirOrganizationService,
    methods: ourOrgMethods,
    extraRoots: { ours: [], theirs: [] },
    beyondPublished: {
      methods: methodsBeyondPublished,
      types: typesBeyondPublished,
      fields: fieldsBeyondPublished,
      publishedRoots: publishedTypesReached,
    },
    inView(ours) {
      expect(ours.types.get("zitadel.org.v2.SearchQuery")).toMatchObject({ oneofs: { query: { required: true } } });
      expect(ours.types.get("zitadel.org.v2.AddOrganizationRequest")).toMatchObject({
        fields: { name: { rules: { string: { minLen: "1", maxLen: "200" } } } },
      });
      expect(ours.methods.ListOrganizations?.http).toEqual({ post: "/v2/organizations/_search", body: "*" });
      expect(ours.methods.DeleteOrganizationMetadata?.http).toEqual({ delete: "/v2/organizations/{organization_id}/metadata" });
      expect(ours.types.get("zitadel.org.v2.DomainSearchFilter")).toMatchObject({ oneofs: { filter: { required: true } } });
      // The admin's human variant reaches the user service's messages.
      expect(ours.types.has("zitadel.user.v2.SetHumanEmail")).toBe(true);
      expect(ours.types.size).toBeGreaterThan(25);
    },
  },
];

/** Their published shape with ZITADEL's current additions: new methods and types, and fields of existing messages. */
function withBeyondPublished(theirs: ContractShape, beyond: BeyondPublished | undefined): ContractShape {
  if (!beyond) return theirs;
  const types = new Map(theirs.types);
  for (const [name, shape] of Object.entries(beyond.types)) types.set(name, shape);
  for (const [name, fields] of Object.entries(beyond.fields)) {
    const shape = types.get(name);
    if (shape?.kind !== "message") throw new Error(`${name} is not a published message`);
    types.set(name, { ...shape, fields: { ...shape.fields, ...fields } });
  }
  return { ...theirs, methods: { ...theirs.methods, ...beyond.methods }, types };
}

describe.each(services)("$ours.typeName against ZITADEL's descriptors", (service) => {
  const ours = contractShape(service.ours, ourVocabulary, { extraRoots: service.extraRoots.ours });
  const published = contractShape(service.theirs, theirVocabulary, {
    methods: service.ours.methods.map((m) => m.name),
    omitted: omittedFields,
    extraRoots: [...service.extraRoots.theirs, ...(service.beyondPublished?.publishedRoots ?? [])],
  });
  const theirs = withBeyondPublished(published, service.beyondPublished);

  it("is the same service and declares exactly the RPCs we implement", () => {
    expect(ours.service).toBe(theirs.service);
    expect(Object.keys(ours.methods).sort()).toEqual([...service.methods].sort());
  });

  it("declares only RPCs that ZITADEL has", () => {
    const theirNames = new Set([...service.theirs.methods.map((m) => m.name), ...Object.keys(service.beyondPublished?.methods ?? {})]);
    expect(Object.keys(ours.methods).filter((name) => !theirNames.has(name))).toEqual([]);
  });

  it.each(service.methods)("RPC %s has ZITADEL's request, response, kind and HTTP binding", (name) => {
    expect(ours.methods[name]).toBeDefined();
    expect(ours.methods[name]).toEqual(theirs.methods[name]);
  });

  it("reaches the same messages and enums", () => {
    expect([...ours.types.keys()].sort()).toEqual([...theirs.types.keys()].sort());
  });

  // Every type either side reaches; a type missing on one side fails here with its name.
  const typeNames = [...new Set([...ours.types.keys(), ...theirs.types.keys()])].sort();
  it.each(typeNames)("%s matches field by field", (typeName) => {
    expect(ours.types.get(typeName)).toEqual(theirs.types.get(typeName));
  });

  it("walks what it compares: the error detail, validation rules and oneofs are in view", () => {
    service.inView(ours);
  });

  it("adds to the published descriptors only what they lack, and nothing they have", () => {
    const beyond = service.beyondPublished;
    if (!beyond) return;
    const publishedMethods = new Set(service.theirs.methods.map((m) => m.name));
    expect(Object.keys(beyond.methods).filter((name) => publishedMethods.has(name))).toEqual([]);
    // A type is beyond the published set when no published file declares it (the whole published org package).
    const declared = new Set(service.theirs.file.messages.map((m) => m.typeName));
    const full = contractShape(service.theirs, theirVocabulary, { extraRoots: beyond.publishedRoots });
    expect(Object.keys(beyond.types).filter((name) => full.types.has(name) || declared.has(name))).toEqual([]);
    for (const [name, fields] of Object.entries(beyond.fields)) {
      const shape = full.types.get(name);
      expect(shape?.kind, name).toBe("message");
      for (const field of Object.keys(fields)) expect(shape?.kind === "message" && shape.fields[field], `${name}.${field}`).toBeFalsy();
    }
    // Every addition is used: by one of our RPCs, or by a type one of them reaches.
    expect(Object.keys(beyond.methods).filter((name) => !service.methods.includes(name))).toEqual([]);
  });

  it("lists in omittedFields only fields ZITADEL really has", () => {
    const full = contractShape(service.theirs, theirVocabulary, { methods: service.methods });
    for (const [typeName, fields] of Object.entries(omittedFields)) {
      const shape = full.types.get(typeName);
      if (shape === undefined) continue; // a type of the other service
      expect(shape.kind, typeName).toBe("message");
      for (const field of fields) expect(shape.kind === "message" && shape.fields[field], `${typeName}.${field}`).toBeTruthy();
    }
  });
});
