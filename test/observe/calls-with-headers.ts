// The observability tests' view of one call: its status code (0 for success) and a lookup of the answer's
// headers, over the shared four-protocol driver in test/helpers/call-with-headers.ts.
import type { JsonObject } from "@bufbuild/protobuf";
import { callWith, PROTOCOLS, type Protocol } from "../helpers/call-with-headers.js";

export type ProtocolName = Protocol;
export const PROTOCOL_NAMES: readonly ProtocolName[] = PROTOCOLS;

export interface HeaderOutcome {
  /** 0 for success. */
  code: number;
  header(name: string): string | undefined;
}

export interface Caller {
  call(protocol: ProtocolName, method: string, request: JsonObject, headers?: Record<string, string>): Promise<HeaderOutcome>;
  close(): void;
}

export function createCaller(url: string): Caller {
  return {
    async call(protocol, method, request, headers = {}) {
      const outcome = await callWith(protocol, url, method, request, { headers });
      return { code: outcome.ok ? 0 : Number(outcome.code), header: (name) => outcome.headers[name.toLowerCase()] };
    },
    // Every call of the shared driver closes its own client.
    close() {},
  };
}
