// What the metadata commands read besides the owner's row: the user_metadata projection (src/domain/metadata-reader.ts).
import type { MetadataReader } from "../../domain/metadata-reader.js";
import type { CommandDeps } from "../deps.js";

export interface MetadataDeps extends CommandDeps {
  metadata: MetadataReader;
}
