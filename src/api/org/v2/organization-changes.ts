// UpdateOrganization, DeleteOrganization, DeactivateOrganization and ActivateOrganization: the command's details
// → the one timestamp each response carries (the time of the change; for an update that changed nothing, of the
// organisation's last change).
import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import type { UpdateOrgInput } from "../../../command/org/org-update.js";
import type { Details } from "../../../command/user/inputs.js";
import {
  ActivateOrganizationResponseSchema,
  DeactivateOrganizationResponseSchema,
  DeleteOrganizationResponseSchema,
  UpdateOrganizationResponseSchema,
  type ActivateOrganizationResponse,
  type DeactivateOrganizationResponse,
  type DeleteOrganizationResponse,
  type UpdateOrganizationRequest,
  type UpdateOrganizationResponse,
} from "../../../gen/zitadel/org/v2/org_service_pb.js";

export const updateOrganizationInput = (request: UpdateOrganizationRequest): UpdateOrgInput => ({ orgId: request.organizationId, name: request.name });

export const updateOrganizationResponse = (details: Details): UpdateOrganizationResponse =>
  create(UpdateOrganizationResponseSchema, { changeDate: timestampFromDate(details.changeDate) });

export const deleteOrganizationResponse = (details: Details): DeleteOrganizationResponse =>
  create(DeleteOrganizationResponseSchema, { deletionDate: timestampFromDate(details.changeDate) });

export const deactivateOrganizationResponse = (details: Details): DeactivateOrganizationResponse =>
  create(DeactivateOrganizationResponseSchema, { changeDate: timestampFromDate(details.changeDate) });

export const activateOrganizationResponse = (details: Details): ActivateOrganizationResponse =>
  create(ActivateOrganizationResponseSchema, { changeDate: timestampFromDate(details.changeDate) });
