// Renders a service and every message and enum it reaches into plain data, so that two descriptor sets (ours,
// generated from proto/, and ZITADEL's published one) can be compared with one deep equality per type.
// Options are decoded with the extension descriptors of the side they come from.
import { ScalarType, getExtension, hasExtension, toJson, type DescEnum, type DescExtension, type DescField, type DescMessage, type DescService, type JsonValue, type Message } from "@bufbuild/protobuf";

/**
 * The option extensions (and their value schemas) of one descriptor set: google.api.http on methods,
 * validate.rules on fields, validate.required on oneofs, validate.disabled on messages, and how the side
 * states a method's REST success status (each in its own option: ZITADEL's zitadel.protoc_gen_zitadel.v2
 * options, ours usersvc.api.v1.http_response), rendered as `{"successCode": n}` or null.
 */
export interface OptionVocabulary {
  http: DescExtension;
  httpRule: DescMessage;
  rules: DescExtension;
  fieldRules: DescMessage;
  oneofRequired: DescExtension;
  messageDisabled: DescExtension;
  httpResponse(options: Message | undefined): JsonValue | null;
}

export interface MethodShape {
  input: string;
  output: string;
  kind: string;
  http: JsonValue | null;
  httpResponse: JsonValue | null;
}

export interface FieldShape {
  number: number;
  type: string;
  cardinality: "singular" | "optional" | "repeated" | "map";
  packed: boolean | null;
  jsonName: string;
  oneof: string | null;
  rules: JsonValue | null;
}

export interface MessageShape {
  kind: "message";
  file: string;
  fields: Record<string, FieldShape>;
  oneofs: Record<string, { members: string[]; required: boolean }>;
  nested: string[];
  disabled: boolean;
}

export interface EnumShape {
  kind: "enum";
  file: string;
  values: Record<string, number>;
}

export type TypeShape = MessageShape | EnumShape;

/** Fields deliberately left out of our messages, by message full name; they are not walked either. */
export type OmittedFields = Readonly<Record<string, readonly string[]>>;

export function optionJson(options: Message | undefined, extension: DescExtension, schema: DescMessage): JsonValue | null {
  if (!options || !hasExtension(options as never, extension)) return null;
  return toJson(schema, getExtension(options as never, extension) as Message);
}

function flag(options: Message | undefined, extension: DescExtension): boolean {
  return options !== undefined && hasExtension(options as never, extension) && getExtension(options as never, extension) === true;
}

function typeName(field: DescField): string {
  const scalar = (s: ScalarType) => ScalarType[s];
  switch (field.fieldKind) {
    case "scalar":
      return scalar(field.scalar);
    case "enum":
      return field.enum.typeName;
    case "message":
      return field.message.typeName;
    case "list":
      return field.listKind === "scalar" ? scalar(field.scalar) : field.listKind === "enum" ? field.enum.typeName : field.message.typeName;
    case "map": {
      const value = field.mapKind === "scalar" ? scalar(field.scalar) : field.mapKind === "enum" ? field.enum.typeName : field.message.typeName;
      return `map<${scalar(field.mapKey)}, ${value}>`;
    }
  }
}

function cardinality(field: DescField): FieldShape["cardinality"] {
  if (field.fieldKind === "list") return "repeated";
  if (field.fieldKind === "map") return "map";
  return field.proto.proto3Optional ? "optional" : "singular";
}

export interface ContractShape {
  service: string;
  methods: Record<string, MethodShape>;
  types: Map<string, TypeShape>;
}

/**
 * The shape of `methods` of `service` (all when omitted) and of every type they reach, well-known types
 * (google.protobuf.*) excepted: those come from the protobuf runtime on both sides.
 */
export function contractShape(
  service: DescService,
  vocabulary: OptionVocabulary,
  options: { methods?: readonly string[]; omitted?: OmittedFields; extraRoots?: readonly DescMessage[] } = {},
): ContractShape {
  const types = new Map<string, TypeShape>();
  const omitted = options.omitted ?? {};

  const visitEnum = (desc: DescEnum) => {
    if (types.has(desc.typeName)) return;
    types.set(desc.typeName, { kind: "enum", file: desc.file.name, values: Object.fromEntries(desc.values.map((v) => [v.name, v.number])) });
  };

  const visitMessage = (desc: DescMessage) => {
    if (types.has(desc.typeName) || desc.typeName.startsWith("google.protobuf.")) return;
    const left = new Set(omitted[desc.typeName] ?? []);
    const fields = desc.fields.filter((field) => !left.has(field.name));
    const shape: MessageShape = {
      kind: "message",
      file: desc.file.name,
      fields: {},
      oneofs: {},
      nested: [...desc.nestedMessages, ...desc.nestedEnums].map((n) => n.typeName).sort(),
      disabled: flag(desc.proto.options, vocabulary.messageDisabled),
    };
    types.set(desc.typeName, shape);
    for (const field of fields) {
      shape.fields[field.name] = {
        number: field.number,
        type: typeName(field),
        cardinality: cardinality(field),
        packed: field.fieldKind === "list" ? field.packed : null,
        jsonName: field.jsonName,
        oneof: field.oneof?.name ?? null,
        rules: optionJson(field.proto.options, vocabulary.rules, vocabulary.fieldRules),
      };
    }
    for (const oneof of desc.oneofs) {
      shape.oneofs[oneof.name] = {
        members: oneof.fields.filter((f) => !left.has(f.name)).map((f) => f.name),
        required: flag(oneof.proto.options, vocabulary.oneofRequired),
      };
    }
    for (const field of fields) {
      if (field.message) visitMessage(field.message);
      if (field.enum) visitEnum(field.enum);
    }
    desc.nestedMessages.forEach(visitMessage);
    desc.nestedEnums.forEach(visitEnum);
  };

  const methods: Record<string, MethodShape> = {};
  for (const method of service.methods) {
    if (options.methods && !options.methods.includes(method.name)) continue;
    methods[method.name] = {
      input: method.input.typeName,
      output: method.output.typeName,
      kind: method.methodKind,
      http: optionJson(method.proto.options, vocabulary.http, vocabulary.httpRule),
      httpResponse: vocabulary.httpResponse(method.proto.options),
    };
    visitMessage(method.input);
    visitMessage(method.output);
  }
  for (const root of options.extraRoots ?? []) visitMessage(root);
  return { service: service.typeName, methods, types };
}
