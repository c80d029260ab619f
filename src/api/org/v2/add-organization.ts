// AddOrganization: request → command input, result → response.
import { create } from "@bufbuild/protobuf";
import type { AddOrgInput, AddOrgResult, OrgAdminInput } from "../../../command/org/org-inputs.js";
import { invalidField } from "../../../domain/errors.js";
import {
  AddOrganizationResponse_CreatedAdminSchema,
  AddOrganizationResponseSchema,
  type AddOrganizationRequest,
  type AddOrganizationRequest_Admin,
  type AddOrganizationResponse,
} from "../../../gen/zitadel/org/v2/org_service_pb.js";
import { detailsToPb } from "../../object/v2/details.js";
import { addHumanUserInput } from "../../user/v2/add-human-user.js";

export function addOrganizationInput(request: AddOrganizationRequest): AddOrgInput {
  // organization_id replaced org_id; when both are set, the new one wins (as in ZITADEL).
  const orgId = request.organizationId ?? request.orgId;
  return { orgId, name: request.name, admins: request.admins.map(adminInput) };
}

function adminInput(admin: AddOrganizationRequest_Admin, index: number): OrgAdminInput {
  const user = admin.userType;
  // The human is created in the new organisation, whatever organisation its own request names.
  if (user.case === "human") return { human: { ...addHumanUserInput(user.value), org: undefined }, roles: admin.roles };
  if (user.case === "userId" && user.value !== "") return { userId: user.value, roles: admin.roles };
  throw invalidField("ORGv2-AdmTyp1", `admins[${index}].user_type`, "oneof.required", "Errors.Org.Admin.Invalid: set user_id or human");
}

export function addOrganizationResponse(result: AddOrgResult): AddOrganizationResponse {
  return create(AddOrganizationResponseSchema, {
    details: detailsToPb(result.details),
    organizationId: result.orgId,
    createdAdmins: result.createdAdmins.map((admin) =>
      create(AddOrganizationResponse_CreatedAdminSchema, { userId: admin.userId, emailCode: admin.emailCode, phoneCode: admin.phoneCode }),
    ),
  });
}
