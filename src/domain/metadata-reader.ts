// What the metadata commands read besides the owner's row: the user_metadata (or org_metadata) projection. The
// queries implement it; it is written in the same statement as the owner's events, so under the owner's sequence
// guard it is as current as the row.
export interface MetadataReader {
  /** The stored values of those of `keys` the owner (a user or an organisation) has. */
  values(ownerId: string, keys: readonly string[]): Promise<Map<string, Uint8Array>>;
  /** Those of `keys` the owner has, without reading their (up to 500 000-byte) values. */
  existingKeys(ownerId: string, keys: readonly string[]): Promise<Set<string>>;
}
