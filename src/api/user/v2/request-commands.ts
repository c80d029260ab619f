// The command dependencies of one call: the shared ones plus what this request asks of the write (the If-Match
// sequence the gateway parsed, the call's abort signal, which fires at its deadline), as plain data.
import type { HandlerContext } from "@connectrpc/connect";
import type { CommandDeps } from "../../../command/deps.js";
import { expectedSequenceKey } from "../../request-context.js";

export function requestCommands<D extends CommandDeps>(deps: D, context: HandlerContext): D {
  return { ...deps, signal: context.signal, expectedSequence: context.values.get(expectedSequenceKey) };
}
