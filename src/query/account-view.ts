// A user as the other update-user APIs answer it: the row (GetUserByID's rules: missing or deleted →
// NotFound, another user without user.read → refused) with its profile attributes and settings from the
// metadata keys of src/domain/profile-metadata.ts.
import type { Principal } from "../domain/principal.js";
import type { UserRow } from "../domain/user-row.js";
import type { PrismaClient } from "../gen/prisma/client.js";
import { PROFILE_ATTRIBUTES, PROFILE_PREFIX, SETTINGS_PREFIX, settingValue, type ProfileAttribute, type SettingValue } from "../domain/profile-metadata.js";
import { getUserById } from "./user-by-id.js";
import type { UserRowReader } from "./user-rows.js";

export interface AccountView {
  row: UserRow;
  attributes: Partial<Record<ProfileAttribute, string>>;
  settings: Record<string, SettingValue>;
}

const attributeNames = new Set<string>(PROFILE_ATTRIBUTES);

export async function readAccount(prisma: PrismaClient, readUser: UserRowReader, caller: Principal, userId: string): Promise<AccountView> {
  const { row } = await getUserById(readUser, caller, userId);
  const entries = await prisma.userMetadata.findMany({
    where: { userId: row.id, OR: [{ key: { startsWith: PROFILE_PREFIX } }, { key: { startsWith: SETTINGS_PREFIX } }] },
    orderBy: { key: "asc" },
  });
  const view: AccountView = { row, attributes: {}, settings: {} };
  for (const { key, value } of entries) {
    if (key.startsWith(SETTINGS_PREFIX)) {
      view.settings[key.slice(SETTINGS_PREFIX.length)] = settingValue(value);
    } else {
      const name = key.slice(PROFILE_PREFIX.length);
      if (attributeNames.has(name)) view.attributes[name as ProfileAttribute] = Buffer.from(value).toString("utf8");
    }
  }
  return view;
}
