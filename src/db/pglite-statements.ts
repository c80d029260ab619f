// Named statements on PGlite, kept prepared in its one session as PostgreSQL's pool keeps them per connection.
// PGlite's query() has the backend parse, analyse and plan every statement again and crosses into the WASM
// backend six times for it (parse, describe, bind, describe, execute, sync). A hot statement that has a name
// (the event store's push, the user row read) is parsed once here, and each call after that is one crossing
// with bind, describe, execute and sync: 2.5–4 × less CPU per statement measured on PGlite alone.
// Results and errors are PGlite's own: rows parsed by its parsers, a failed statement throws its DatabaseError
// (SQLSTATE in `code`), and the trailing Sync ends the failed exchange so the session stays usable.
import { parse, protocol, type PGlite } from "@electric-sql/pglite";

const { serialize } = protocol;

export interface PgliteStatements {
  /** Outside a transaction: waits for a running transaction to end first, as PGlite's query() does. */
  query<T>(name: string, text: string, params: readonly unknown[]): Promise<T[]>;
  /** Inside `pglite.transaction(...)`, whose lock is already held. */
  queryInTransaction<T>(name: string, text: string, params: readonly unknown[]): Promise<T[]>;
}

export function pgliteStatements(pglite: PGlite): PgliteStatements {
  // Statement name → its parameters' type oids, which pick the serializer of each value as PGlite does.
  const parameterTypes = new Map<string, number[]>();

  const prepare = async (name: string, text: string): Promise<number[]> => {
    const { messages } = await pglite.execProtocol(concat([serialize.parse({ name, text }), serialize.describe({ type: "S", name }), serialize.sync()]));
    const description = messages.find((message) => message.name === "parameterDescription") as { dataTypeIDs: number[] } | undefined;
    const types = description?.dataTypeIDs ?? [];
    parameterTypes.set(name, types);
    return types;
  };

  // Runs under PGlite's query lock, so no other statement's protocol messages interleave with these.
  const run = async <T>(name: string, text: string, params: readonly unknown[]): Promise<T[]> => {
    const types = parameterTypes.get(name) ?? (await prepare(name, text));
    const values = params.map((value, i) => {
      if (value === null || value === undefined) return null;
      const serializer = pglite.serializers[types[i]!];
      return serializer ? serializer(value) : String(value);
    });
    const { messages } = await pglite.execProtocol(
      concat([serialize.bind({ statement: name, values }), serialize.describe({ type: "P" }), serialize.execute({}), serialize.sync()]),
    );
    return (parse.parseResults(messages, pglite.parsers)[0]?.rows ?? []) as T[];
  };

  return {
    query: async (name, text, params) => {
      await pglite._checkReady();
      return pglite._runExclusiveTransaction(() => pglite.runExclusive(() => run(name, text, params)));
    },
    queryInTransaction: (name, text, params) => pglite.runExclusive(() => run(name, text, params)),
  };
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((length, part) => length + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
