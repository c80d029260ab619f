// VMS's request headers: `X-Client` names the kind of client and must be one of the documented values when
// sent; `X-UUID` is the device's id, accepted (1–200 visible ASCII characters) and not stored. Both are
// optional, as only Authorization is required by VMS's page. Read from the request headers (gRPC metadata) on
// every protocol, and refused with the body's other violations.
import type { FieldViolation } from "../../../../domain/errors.js";

export const VMS_CLIENTS = ["ios-cctv", "android-cctv", "thick-legal", "web"] as const;

export function clientHeaderViolations(header: Headers): FieldViolation[] {
  const out: FieldViolation[] = [];
  const client = header.get("x-client");
  if (client !== null && !(VMS_CLIENTS as readonly string[]).includes(client)) {
    out.push({ field: "X-Client", rule: "header.in", description: `must be one of ${VMS_CLIENTS.join(", ")}` });
  }
  const device = header.get("x-uuid");
  if (device !== null && !/^[\x21-\x7e]{1,200}$/.test(device)) {
    out.push({ field: "X-UUID", rule: "header.pattern", description: "must be 1 to 200 visible ASCII characters" });
  }
  return out;
}
