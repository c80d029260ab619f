// Personal access tokens: what their commands need beyond CommandDeps, and what they answer.
import type { CommandDeps } from "../deps.js";
import type { Details } from "./inputs.js";

export interface PatCommandDeps extends CommandDeps {
  /** The stored token with this id, whoever it belongs to. */
  findPersonalAccessToken(tokenId: string): Promise<{ id: string; userId: string } | undefined>;
}

export interface AddPatResult {
  tokenId: string;
  /** The bearer token; only its hash is stored, so this is the only time it is seen. */
  token: string;
  creationDate: Date;
  details: Details;
}
