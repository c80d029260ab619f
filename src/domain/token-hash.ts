// Personal access tokens are stored only as SHA-256 hashes: the command that issues a token stores this hash, the
// query that authenticates a caller looks the token up by it.
import { createHash } from "node:crypto";

export const hashToken = (token: string): string => createHash("sha256").update(token).digest("hex");
