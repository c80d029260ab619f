// What ZITADEL's current source declares and its newest published SDK (@zitadel/proto 1.3.1, the descriptors the
// conformance test compares with) does not have yet. Each entry is written out as ZITADEL's source declares it,
// field by field, and added to the SDK's side before comparing, so the test compares our declaration with that
// instead of skipping it; and each entry must still be missing from the SDK, so the allowance is deleted (and the
// SDK comparison takes over) once an SDK release carries it. This file holds the shape of such an allowance and
// the user service's; the organisation service's is org-beyond-published.ts.
//
// Source: ZITADEL PR #10415 ("List users by metadata", merged 2025), which added the two ListUsers filters to
// proto/zitadel/user/v2/query.proto, MetadataValueFilter to proto/zitadel/metadata/v2/metadata.proto and
// ByteFilterMethod to proto/zitadel/filter/v2/filter.proto. The snapshot of zitadel/zitadel our search index holds
// predates that PR, so the declarations were read from a fork carrying ZITADEL's protos after it
// (EonsofStupid/tessera at 31c07a10, same package names and paths), and the names match ZITADEL's issue #12565,
// which quotes them.
import type { DescMessage } from "@bufbuild/protobuf";
import type { FieldShape, MethodShape, TypeShape } from "./descriptor-shape.js";

/** ZITADEL's current declarations for one service that the SDK's descriptors lack. */
export interface BeyondSdk {
  /** RPCs the SDK's service does not declare. */
  methods: Readonly<Record<string, MethodShape>>;
  /** Messages and enums no SDK file declares, reached only through the additions. */
  types: Readonly<Record<string, TypeShape>>;
  /** Fields added to messages the SDK has, by message full name. */
  fields: Readonly<Record<string, Readonly<Record<string, FieldShape>>>>;
  /** SDK messages that only the added RPCs reach (their shapes come from the SDK itself). */
  publishedRoots: readonly DescMessage[];
}

export const userServiceBeyondSdk: BeyondSdk = {
  methods: {},
  fields: {
    "zitadel.user.v2.SearchQuery": {
      metadata_key_filter: { number: 17, type: "zitadel.metadata.v2.MetadataKeyFilter", cardinality: "singular", packed: null, jsonName: "metadataKeyFilter", oneof: "query", rules: null },
      metadata_value_filter: { number: 18, type: "zitadel.metadata.v2.MetadataValueFilter", cardinality: "singular", packed: null, jsonName: "metadataValueFilter", oneof: "query", rules: null },
    },
  },
  // Reached only through the fields above.
  types: {
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
  },
  publishedRoots: [],
};
