// details { sequence, change_date, resource_owner, creation_date } from the event store's bookkeeping.
import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import type { Details as DomainDetails } from "../../../command/user/inputs.js";
import { DetailsSchema, type Details } from "../../../gen/zitadel/object/v2/object_pb.js";

export function detailsToPb(details: DomainDetails): Details {
  return create(DetailsSchema, {
    sequence: BigInt(details.sequence),
    changeDate: timestampFromDate(details.changeDate),
    creationDate: timestampFromDate(details.creationDate),
    resourceOwner: details.resourceOwner,
  });
}
