// The change feed with grpc-js (README, "History and change feed"): prints every message as a JSON line and,
// when the stream ends, its status and the position to resume from.
//   npx tsx scripts/examples/watch-user-changes.ts [url] [after-position]     (token: $TOKEN or data/admin.pat)
import { readFileSync } from "node:fs";
import { fromBinary, toBinary, toJson } from "@bufbuild/protobuf";
import * as grpc from "@grpc/grpc-js";
import { StatusSchema } from "../../src/gen/google/rpc/status_pb.js";
import {
  ResumeInfoSchema,
  WatchUserChangesRequestSchema,
  WatchUserChangesResponseSchema,
  type WatchUserChangesRequest,
  type WatchUserChangesResponse,
} from "../../src/gen/usersvc/history/v1/history_service_pb.js";
import { create } from "@bufbuild/protobuf";

const [url = "http://localhost:8080", afterPosition = ""] = process.argv.slice(2);
const token = process.env.TOKEN ?? readFileSync("data/admin.pat", "utf8").trim();

// A generic grpc-js client for the one method, with protobuf-es doing the (de)serialisation.
const Client = grpc.makeGenericClientConstructor(
  {
    watchUserChanges: {
      path: "/usersvc.history.v1.UserHistoryService/WatchUserChanges",
      requestStream: false,
      responseStream: true,
      requestSerialize: (m: WatchUserChangesRequest) => Buffer.from(toBinary(WatchUserChangesRequestSchema, m)),
      requestDeserialize: (b: Buffer) => fromBinary(WatchUserChangesRequestSchema, b),
      responseSerialize: (m: WatchUserChangesResponse) => Buffer.from(toBinary(WatchUserChangesResponseSchema, m)),
      responseDeserialize: (b: Buffer) => fromBinary(WatchUserChangesResponseSchema, b),
    },
  },
  "UserHistoryService",
);
const client = new Client(new URL(url).host, grpc.credentials.createInsecure());
const metadata = new grpc.Metadata();
metadata.set("authorization", `Bearer ${token}`);

// Empty after_position: changes from now on. Keep the last position you handled and pass it to resume.
const watch = (client as unknown as { watchUserChanges(r: WatchUserChangesRequest, m: grpc.Metadata): grpc.ClientReadableStream<WatchUserChangesResponse> }).watchUserChanges;
const call = watch.call(client, create(WatchUserChangesRequestSchema, { afterPosition }), metadata);
let lastPosition = afterPosition;
call.on("data", (message: WatchUserChangesResponse) => {
  lastPosition = message.position;
  console.log(JSON.stringify(toJson(WatchUserChangesResponseSchema, message)));
});
call.on("error", () => {}); // the status below says it all
call.on("status", (status: grpc.StatusObject) => {
  // A stream the server cut off (too slow, shutting down, token revoked) names the position in a ResumeInfo.
  const details = status.metadata.get("grpc-status-details-bin")[0];
  const resume = details
    ? fromBinary(StatusSchema, details as Buffer).details.find((d) => d.typeUrl.endsWith("usersvc.history.v1.ResumeInfo"))
    : undefined;
  const position = resume ? fromBinary(ResumeInfoSchema, resume.value).position : lastPosition;
  // grpc-js leaves the status message percent-encoded, as grpc-message travels.
  console.error(`ended: ${grpc.status[status.code]} ${decodeURIComponent(status.details)}; resume with after_position ${position}`);
  client.close();
});
process.on("SIGINT", () => call.cancel());
