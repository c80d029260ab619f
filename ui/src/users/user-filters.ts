// The users list's filters and how they become ListUsers queries (combined with AND by the server). Kept in one
// object so the list remembers them while the administrator opens a user and comes back.
import type { MessageInitShape } from "@bufbuild/protobuf";
import { ByteFilterMethod, TextFilterMethod } from "../../../src/gen/zitadel/filter/v2/filter_pb.js";
import { TextQueryMethod } from "../../../src/gen/zitadel/object/v2/object_pb.js";
import { UserFieldName, type SearchQuerySchema } from "../../../src/gen/zitadel/user/v2/query_pb.js";

type Query = MessageInitShape<typeof SearchQuerySchema>;

export interface TextFilter {
  text: string;
  method: TextQueryMethod;
}

export interface UserFilters {
  username: TextFilter;
  email: TextFilter;
  displayName: TextFilter;
  state: string; // a UserState number, "" for any
  type: string; // a Type number, "" for any
  organizationId: string;
  metadataKey: TextFilter; // TextFilterMethod has the same numbers as TextQueryMethod
  metadataValue: { text: string; method: ByteFilterMethod };
}

export interface ListState {
  filters: UserFilters;
  sortingColumn: UserFieldName;
  asc: boolean;
  offset: number;
  limit: number;
}

const anyText = (): TextFilter => ({ text: "", method: TextQueryMethod.CONTAINS_IGNORE_CASE });

export function emptyFilters(): UserFilters {
  return {
    username: anyText(),
    email: anyText(),
    displayName: anyText(),
    state: "",
    type: "",
    organizationId: "",
    metadataKey: anyText(),
    metadataValue: { text: "", method: ByteFilterMethod.EQUALS },
  };
}

export const TEXT_METHODS: readonly (readonly [TextQueryMethod, string])[] = [
  [TextQueryMethod.CONTAINS_IGNORE_CASE, "contains (any case)"],
  [TextQueryMethod.CONTAINS, "contains"],
  [TextQueryMethod.EQUALS_IGNORE_CASE, "equals (any case)"],
  [TextQueryMethod.EQUALS, "equals"],
  [TextQueryMethod.STARTS_WITH_IGNORE_CASE, "starts with (any case)"],
  [TextQueryMethod.STARTS_WITH, "starts with"],
  [TextQueryMethod.ENDS_WITH_IGNORE_CASE, "ends with (any case)"],
  [TextQueryMethod.ENDS_WITH, "ends with"],
];

export const SORTING_COLUMNS: readonly (readonly [UserFieldName, string])[] = [
  [UserFieldName.CREATION_DATE, "created"],
  [UserFieldName.USER_NAME, "username"],
  [UserFieldName.DISPLAY_NAME, "display name"],
  [UserFieldName.FIRST_NAME, "given name"],
  [UserFieldName.LAST_NAME, "family name"],
  [UserFieldName.NICK_NAME, "nickname"],
  [UserFieldName.EMAIL, "email"],
  [UserFieldName.STATE, "state"],
  [UserFieldName.TYPE, "type"],
];

export function listQueries(f: UserFilters): Query[] {
  const queries: Query[] = [];
  const text = (filter: TextFilter) => filter.text.trim();
  if (text(f.username)) queries.push({ query: { case: "userNameQuery", value: { userName: text(f.username), method: f.username.method } } });
  if (text(f.email)) queries.push({ query: { case: "emailQuery", value: { emailAddress: text(f.email), method: f.email.method } } });
  if (text(f.displayName)) queries.push({ query: { case: "displayNameQuery", value: { displayName: text(f.displayName), method: f.displayName.method } } });
  if (f.state) queries.push({ query: { case: "stateQuery", value: { state: Number(f.state) } } });
  if (f.type) queries.push({ query: { case: "typeQuery", value: { type: Number(f.type) } } });
  if (f.organizationId) queries.push({ query: { case: "organizationIdQuery", value: { organizationId: f.organizationId } } });
  if (text(f.metadataKey)) {
    queries.push({ query: { case: "metadataKeyFilter", value: { key: text(f.metadataKey), method: f.metadataKey.method as number as TextFilterMethod } } });
  }
  // The value is matched as bytes; the form takes text and sends its UTF-8 bytes.
  if (f.metadataValue.text) {
    queries.push({ query: { case: "metadataValueFilter", value: { value: new TextEncoder().encode(f.metadataValue.text), method: f.metadataValue.method } } });
  }
  return queries;
}
