// The JSON value a dialect writes: proto3 JSON plus RawNumber. A JSON number written from a 19-digit id must keep
// every digit, which JSON.stringify of a JavaScript number cannot; such values are carried as RawNumber and
// written by writeJson (dialect-json.ts).
import type { JsonValue } from "@bufbuild/protobuf";

export class RawNumber {
  constructor(readonly digits: string) {}
}

export type DialectJson = JsonValue | RawNumber | DialectJson[] | { [key: string]: DialectJson };
