// A test-only service whose methods echo their request, with annotations covering what ZITADEL's UserService does
// not use: GET routes with query parameters of every kind, `{name=projects/*}`, `**`, a custom verb, a custom
// HTTP method, `body: "field"`, `response_body`, additional_bindings and a streaming method. The descriptor is
// built in code so the test needs no proto compiler; the http options are written with the official
// google.api.http extension, which also checks that the gateway reads what protoc would have produced.
import { create, createFileRegistry, setExtension } from "@bufbuild/protobuf";
import type { DescMessage, DescService, MessageInitShape } from "@bufbuild/protobuf";
import {
  DescriptorProtoSchema,
  FieldDescriptorProtoSchema,
  FieldDescriptorProto_Label as Label,
  FieldDescriptorProto_Type as Type,
  file_google_protobuf_timestamp,
  file_google_protobuf_wrappers,
  FileDescriptorProtoSchema,
  MethodDescriptorProtoSchema,
  MethodOptionsSchema,
  type MethodDescriptorProto,
} from "@bufbuild/protobuf/wkt";
import { file_google_api_annotations, http } from "@zitadel/proto/google/api/annotations_pb.js";
import { HttpRuleSchema } from "@zitadel/proto/google/api/http_pb.js";

type Rule = MessageInitShape<typeof HttpRuleSchema>;

const PACKAGE = "test.rest.v1";

function field(
  name: string,
  number: number,
  type: Type,
  extra: { typeName?: string; repeated?: boolean; oneofIndex?: number } = {},
): MessageInitShape<typeof FieldDescriptorProtoSchema> {
  return {
    name,
    jsonName: name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()), // protoc always fills it in
    number,
    type,
    label: extra.repeated ? Label.REPEATED : Label.OPTIONAL,
    ...(extra.typeName ? { typeName: extra.typeName } : {}),
    ...(extra.oneofIndex !== undefined ? { oneofIndex: extra.oneofIndex } : {}),
  };
}

const inner = create(DescriptorProtoSchema, {
  name: "Inner",
  field: [
    field("name", 1, Type.STRING),
    field("count", 2, Type.INT64),
    field("tags", 3, Type.STRING, { repeated: true }),
    field("child", 4, Type.MESSAGE, { typeName: `.${PACKAGE}.Inner` }),
    field("display_name", 5, Type.STRING),
  ],
});

const echo = create(DescriptorProtoSchema, {
  name: "Echo",
  field: [
    field("id", 1, Type.STRING),
    field("parent", 2, Type.STRING),
    field("path", 3, Type.STRING),
    field("num", 4, Type.INT32),
    field("big", 5, Type.INT64),
    field("ubig", 6, Type.UINT64),
    field("flag", 7, Type.BOOL),
    field("color", 8, Type.ENUM, { typeName: `.${PACKAGE}.Color` }),
    field("colors", 9, Type.ENUM, { typeName: `.${PACKAGE}.Color`, repeated: true }),
    field("tags", 10, Type.STRING, { repeated: true }),
    field("inner", 11, Type.MESSAGE, { typeName: `.${PACKAGE}.Inner` }),
    field("labels", 12, Type.MESSAGE, { typeName: `.${PACKAGE}.Echo.LabelsEntry`, repeated: true }),
    field("ratio", 13, Type.DOUBLE),
    field("when", 14, Type.MESSAGE, { typeName: ".google.protobuf.Timestamp" }),
    field("maybe", 15, Type.MESSAGE, { typeName: ".google.protobuf.BoolValue" }),
    field("data", 16, Type.BYTES),
    field("first", 17, Type.STRING, { oneofIndex: 0 }),
    field("second", 18, Type.STRING, { oneofIndex: 0 }),
    field("inners", 19, Type.MESSAGE, { typeName: `.${PACKAGE}.Inner`, repeated: true }),
    field("extra_tags", 20, Type.STRING, { repeated: true }),
  ],
  oneofDecl: [{ name: "choice" }],
  nestedType: [
    {
      name: "LabelsEntry",
      field: [field("key", 1, Type.STRING), field("value", 2, Type.INT32)],
      options: { mapEntry: true },
    },
  ],
});

export function method(
  name: string,
  rule: Rule | undefined,
  extra: Partial<Pick<MethodDescriptorProto, "serverStreaming">> = {},
): MessageInitShape<typeof MethodDescriptorProtoSchema> {
  const options = create(MethodOptionsSchema);
  if (rule !== undefined) {
    setExtension(options, http, create(HttpRuleSchema, rule));
  }
  return { name, inputType: `.${PACKAGE}.Echo`, outputType: `.${PACKAGE}.Echo`, options, ...extra };
}

/** A service over the shared messages (Echo in, Echo out), e.g. to try annotations the gateway must refuse. */
export function echoServiceWith(name: string, methods: MessageInitShape<typeof MethodDescriptorProtoSchema>[]) {
  const file = create(FileDescriptorProtoSchema, {
    name: `test/rest/v1/${name.toLowerCase()}.proto`,
    package: PACKAGE,
    syntax: "proto3",
    dependency: ["google/api/annotations.proto", "google/protobuf/timestamp.proto", "google/protobuf/wrappers.proto"],
    enumType: [
      {
        name: "Color",
        value: [
          { name: "COLOR_UNSPECIFIED", number: 0 },
          { name: "COLOR_RED", number: 1 },
          { name: "COLOR_BLUE", number: 2 },
        ],
      },
    ],
    messageType: [inner, echo],
    service: [{ name, method: methods }],
  });
  const registry = createFileRegistry(file, (dependency) => {
    switch (dependency) {
      case "google/api/annotations.proto":
        return file_google_api_annotations;
      case "google/protobuf/timestamp.proto":
        return file_google_protobuf_timestamp;
      case "google/protobuf/wrappers.proto":
        return file_google_protobuf_wrappers;
    }
    return undefined;
  });
  return { service: registry.getService(`${PACKAGE}.${name}`)!, registry };
}

const built = echoServiceWith("EchoService", [
  method("Get", {
    pattern: { case: "get", value: "/v1/things/{id}" },
    additionalBindings: [{ pattern: { case: "get", value: "/v1/{parent=projects/*}/things/{id}" } }],
  }),
  method("GetSpecial", { pattern: { case: "get", value: "/v1/things/special" } }),
  method("Search", { pattern: { case: "post", value: "/v1/things:search" }, body: "*" }),
  method("Update", { pattern: { case: "put", value: "/v1/things/{id}" }, body: "*" }),
  method("Files", { pattern: { case: "get", value: "/v1/files/{path=**}" } }),
  method("ByInnerName", { pattern: { case: "get", value: "/v1/inner/{inner.name}/items" } }),
  method("SetInner", {
    pattern: { case: "patch", value: "/v1/things/{id}/inner" },
    body: "inner",
    responseBody: "inner",
  }),
  method("Tags", { pattern: { case: "get", value: "/v1/things/{id}/tags" }, responseBody: "tags" }),
  method("Purge", { pattern: { case: "custom", value: { kind: "PURGE", path: "/v1/things/{id}" } } }),
  method("Watch", { pattern: { case: "get", value: "/v1/watch" } }, { serverStreaming: true }),
  method("Fail", { pattern: { case: "post", value: "/v1/fail" }, body: "*" }),
  method("NotAnnotated", undefined),
]);

export const EchoService: DescService = built.service;
export const EchoSchema: DescMessage = built.registry.getMessage(`${PACKAGE}.Echo`)!;
export const echoRegistry = built.registry;
