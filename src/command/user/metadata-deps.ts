// What the metadata commands read besides the user row: the user_metadata projection, which is written in
// the same statement as the user's events, so under the user's sequence guard it is as current as the row.
import type { CommandDeps } from "../deps.js";

export interface MetadataReader {
  /** The stored values of those of `keys` the user has. */
  values(userId: string, keys: readonly string[]): Promise<Map<string, Uint8Array>>;
  /** Those of `keys` the user has, without reading their (up to 500 000-byte) values. */
  existingKeys(userId: string, keys: readonly string[]): Promise<Set<string>>;
}

export interface MetadataDeps extends CommandDeps {
  metadata: MetadataReader;
}
