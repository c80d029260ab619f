// Request validation from the protoc-gen-validate rules in our descriptors: every rule kind our protos use,
// checked on real messages of the generated types; the rule kinds they do not use, on descriptors built here;
// and the interceptor on a real Connect server.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import {
  create,
  createFileRegistry,
  fromJson,
  setExtension,
  type DescMessage,
  type JsonObject,
  type MessageInitShape,
} from "@bufbuild/protobuf";
import {
  FieldDescriptorProto_Label as Label,
  FieldDescriptorProto_Type as Type,
  DescriptorProtoSchema,
  FieldOptionsSchema,
  FileDescriptorProtoSchema,
} from "@bufbuild/protobuf/wkt";
import { Code, ConnectError, createClient } from "@connectrpc/connect";
import { connectNodeAdapter, createConnectTransport } from "@connectrpc/connect-node";
import * as theirValidate from "@zitadel/proto/validate/validate_pb.js";
import * as theirs from "@zitadel/proto/zitadel/user/v2/user_service_pb.js";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorInterceptor } from "../../src/gateway/errors.js";
import { UnsupportedRuleError, validationInterceptor, validatorFor } from "../../src/gateway/validation/index.js";
import { BadRequestSchema } from "../../src/gen/google/rpc/error_details_pb.js";
import { FieldRulesSchema, rules, type FieldRules } from "../../src/gen/validate/validate_pb.js";
import {
  AddHumanUserRequestSchema,
  AddPersonalAccessTokenRequestSchema,
  DeleteUserMetadataRequestSchema,
  ListUsersRequestSchema,
  SetEmailRequestSchema,
  UpdateHumanUserRequestSchema,
  UserService,
} from "../../src/gen/zitadel/user/v2/user_service_pb.js";

const validAddHuman = {
  username: "ada",
  profile: { givenName: "Ada", familyName: "Lovelace", preferredLanguage: "en" },
  email: { email: "ada@example.com", returnCode: {} },
  phone: { phone: "+41791234567", isVerified: true },
  metadata: [{ key: "team", value: "ZW5naW5l" }],
  password: { password: "Secr3t!pass", changeRequired: false },
};

const violationsOf = (schema: DescMessage, json: JsonObject) => validatorFor(schema)(fromJson(schema, json));
const rulesOf = (schema: DescMessage, json: JsonObject) => violationsOf(schema, json).map((v) => `${v.field} ${v.rule}`);

