// Search: ListUsers with one text, matched (contains, ignoring case) against username, email or display name.
import { TextQueryMethod } from "../../src/gen/zitadel/object/v2/object_pb.js";
import type { User } from "../../src/gen/zitadel/user/v2/user_pb.js";
import { UserState } from "../../src/gen/zitadel/user/v2/user_pb.js";
import type { UserClient } from "./client.js";

export async function searchUsers(client: UserClient, text: string): Promise<User[]> {
  const method = TextQueryMethod.CONTAINS_IGNORE_CASE;
  const queries = text.trim()
    ? [
        {
          query: {
            case: "orQuery" as const,
            value: {
              queries: [
                { query: { case: "userNameQuery" as const, value: { userName: text.trim(), method } } },
                { query: { case: "emailQuery" as const, value: { emailAddress: text.trim(), method } } },
                { query: { case: "displayNameQuery" as const, value: { displayName: text.trim(), method } } },
              ],
            },
          },
        },
      ]
    : [];
  const response = await client.listUsers({ queries, query: { limit: 50, asc: true } });
  return response.result;
}

export function renderResults(table: HTMLTableElement, users: User[], open: (userId: string) => void): void {
  const body = table.tBodies[0]!;
  body.replaceChildren();
  for (const user of users) {
    const human = user.type.case === "human" ? user.type.value : undefined;
    const row = body.insertRow();
    row.dataset.userId = user.userId;
    for (const text of [user.username, human?.profile?.displayName ?? "", human?.email?.email ?? "", UserState[user.state] ?? ""]) {
      row.insertCell().textContent = text;
    }
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = "Open";
    button.addEventListener("click", () => open(user.userId));
    row.insertCell().append(button);
  }
  table.hidden = false;
}
