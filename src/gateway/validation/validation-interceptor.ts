// Checks every unary request against the protoc-gen-validate rules of its type before the handler runs, and
// refuses it with all violations at once (InvalidArgument via src/gateway/errors.ts).
import type { DescMessage, DescService } from "@bufbuild/protobuf";
import type { Interceptor } from "@connectrpc/connect";
import { invalidArgument, type FieldViolation } from "../../domain/errors.js";
import { validatorFor } from "./compile-message.js";

export interface ValidationOptions {
  /**
   * Services whose request types are compiled now rather than on their first request, so that a rule the
   * runtime does not support stops start-up instead of failing a call.
   */
  services?: readonly DescService[];
}

export function describeViolations(type: DescMessage, violations: readonly FieldViolation[]): string {
  return `invalid ${type.name}: ${violations.map((v) => `${v.field} ${v.description}`).join("; ")}`;
}

export function validationInterceptor(options: ValidationOptions = {}): Interceptor {
  for (const service of options.services ?? []) {
    for (const method of service.methods) validatorFor(method.input);
  }
  return (next) => async (request) => {
    // Only unary requests carry their message up front; UserService has no streaming methods.
    if (!request.stream) {
      const type = request.method.input;
      const violations = validatorFor(type)(request.message);
      if (violations.length > 0) throw invalidArgument("VALID-Rq7kf", describeViolations(type, violations), violations);
    }
    return next(request);
  };
}