describe("validatorFor on our generated request types", () => {
  it("accepts valid requests", () => {
    expect(violationsOf(AddHumanUserRequestSchema, validAddHuman)).toEqual([]);
    expect(violationsOf(UpdateHumanUserRequestSchema, { userId: "1", profile: { givenName: "A", familyName: "B" } })).toEqual([]);
  });

  it("reports every violation at once, with proto field paths and rule names", () => {
    const violations = violationsOf(AddHumanUserRequestSchema, {
      userId: "",
      profile: { givenName: "", familyName: "x".repeat(201), preferredLanguage: "de-CH-1996-x" },
      email: { email: "not-an-address", sendCode: { urlTemplate: "" } },
      phone: { phone: "1".repeat(201), isVerified: false },
      metadata: [{ key: "ok", value: "AQ==" }, { key: "", value: "" }],
      hashedPassword: { hash: "" },
      idpLinks: [{ idpId: "", userId: "u", userName: "n" }],
      totpSecret: "",
    });
    expect(violations.map((v) => `${v.field} ${v.rule}`)).toEqual([
      "user_id string.min_len",
      "profile.given_name string.min_len",
      "profile.family_name string.max_len",
      "profile.preferred_language string.max_len",
      "email.email string.email",
      "email.send_code.url_template string.min_len",
      "phone.phone string.max_len",
      "phone.is_verified bool.const",
      "metadata[1].key string.min_len",
      "metadata[1].value bytes.min_len",
      "hashed_password.hash string.min_len",
      "idp_links[0].idp_id string.min_len",
      "totp_secret string.min_len",
    ]);
    for (const violation of violations) expect(violation.description).not.toBe("");
  });

  it("requires messages marked required and only those", () => {
    expect(rulesOf(AddHumanUserRequestSchema, {})).toEqual(["profile message.required", "email message.required"]);
    // timestamp.required, the one timestamp rule ZITADEL's user service uses.
    expect(rulesOf(AddPersonalAccessTokenRequestSchema, { userId: "1" })).toEqual(["expiration_date timestamp.required"]);
    expect(rulesOf(AddPersonalAccessTokenRequestSchema, { userId: "1", expirationDate: "2030-01-01T00:00:00Z" })).toEqual([]);
  });

  it("does not validate unset proto3-optional fields, unset oneofs or absent nested messages", () => {
    // user_id, username, totp_secret unset; no password oneof; no phone: nothing to check there.
    expect(rulesOf(AddHumanUserRequestSchema, { profile: { givenName: "A", familyName: "B" }, email: { email: "a@b.ch" } })).toEqual([]);
    // The profile is optional on update: absent, its required names are not checked; present, they are.
    expect(rulesOf(UpdateHumanUserRequestSchema, { userId: "1" })).toEqual([]);
    expect(rulesOf(UpdateHumanUserRequestSchema, { userId: "1", profile: {} })).toEqual([
      "profile.given_name string.min_len",
      "profile.family_name string.min_len",
    ]);
    // Set explicitly to empty, an optional field is checked.
    expect(rulesOf(UpdateHumanUserRequestSchema, { userId: "1", username: "" })).toEqual(["username string.min_len"]);
  });

  it("checks only the oneof member that is set", () => {
    const withVerification = (verification: JsonObject) =>
      rulesOf(UpdateHumanUserRequestSchema, { userId: "1", password: { password: { password: "x" }, ...verification } });
    expect(withVerification({})).toEqual([]);
    expect(withVerification({ verificationCode: "" })).toEqual(["password.verification_code string.min_len"]);
    expect(withVerification({ verificationCode: "A".repeat(21) })).toEqual(["password.verification_code string.max_len"]);
    expect(withVerification({ currentPassword: "" })).toEqual(["password.current_password string.min_len"]);
    expect(rulesOf(SetEmailRequestSchema, { userId: "1", email: "a@b.ch", isVerified: true })).toEqual([]);
    expect(rulesOf(SetEmailRequestSchema, { userId: "1", email: "a@b.ch", isVerified: false })).toEqual(["is_verified bool.const"]);
  });

  it("counts string lengths in code points, not UTF-16 units", () => {
    const profile = (givenName: string) => rulesOf(UpdateHumanUserRequestSchema, { userId: "1", profile: { givenName, familyName: "B" } });
    expect("😀".repeat(200).length).toBe(400);
    expect(profile("😀".repeat(200))).toEqual([]);
    expect(profile("😀".repeat(201))).toEqual(["profile.given_name string.max_len"]);
    const language = (preferredLanguage: string) =>
      rulesOf(UpdateHumanUserRequestSchema, { userId: "1", profile: { givenName: "A", familyName: "B", preferredLanguage } });
    expect(language("ü".repeat(10))).toEqual([]);
    expect(language("𝔘".repeat(10))).toEqual([]);
    expect(language("𝔘".repeat(11))).toEqual(["profile.preferred_language string.max_len"]);
  });

  it("limits bytes by byte count", () => {
    const metadata = (bytes: number) =>
      rulesOf(AddHumanUserRequestSchema, { ...validAddHuman, metadata: [{ key: "k", value: Buffer.alloc(bytes, 1).toString("base64") }] });
    expect(metadata(500_000)).toEqual([]);
    expect(metadata(500_001)).toEqual(["metadata[0].value bytes.max_len"]);
  });

  it("applies repeated item rules to every item", () => {
    expect(rulesOf(DeleteUserMetadataRequestSchema, { userId: "1", keys: ["ok", "", "x".repeat(201), "fine"] })).toEqual([
      "keys[1] string.min_len",
      "keys[2] string.max_len",
    ]);
  });

  it("refuses enum numbers outside the enum and requires one member of a required oneof, recursively", () => {
    expect(
      rulesOf(ListUsersRequestSchema, {
        queries: [
          { userNameQuery: { userName: "ada", method: "TEXT_QUERY_METHOD_CONTAINS" } },
          { orQuery: { queries: [{}, { userNameQuery: { userName: "ada", method: 99 } }, { notQuery: { query: { typeQuery: { type: 7 } } } }] } },
        ],
      }),
    ).toEqual([
      "queries[1].or_query.queries[0].query oneof.required",
      "queries[1].or_query.queries[1].user_name_query.method enum.defined_only",
      "queries[1].or_query.queries[2].not_query.query.type_query.type enum.defined_only",
    ]);
  });

  it("treats ZITADEL's own descriptors exactly like ours", () => {
    const input = { ...validAddHuman, userId: "", profile: { givenName: "", familyName: "😀".repeat(201) }, email: { email: "x" } };
    const fromTheirs = validatorFor(theirs.AddHumanUserRequestSchema)(fromJson(theirs.AddHumanUserRequestSchema, input));
    expect(fromTheirs).toEqual(violationsOf(AddHumanUserRequestSchema, input));
    expect(fromTheirs.length).toBe(4);
  });
});

