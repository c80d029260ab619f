// Checks the admins of a new organisation before anything is decided: every role is an organisation role
// ZITADEL knows (empty: ORG_OWNER), every existing user exists, and every human to create is valid and its
// username and id are free. These answer a doomed request early, with the admin's index in the error and
// before any password is hashed; the push itself (organisation and admins in one transaction) is what keeps a
// concurrent request that takes a username meanwhile from leaving half an organisation behind.
import { alreadyExists, DomainError, failedPrecondition, invalidArgument, invalidField } from "../../domain/errors.js";
import { ORG_ROLES } from "../../domain/principal.js";
import type { AddHumanInput } from "../user/inputs.js";
import { normalizeInput } from "../user/normalize-input.js";
import { UserState } from "../../domain/user-row.js";
import type { OrgAdminInput, OrgCommandDeps } from "./org-inputs.js";

export const DEFAULT_ADMIN_ROLES = ["ORG_OWNER"];

export interface CheckedAdmins {
  /** Existing users and the roles they get, duplicates merged. */
  members: Map<string, string[]>;
  /** Humans to create, normalised, with their roles. */
  humans: { input: AddHumanInput; roles: string[] }[];
}

export function checkAdminRoles(admins: readonly OrgAdminInput[]): string[][] {
  return admins.map((admin, index) => {
    const unknown = admin.roles.filter((role) => !ORG_ROLES.includes(role));
    if (unknown.length > 0) {
      throw invalidField("COMMAND-OrgRl1", `admins[${index}].roles`, "org.role", `Errors.Org.MemberInvalid: unknown organisation role ${unknown.join(", ")}`);
    }
    return admin.roles.length > 0 ? [...new Set(admin.roles)] : DEFAULT_ADMIN_ROLES;
  });
}

export async function checkAdmins(deps: OrgCommandDeps, admins: readonly OrgAdminInput[], roles: string[][]): Promise<CheckedAdmins> {
  const members = new Map<string, string[]>();
  const humans: CheckedAdmins["humans"] = [];
  const usernames = new Set<string>();
  for (const [index, admin] of admins.entries()) {
    if ("userId" in admin) {
      const user = await deps.loadUser(admin.userId);
      if (!user || user.state === UserState.deleted || user.state === UserState.unspecified) {
        throw failedPrecondition("COMMAND-OrgAdm1", `Errors.User.NotFound: admin ${admin.userId} does not exist`);
      }
      members.set(admin.userId, [...new Set([...(members.get(admin.userId) ?? []), ...roles[index]!])]);
      continue;
    }
    const input = normalizeHuman(deps, admin.human, index);
    const username = (input.username ?? input.email.address).toLowerCase();
    if (usernames.has(username) || (await deps.isClaimed("username", username))) {
      throw alreadyExists("COMMAND-TakenUn1", `Errors.User.AlreadyExists: the username of admins[${index}] is taken`);
    }
    usernames.add(username);
    if (input.userId !== undefined) {
      const user = await deps.loadUser(input.userId);
      if ((user && user.state !== UserState.deleted) || members.has(input.userId)) {
        throw failedPrecondition("COMMAND-UsrEx1", `Errors.User.AlreadyExisting: admins[${index}] names an existing user id`);
      }
    }
    humans.push({ input, roles: roles[index]! });
  }
  return { members, humans };
}

/** AddHumanUser's own checks, run now, with the violations' fields placed under the admin. */
function normalizeHuman(deps: OrgCommandDeps, human: AddHumanInput, index: number): AddHumanInput {
  try {
    return normalizeInput(deps, human, { password: "password.password", hash: "hashed_password.hash" });
  } catch (error) {
    if (!(error instanceof DomainError) || error.kind !== "invalid_argument") throw error;
    const prefix = `admins[${index}].human.`;
    const violations = error.violations.map((v) => ({ ...v, field: v.field ? prefix + v.field : v.field }));
    throw invalidArgument(error.id, error.message, violations);
  }
}
