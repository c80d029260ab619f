// Our protos against ZITADEL's published descriptors (@zitadel/proto): everything a client depends on — names,
// numbers, types, cardinality, JSON names, oneofs, HTTP bindings, REST success statuses and validation limits —
// must be identical for the methods of our UserService and OrganizationService and every message and enum they
// reach. The allowances: what ZITADEL's current protos have beyond the published SDK 1.3.1 (most of
// OrganizationService, a few fields), written out field by field in newer-than-sdk.ts and org-beyond-published.ts
// and added to the SDK's side before comparing; and REST bindings ZITADEL's current API has and the SDK predates
// (bindingsAheadOfSdk).
import type { DescMessage, DescService, JsonValue } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import { ErrorDetailSchema as TheirErrorDetail } from "@zitadel/proto/zitadel/message_pb.js";
import { OrganizationService as TheirOrganizationService } from "@zitadel/proto/zitadel/org/v2/org_service_pb.js";
import { UserService as TheirUserService } from "@zitadel/proto/zitadel/user/v2/user_service_pb.js";
import { http as theirHttp } from "@zitadel/proto/google/api/annotations_pb.js";
import { HttpRuleSchema as TheirHttpRule } from "@zitadel/proto/google/api/http_pb.js";
import * as theirValidate from "@zitadel/proto/validate/validate_pb.js";
import { OptionsSchema as TheirOptions, options as theirOptions } from "@zitadel/proto/zitadel/protoc_gen_zitadel/v2/options_pb.js";
import { HttpResponseSchema as OurHttpResponse, http_response as ourHttpResponse } from "../../src/gen/usersvc/api/v1/http_response_pb.js";
import { http as ourHttp } from "../../src/gen/google/api/annotations_pb.js";
import { HttpRuleSchema as OurHttpRule } from "../../src/gen/google/api/http_pb.js";
import * as ourValidate from "../../src/gen/validate/validate_pb.js";
import { ErrorDetailSchema as OurErrorDetail } from "../../src/gen/zitadel/message_pb.js";
import { OrganizationService as OurOrganizationService } from "../../src/gen/zitadel/org/v2/org_service_pb.js";
import { UserService as OurUserService } from "../../src/gen/zitadel/user/v2/user_service_pb.js";
import { contractShape, optionJson, type ContractShape, type OmittedFields, type OptionVocabulary } from "./descriptor-shape.js";
import { userServiceBeyondSdk, type BeyondSdk } from "./newer-than-sdk.js";
import { orgServiceBeyondSdk } from "./org-beyond-published.js";

/**
 * Fields of ZITADEL's messages we do not declare, by message full name. Empty: every field is declared, even
 * those the service does not act on (e.g. AddHumanUserRequest.idp_links), so that no client data is dropped.
 * An entry here must name a field ZITADEL really has (checked below).
 */
const omittedFields: OmittedFields = {};

/**
 * REST bindings of ZITADEL's current API (its proto/zitadel/user/v2/user_service.proto and API reference) that
 * the npm SDK 1.3.1 predates: its descriptor declares these methods without google.api.http. For exactly these
 * methods ours must carry exactly this binding; everything else about them is compared as for any method. An
 * entry stays only while the SDK still lacks the binding (checked below): once it has one, equality applies.
 */
const bindingsAheadOfSdk: Readonly<Record<string, { http: JsonValue; documented: string }>> = {
  UpdateUser: {
    http: { patch: "/v2/users/{user_id}", body: "*" },
    documented: "https://zitadel.com/docs/reference/api/user/zitadel.user.v2.UserService.UpdateUser",
  },
  CreateUser: {
    http: { post: "/v2/users/new", body: "*" },
    documented: "https://zitadel.com/docs/reference/api/user/zitadel.user.v2.UserService.CreateUser",
  },
  AddPersonalAccessToken: {
    http: { post: "/v2/users/{user_id}/pats", body: "*" },
    documented: "https://zitadel.com/docs/apis/resources/user_service_v2/user-service-add-personal-access-token",
  },
  RemovePersonalAccessToken: {
    http: { delete: "/v2/users/{user_id}/pats/{token_id}" },
    documented: "https://zitadel.com/docs/apis/resources/user_service_v2/user-service-remove-personal-access-token",
  },
  ListPersonalAccessTokens: {
    http: { post: "/v2/users/pats/search", body: "*" },
    documented: "https://zitadel.com/docs/apis/resources/user_service_v2/user-service-list-personal-access-tokens",
  },
};