describe("string.email", () => {
  const problems = (email: string) => rulesOf(SetEmailRequestSchema, { userId: "1", email });

  it.each([
    "ada@example.com",
    "ada.lovelace+tag@mail.example.co.uk",
    "UPPER@EXAMPLE.COM",
    "o'brien@example.ie",
    '"john doe"@example.com',
    '"a@b"@example.com',
    "x@localhost",
    `${"l".repeat(64)}@example.com`,
    "jörg@example.ch",
  ])("accepts %s", (email) => expect(problems(email)).toEqual([]));

  it.each([
    ["display-name form", "Ada <ada@example.com>"],
    ["angle brackets only", "<ada@example.com>"],
    ["no @", "ada.example.com"],
    ["empty local part", "@example.com"],
    ["empty domain", "ada@"],
    ["leading space", " ada@example.com"],
    ["comment", "ada(work)@example.com"],
    ["double dot", "ada..l@example.com"],
    ["local part over 64 bytes", `${"l".repeat(65)}@example.com`],
    ["hyphen at label start", "ada@-example.com"],
    ["hyphen at label end", "ada@example-.com"],
    ["label over 63 characters", `ada@${"d".repeat(64)}.com`],
    ["underscore in domain", "ada@ex_ample.com"],
    ["non-ASCII domain", "ada@exämple.ch"],
    ["domain literal", "ada@[127.0.0.1]"],
    ["trailing dot", "ada@example.com."],
  ])("refuses %s", (_, email) => expect(problems(email)).toEqual(["email string.email"]));
});

interface ProbeField {
  name: string;
  number: number;
  type: Type;
  label?: Label;
  typeName?: string;
  rules?: FieldRules;
}

/** A one-message file built in memory, for rule kinds our protos do not use. */
function messageWith(fields: ProbeField[], nestedType: MessageInitShape<typeof DescriptorProtoSchema>[] = []): DescMessage {
  const file = create(FileDescriptorProtoSchema, {
    name: "validation_test.proto",
    package: "validation.test",
    syntax: "proto3",
    messageType: [
      {
        name: "Probe",
        nestedType,
        field: fields.map(({ rules: fieldRules, ...field }) => {
          const options = create(FieldOptionsSchema);
          if (fieldRules) setExtension(options, rules, fieldRules);
          return { label: Label.OPTIONAL, jsonName: field.name, ...field, options };
        }),
      },
    ],
  });
  return createFileRegistry(file, () => undefined).getMessage("validation.test.Probe")!;
}

const fieldRules = (json: JsonObject) => fromJson(FieldRulesSchema, json);

describe("rule kinds our protos do not use", () => {
  const labelsEntry = {
    name: "LabelsEntry",
    options: { mapEntry: true },
    field: [
      { name: "key", number: 1, type: Type.STRING, label: Label.OPTIONAL, jsonName: "key" },
      { name: "value", number: 2, type: Type.STRING, label: Label.OPTIONAL, jsonName: "value" },
    ],
  };
  const probe = messageWith(
    [
      { name: "count", number: 1, type: Type.UINT32, rules: fieldRules({ uint32: { gte: 1, lte: 10 } }) },
      { name: "outside", number: 2, type: Type.INT64, rules: fieldRules({ int64: { lt: "0", gt: "100" } }) },
      { name: "code", number: 3, type: Type.STRING, rules: fieldRules({ string: { pattern: "^[A-Z]{3}$", prefix: "A" } }) },
      {
        name: "tags",
        number: 4,
        type: Type.STRING,
        label: Label.REPEATED,
        rules: fieldRules({ repeated: { minItems: "1", maxItems: "3", unique: true } }),
      },
      { name: "ratio", number: 5, type: Type.DOUBLE, rules: fieldRules({ double: { gt: 0, lt: 1 } }) },
      {
        name: "labels",
        number: 6,
        type: Type.MESSAGE,
        label: Label.REPEATED,
        typeName: ".validation.test.Probe.LabelsEntry",
        rules: fieldRules({ map: { maxPairs: "1", keys: { string: { minLen: "2" } } } }),
      },
    ],
    [labelsEntry],
  );
  const check = (json: JsonObject) => rulesOf(probe, json);

  it("accepts values inside every rule", () => {
    expect(check({ count: 5, outside: "-1", code: "ABC", tags: ["a"], ratio: 0.5, labels: { ab: "x" } })).toEqual([]);
    expect(check({ count: 1, outside: "101", code: "AZZ", tags: ["a", "b", "c"], ratio: 0.999 })).toEqual([]);
  });

  it("reports numeric bounds, exclusive ranges, patterns, item counts, uniqueness and map rules", () => {
    expect(check({ count: 11, outside: "50", code: "Abc", tags: ["a", "a", "b", "c"], ratio: 1, labels: { a: "x", bc: "y" } })).toEqual([
      "count uint32.lte",
      "outside int64.range",
      "code string.pattern",
      "tags repeated.max_items",
      "tags repeated.unique",
      "ratio double.lt",
      "labels map.max_pairs",
      'labels["a"] string.min_len',
    ]);
    // Fields without presence are checked at their default: 0 is not outside 0…100.
    expect(check({ count: 0, code: "XYZ", ratio: 0 })).toEqual([
      "count uint32.gte",
      "outside int64.range",
      "code string.prefix",
      "tags repeated.min_items",
      "ratio double.gt",
    ]);
  });
});

