// Reads of the user_metadata projection: ListUserMetadata, and the reader the metadata commands decide with.
// ListUserMetadata answers for one user the caller may read (GetUserByID's rules: missing or deleted →
// NotFound, another user without user.read → PermissionDenied), then lists as metadata-entries.ts does.
import type { Principal } from "../domain/principal.js";
import type { MetadataReader } from "../domain/metadata-reader.js";
import type { PrismaClient } from "../gen/prisma/client.js";
import { metadataPage, metadataReader, resolveMetadataLimit, type ListMetadataResult, type MetadataPageInput } from "./metadata-entries.js";
import { getUserById } from "./user-by-id.js";
import type { UserRowReader } from "./user-rows.js";

export type { ListMetadataResult, MetadataItem, MetadataKeyFilter } from "./metadata-entries.js";

export interface ListMetadataInput extends MetadataPageInput {
  userId: string;
}

export async function listUserMetadata(
  prisma: PrismaClient,
  readUser: UserRowReader,
  caller: Principal,
  input: ListMetadataInput,
): Promise<ListMetadataResult> {
  resolveMetadataLimit(input.limit);
  await getUserById(readUser, caller, input.userId);
  return metadataPage(prisma, "user_metadata", input.userId, input);
}

export const createMetadataReader = (prisma: PrismaClient): MetadataReader => metadataReader(prisma, "user_metadata");