/** The RPCs this service implements, per service; exactly these are declared in our services. */
const ourUserMethods = [
  "AddHumanUser",
  "GetUserByID",
  "UpdateHumanUser",
  "UpdateUser",
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
  httpResponse: (options) => optionJson(options, ourHttpResponse, OurHttpResponse),
};

const theirVocabulary: OptionVocabulary = {
  http: theirHttp,
  httpRule: TheirHttpRule,
  rules: theirValidate.rules,
  fieldRules: theirValidate.FieldRulesSchema,
  oneofRequired: theirValidate.required,
  messageDisabled: theirValidate.disabled,
  httpResponse: (options) => {
    const json = optionJson(options, theirOptions, TheirOptions) as { httpResponse?: JsonValue } | null;
    return json?.httpResponse ?? null;
  },
};

interface ServiceUnderTest {
  ours: DescService;
  theirs: DescService;
  methods: readonly string[];
  extraRoots: { ours: DescMessage[]; theirs: DescMessage[] };
  beyondSdk: BeyondSdk;
  /** Spot checks that the walk really compared something (e.g. options did not all decode to null). */
  inView(shape: ContractShape): void;
}

const services: ServiceUnderTest[] = [
  {
    ours: OurUserService,
    theirs: TheirUserService,
    methods: ourUserMethods,
    extraRoots: { ours: [OurErrorDetail], theirs: [TheirErrorDetail] },
    beyondSdk: userServiceBeyondSdk,
    inView(ours) {
      expect(ours.types.get("zitadel.v1.ErrorDetail")).toMatchObject({ fields: { id: { number: 1 }, message: { number: 2 } } });
      expect(ours.types.get("zitadel.user.v2.SetHumanProfile")).toMatchObject({
        fields: { given_name: { rules: { string: { minLen: "1", maxLen: "200" } } } },
      });
      expect(ours.types.get("zitadel.user.v2.SearchQuery")).toMatchObject({ oneofs: { query: { required: true } } });
      expect(ours.types.get("zitadel.user.v2.CreateUserRequest")).toMatchObject({ oneofs: { user_type: { required: true } } });
      expect(ours.methods.RemovePhone?.http).toEqual({ delete: "/v2/users/{user_id}/phone", body: "*" });
      expect(ours.methods.AddPersonalAccessToken?.http).toEqual({ post: "/v2/users/{user_id}/pats", body: "*" });
      expect(ours.methods.GetUserByID?.httpResponse).toEqual({ successCode: 200 });
      expect(ours.types.get("zitadel.user.v2.UpdateUserRequest.Human.Profile")).toMatchObject({
        fields: { nick_name: { cardinality: "optional", rules: { string: { minLen: "1", maxLen: "200" } } } },
      });
      expect(ours.types.size).toBeGreaterThan(80);
    },
  },
  {
    ours: OurOrganizationService,
    theirs: TheirOrganizationService,
    methods: ourOrgMethods,
    extraRoots: { ours: [], theirs: [] },
    beyondSdk: orgServiceBeyondSdk,
    inView(ours) {
      expect(ours.types.get("zitadel.org.v2.SearchQuery")).toMatchObject({ oneofs: { query: { required: true } } });
      expect(ours.types.get("zitadel.org.v2.AddOrganizationRequest")).toMatchObject({
        fields: { name: { rules: { string: { minLen: "1", maxLen: "200" } } } },
      });
      expect(ours.methods.ListOrganizations?.http).toEqual({ post: "/v2/organizations/_search", body: "*" });
      expect(ours.methods.AddOrganization?.httpResponse).toEqual({ successCode: 201 });
      expect(ours.methods.DeleteOrganizationMetadata?.http).toEqual({ delete: "/v2/organizations/{organization_id}/metadata" });
      expect(ours.types.get("zitadel.org.v2.DomainSearchFilter")).toMatchObject({ oneofs: { filter: { required: true } } });
      // The admin's human variant reaches the user service's messages.
      expect(ours.types.has("zitadel.user.v2.SetHumanEmail")).toBe(true);
      expect(ours.types.size).toBeGreaterThan(25);
    },
  },
];

