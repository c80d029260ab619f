import { BinaryReader, WireType } from "@bufbuild/protobuf/wire";
import type { DescMethod } from "@bufbuild/protobuf";

// Reads the `google.api.http` option of a method straight from the option bytes protobuf-es keeps on the
// descriptor. Doing it here, instead of through a generated `google/api/annotations_pb` extension, lets the
// gateway run on any descriptor set (ours in src/gen, ZITADEL's in @zitadel/proto) without depending on where,
// or whether, the googleapis files were generated. google.api.HttpRule is frozen, so the field numbers below
// do not move.

/** One HTTP binding of a method: the rule itself or one of its `additional_bindings`. */
export interface HttpBinding {
  /** GET, PUT, POST, DELETE, PATCH or the `custom` kind as written. */
  readonly httpMethod: string;
  readonly pathTemplate: string;
  /** "" (no body), "*" (whole message) or a field path. */
  readonly body: string;
  /** "" (whole response) or the response field to render instead. */
  readonly responseBody: string;
}

const HTTP_OPTION_NUMBER = 72295728; // extend google.protobuf.MethodOptions { HttpRule http = 72295728; }

const enum RuleField {
  Get = 2,
  Put = 3,
  Post = 4,
  Delete = 5,
  Patch = 6,
  Body = 7,
  Custom = 8,
  AdditionalBindings = 11,
  ResponseBody = 12,
}

interface RuleDraft {
  httpMethod: string;
  pathTemplate: string;
  body: string;
  responseBody: string;
  additional: RuleDraft[];
}

/** All bindings of a method, the main rule first; empty when the method has no `google.api.http` option. */
export function httpBindingsOf(method: DescMethod): HttpBinding[] {
  const unknown = method.proto.options?.$unknown ?? [];
  const draft = emptyDraft();
  let found = false;
  for (const field of unknown) {
    if (field.no === HTTP_OPTION_NUMBER && field.wireType === WireType.LengthDelimited) {
      // Several occurrences of a message field merge, as the wire format prescribes.
      readRule(new BinaryReader(field.data).bytes(), draft);
      found = true;
    }
  }
  if (!found) {
    return [];
  }
  // Per google/api/http.proto, nested additional_bindings are not allowed and are ignored.
  return [draft, ...draft.additional].filter((d) => d.httpMethod !== "").map(toBinding);
}

function readRule(bytes: Uint8Array, draft: RuleDraft): void {
  const reader = new BinaryReader(bytes);
  while (reader.pos < reader.len) {
    const [no, wireType] = reader.tag();
    switch (no) {
      case RuleField.Get:
        setPattern(draft, "GET", reader.string());
        break;
      case RuleField.Put:
        setPattern(draft, "PUT", reader.string());
        break;
      case RuleField.Post:
        setPattern(draft, "POST", reader.string());
        break;
      case RuleField.Delete:
        setPattern(draft, "DELETE", reader.string());
        break;
      case RuleField.Patch:
        setPattern(draft, "PATCH", reader.string());
        break;
      case RuleField.Custom:
        readCustom(reader.bytes(), draft);
        break;
      case RuleField.Body:
        draft.body = reader.string();
        break;
      case RuleField.ResponseBody:
        draft.responseBody = reader.string();
        break;
      case RuleField.AdditionalBindings: {
        const additional = emptyDraft();
        readRule(reader.bytes(), additional);
        draft.additional.push(additional);
        break;
      }
      default:
        reader.skip(wireType, no);
    }
  }
}

function readCustom(bytes: Uint8Array, draft: RuleDraft): void {
  const reader = new BinaryReader(bytes);
  let kind = "";
  let path = "";
  while (reader.pos < reader.len) {
    const [no, wireType] = reader.tag();
    if (no === 1) {
      kind = reader.string();
    } else if (no === 2) {
      path = reader.string();
    } else {
      reader.skip(wireType, no);
    }
  }
  setPattern(draft, kind, path);
}

function setPattern(draft: RuleDraft, httpMethod: string, pathTemplate: string): void {
  // `pattern` is a oneof: the last one on the wire wins.
  draft.httpMethod = httpMethod;
  draft.pathTemplate = pathTemplate;
}

function emptyDraft(): RuleDraft {
  return { httpMethod: "", pathTemplate: "", body: "", responseBody: "", additional: [] };
}

function toBinding(draft: RuleDraft): HttpBinding {
  return {
    httpMethod: draft.httpMethod,
    pathTemplate: draft.pathTemplate,
    body: draft.body,
    responseBody: draft.responseBody,
  };
}
