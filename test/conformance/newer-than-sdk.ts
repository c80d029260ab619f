// What ZITADEL's current source declares and its newest published SDK (@zitadel/proto 1.3.1, the descriptors the
// conformance test compares with) does not have yet. Each entry is written out as ZITADEL's source declares it,
// field by field, so the test compares our declaration with that instead of skipping it; and each entry must
// still be missing from the SDK, so the allowance is deleted (and the SDK comparison takes over) once an SDK
// release carries it.
//
// Source: ZITADEL PR #10415 ("List users by metadata", merged 2025), which added the two ListUsers filters to
// proto/zitadel/user/v2/query.proto, MetadataValueFilter to proto/zitadel/metadata/v2/metadata.proto and
// ByteFilterMethod to proto/zitadel/filter/v2/filter.proto. The snapshot of zitadel/zitadel our search index holds
// predates that PR, so the declarations were read from a fork carrying ZITADEL's protos after it
// (EonsofStupid/tessera at 31c07a10, same package names and paths), and the names match ZITADEL's issue #12565,
// which quotes them.
import type { EnumShape, FieldShape, MessageShape } from "./descriptor-shape.js";

export interface NewerField {
  message: string;
  field: string;
  shape: FieldShape;
}

export const newerFields: readonly NewerField[] = [
  {
    message: "zitadel.user.v2.SearchQuery",
    field: "metadata_key_filter",
    shape: { number: 17, type: "zitadel.metadata.v2.MetadataKeyFilter", cardinality: "singular", packed: null, jsonName: "metadataKeyFilter", oneof: "query", rules: null },
  },
  {
    message: "zitadel.user.v2.SearchQuery",
    field: "metadata_value_filter",
    shape: { number: 18, type: "zitadel.metadata.v2.MetadataValueFilter", cardinality: "singular", packed: null, jsonName: "metadataValueFilter", oneof: "query", rules: null },
  },
];

/** Types reached only through the fields above. */
export const newerTypes: Readonly<Record<string, MessageShape | EnumShape>> = {
  "zitadel.metadata.v2.MetadataValueFilter": {
    kind: "message",
    file: "zitadel/metadata/v2/metadata",
    fields: {
      value: { number: 1, type: "BYTES", cardinality: "singular", packed: null, jsonName: "value", oneof: null, rules: { bytes: { maxLen: "200" } } },
      method: {
        number: 2,
        type: "zitadel.filter.v2.ByteFilterMethod",
        cardinality: "singular",
        packed: null,
        jsonName: "method",
        oneof: null,
        rules: { enum: { definedOnly: true } },
      },
    },
    oneofs: {},
    nested: [],
    disabled: false,
  },
  "zitadel.filter.v2.ByteFilterMethod": {
    kind: "enum",
    file: "zitadel/filter/v2/filter",
    values: { BYTE_FILTER_METHOD_EQUALS: 0, BYTE_FILTER_METHOD_NOT_EQUALS: 1 },
  },
};

/** The fields above by message, in the form contractShape's `omitted` takes. */
export const newerFieldsByMessage: Readonly<Record<string, readonly string[]>> = newerFields.reduce<Record<string, string[]>>((byMessage, f) => {
  (byMessage[f.message] ??= []).push(f.field);
  return byMessage;
}, {});