/** The SDK's shape with ZITADEL's current additions: new methods and types, and fields of existing messages. */
function withBeyondSdk(sdk: ContractShape, beyond: BeyondSdk): ContractShape {
  const types = new Map(sdk.types);
  for (const [name, shape] of Object.entries(beyond.types)) types.set(name, shape);
  for (const [name, fields] of Object.entries(beyond.fields)) {
    const shape = types.get(name);
    if (shape?.kind !== "message") throw new Error(`${name} is not a published message`);
    // A field added to a oneof joins its members, after the published ones (as it is numbered after them).
    const oneofs = structuredClone(shape.oneofs);
    for (const [field, { oneof }] of Object.entries(fields)) {
      if (oneof === null) continue;
      if (!oneofs[oneof]) throw new Error(`${name} has no oneof ${oneof}`);
      oneofs[oneof].members.push(field);
    }
    types.set(name, { ...shape, fields: { ...shape.fields, ...fields }, oneofs });
  }
  return { ...sdk, methods: { ...sdk.methods, ...beyond.methods }, types };
}

describe.each(services)("$ours.typeName against ZITADEL's descriptors", (service) => {
  const ours = contractShape(service.ours, ourVocabulary, { extraRoots: service.extraRoots.ours });
  const sdk = contractShape(service.theirs, theirVocabulary, {
    methods: service.ours.methods.map((m) => m.name),
    omitted: omittedFields,
    extraRoots: [...service.extraRoots.theirs, ...service.beyondSdk.publishedRoots],
  });
  const theirs = withBeyondSdk(sdk, service.beyondSdk);

  it("is the same service and declares exactly the RPCs we implement", () => {
    expect(ours.service).toBe(theirs.service);
    expect(Object.keys(ours.methods).sort()).toEqual([...service.methods].sort());
  });

  it("declares only RPCs that ZITADEL has", () => {
    const theirNames = new Set([...service.theirs.methods.map((m) => m.name), ...Object.keys(service.beyondSdk.methods)]);
    expect(Object.keys(ours.methods).filter((name) => !theirNames.has(name))).toEqual([]);
  });

  it.each(service.methods)("RPC %s has ZITADEL's request, response, kind, HTTP binding and success status", (name) => {
    expect(ours.methods[name]).toBeDefined();
    const ahead = service.ours === OurUserService ? bindingsAheadOfSdk[name] : undefined;
    expect(ours.methods[name]).toEqual(ahead ? { ...theirs.methods[name], http: ahead.http } : theirs.methods[name]);
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

  it("allows a binding beyond the SDK only for methods we serve whose SDK descriptor has none", () => {
    if (service.ours !== OurUserService) return;
    for (const [name, { documented }] of Object.entries(bindingsAheadOfSdk)) {
      expect(service.methods, name).toContain(name);
      expect(theirs.methods[name]?.http, `${name}: @zitadel/proto declares a binding now; drop the allowance`).toBeNull();
      expect(documented).toMatch(/^https:\/\/zitadel\.com\/docs\//);
    }
  });

  it("adds to the SDK's descriptors only what they still lack, and only what we serve", () => {
    const beyond = service.beyondSdk;
    const sdkMethods = new Set(service.theirs.methods.map((m) => m.name));
    expect(Object.keys(beyond.methods).filter((name) => sdkMethods.has(name)), "the SDK has these RPCs now: drop the allowance").toEqual([]);
    expect(Object.keys(beyond.methods).filter((name) => !service.methods.includes(name))).toEqual([]);
    // A type is beyond the SDK when no SDK file declares it (the whole published package) and no SDK type reaches it.
    const declared = new Set(service.theirs.file.messages.map((m) => m.typeName));
    const full = contractShape(service.theirs, theirVocabulary, { extraRoots: [...beyond.publishedRoots] });
    expect(Object.keys(beyond.types).filter((name) => full.types.has(name) || declared.has(name)), "the SDK has these types now").toEqual([]);
    for (const [message, fields] of Object.entries(beyond.fields)) {
      const shape = full.types.get(message);
      expect(shape?.kind, message).toBe("message");
      const sdkFields = shape?.kind === "message" ? Object.entries(shape.fields) : [];
      for (const [field, { number }] of Object.entries(fields)) {
        expect(sdkFields.filter(([name, f]) => name === field || f.number === number), `SDK now has ${message}.${field}: drop the allowance`).toEqual([]);
      }
    }
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