describe("compiling refuses rules it cannot enforce", () => {
  it.each([
    ["a format not implemented", fieldRules({ string: { ip: true } }), Type.STRING],
    ["rules of another type than the field", fieldRules({ int32: { gt: 1 } }), Type.STRING],
    ["message rules on a scalar", fieldRules({ message: { required: true } }), Type.STRING],
  ])("%s", (_, fieldRule, type) => {
    expect(() => validatorFor(messageWith([{ name: "value", number: 1, type, rules: fieldRule }]))).toThrow(UnsupportedRuleError);
  });

  it("rules from a newer validate.proto that ours does not know", () => {
    // ZITADEL's validate.proto has StringRules.ignore_empty; ours decodes it as an unknown field.
    const newer = create(theirValidate.FieldRulesSchema, { type: { case: "string", value: { minLen: 1n, ignoreEmpty: true } } });
    const options = create(FieldOptionsSchema);
    setExtension(options, theirValidate.rules, newer);
    const file = create(FileDescriptorProtoSchema, {
      name: "newer_rules.proto",
      package: "validation.newer",
      syntax: "proto3",
      messageType: [{ name: "Probe", field: [{ name: "v", number: 1, type: Type.STRING, label: Label.OPTIONAL, jsonName: "v", options }] }],
    });
    const desc = createFileRegistry(file, () => undefined).getMessage("validation.newer.Probe")!;
    expect(() => validatorFor(desc)).toThrow(/ignore|field\(s\) 26|unknown/);
  });

  it("ZITADEL RPCs we do not serve carry rules we do not enforce (uri_ref)", () => {
    expect(() => validatorFor(theirs.StartIdentityProviderIntentRequestSchema)).toThrow(UnsupportedRuleError);
    // Their AddKeyRequest's only special rule, timestamp.required, is one we enforce.
    expect(validatorFor(theirs.AddKeyRequestSchema)(create(theirs.AddKeyRequestSchema, { userId: "1" })).map((v) => v.rule)).toEqual(["timestamp.required"]);
  });

  it("at start-up when the interceptor is given the services", () => {
    expect(() => validationInterceptor({ services: [theirs.UserService] })).toThrow(UnsupportedRuleError);
    expect(() => validationInterceptor({ services: [UserService] })).not.toThrow();
  });

  it("once per type: the compiled validator is reused", () => {
    expect(validatorFor(AddHumanUserRequestSchema)).toBe(validatorFor(AddHumanUserRequestSchema));
  });
});

describe("validationInterceptor on a Connect server", () => {
  let server: Server;
  let baseUrl: string;
  let handled = 0;

  beforeAll(async () => {
    const interceptors = [errorInterceptor(() => pino({ level: "silent" })), validationInterceptor({ services: [UserService] })];
    const handler = connectNodeAdapter({
      interceptors,
      routes: (router) =>
        router.service(UserService, {
          addHumanUser: () => {
            handled++;
            return { userId: "u1" };
          },
        }),
    });
    server = createServer(handler);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const client = () => createClient(UserService, createConnectTransport({ baseUrl, httpVersion: "1.1" }));

  it("lets a valid request through to the handler", async () => {
    const before = handled;
    const response = await client().addHumanUser(fromJson(AddHumanUserRequestSchema, validAddHuman));
    expect(response.userId).toBe("u1");
    expect(handled).toBe(before + 1);
  });

  it("refuses an invalid request with InvalidArgument naming every field, before the handler", async () => {
    const before = handled;
    const request = fromJson(AddHumanUserRequestSchema, { profile: { givenName: "", familyName: "B" }, email: { email: "Bob <b@c.ch>" } });
    const error = await client().addHumanUser(request).then(
      () => undefined,
      (e: unknown) => ConnectError.from(e),
    );
    expect(handled).toBe(before);
    expect(error?.code).toBe(Code.InvalidArgument);
    expect(error?.rawMessage).toContain("profile.given_name");
    expect(error?.rawMessage).toContain("email.email");
    expect(error?.rawMessage).toMatch(/\(VALID-\w+\)$/);
    const [badRequest] = error!.findDetails(BadRequestSchema);
    expect(badRequest?.fieldViolations.map((v) => [v.field, v.reason])).toEqual([
      ["profile.given_name", "string.min_len"],
      ["email.email", "string.email"],
    ]);
  });
});
