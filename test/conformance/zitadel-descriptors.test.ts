// Our protos against ZITADEL's published descriptors (@zitadel/proto): everything a client depends on — names,
// numbers, types, cardinality, JSON names, oneofs, HTTP bindings and validation limits — must be identical for
// our UserService methods and every message and enum they reach.
import { describe, expect, it } from "vitest";
import { ErrorDetailSchema as TheirErrorDetail } from "@zitadel/proto/zitadel/message_pb.js";
import { UserService as TheirUserService } from "@zitadel/proto/zitadel/user/v2/user_service_pb.js";
import { http as theirHttp } from "@zitadel/proto/google/api/annotations_pb.js";
import { HttpRuleSchema as TheirHttpRule } from "@zitadel/proto/google/api/http_pb.js";
import * as theirValidate from "@zitadel/proto/validate/validate_pb.js";
import { http as ourHttp } from "../../src/gen/google/api/annotations_pb.js";
import { HttpRuleSchema as OurHttpRule } from "../../src/gen/google/api/http_pb.js";
import * as ourValidate from "../../src/gen/validate/validate_pb.js";
import { ErrorDetailSchema as OurErrorDetail } from "../../src/gen/zitadel/message_pb.js";
import { UserService as OurUserService } from "../../src/gen/zitadel/user/v2/user_service_pb.js";
import { contractShape, type OmittedFields, type OptionVocabulary } from "./descriptor-shape.js";

/**
 * Fields of ZITADEL's messages we do not declare, by message full name. Empty: every field is declared, even
 * those the service does not act on (e.g. AddHumanUserRequest.idp_links), so that no client data is dropped.
 * An entry here must name a field ZITADEL really has (checked below).
 */
const omittedFields: OmittedFields = {};

/** The RPCs this service implements; exactly these are declared in our UserService. */
const ourMethods = [
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

const ours = contractShape(OurUserService, ourVocabulary, { extraRoots: [OurErrorDetail] });
const theirs = contractShape(TheirUserService, theirVocabulary, {
  methods: OurUserService.methods.map((m) => m.name),
  omitted: omittedFields,
  extraRoots: [TheirErrorDetail],
});

describe("UserService against ZITADEL's descriptors", () => {
  it("is the same service and declares exactly the RPCs we implement", () => {
    expect(ours.service).toBe(theirs.service);
    expect(Object.keys(ours.methods).sort()).toEqual([...ourMethods].sort());
  });

  it("declares only RPCs that ZITADEL has", () => {
    const theirNames = new Set(TheirUserService.methods.map((m) => m.name));
    expect(Object.keys(ours.methods).filter((name) => !theirNames.has(name))).toEqual([]);
  });

  it.each(ourMethods)("RPC %s has ZITADEL's request, response, kind and HTTP binding", (name) => {
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
    // Guards against a walk that silently compares nothing (e.g. every option decoding to null).
    expect(ours.types.get("zitadel.v1.ErrorDetail")).toMatchObject({ fields: { id: { number: 1 }, message: { number: 2 } } });
    expect(ours.types.get("zitadel.user.v2.SetHumanProfile")).toMatchObject({
      fields: { given_name: { rules: { string: { minLen: "1", maxLen: "200" } } } },
    });
    expect(ours.types.get("zitadel.user.v2.SearchQuery")).toMatchObject({ oneofs: { query: { required: true } } });
    expect(ours.methods.RemovePhone?.http).toEqual({ delete: "/v2/users/{user_id}/phone", body: "*" });
    expect(ours.types.size).toBeGreaterThan(80);
  });

  it("lists in omittedFields only fields ZITADEL really has", () => {
    const full = contractShape(TheirUserService, theirVocabulary, { methods: ourMethods });
    for (const [typeName, fields] of Object.entries(omittedFields)) {
      const shape = full.types.get(typeName);
      expect(shape?.kind, typeName).toBe("message");
      for (const field of fields) expect(shape?.kind === "message" && shape.fields[field], `${typeName}.${field}`).toBeTruthy();
    }
  });
});
