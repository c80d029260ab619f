// The user id a row gets when it names none: derived from the row itself (its line and content) and the
// organisation chosen on the command line, so running the same import again sends the same id and the
// server answers "exists" (FailedPrecondition) instead of creating the user twice. ZITADEL accepts any
// caller-chosen user_id of 1–200 characters; 32 hex digits stay URL-safe for the REST paths
// (/v2/users/{user_id}) and never look like the 18–19 digit ids the server generates itself.
// Two identical rows on different lines get different ids, so the second one meets the server's username
// check (AlreadyExists) and is reported as failed rather than counted as already present.
import { createHash } from "node:crypto";

export function rowUserId(line: number, row: Record<string, unknown>, org: string | undefined): string {
  return createHash("sha256")
    .update(`user-service-import/v1\n${org ?? ""}\n${line}\n${JSON.stringify(row)}`)
    .digest("hex")
    .slice(0, 32);
}
