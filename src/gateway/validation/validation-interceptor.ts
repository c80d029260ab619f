// Checks every unary request against the protoc-gen-validate rules of its type before the handler runs, and
// refuses it with all violations at once (InvalidArgument via src/gateway/errors.ts).
import type { DescMessage, DescService, Message } from "@bufbuild/protobuf";
import type { Interceptor } from "@connectrpc/connect";
import { invalidArgument, type FieldViolation } from "../../domain/errors.js";
import { validatorFor } from "./compile-message.js";

export interface ValidationOptions {
  /**
   * Services whose request types are compiled now rather than on their first request, so that a rule the
   * runtime does not support stops start-up instead of failing a call.
   */
  services?: readonly DescService[];
  /**
   * Checks of a service's own for some request types (values the rules cannot express: a time zone, a
   * language tag, two fields that must agree, a header), run together with the rules so that one answer
   * lists every violation of the request.
   */
  requestChecks?: readonly RequestCheck[];
}

export interface RequestCheck {
  readonly input: DescMessage;
  check(message: Message, header: Headers): readonly FieldViolation[];
}

export function describeViolations(type: DescMessage, violations: readonly FieldViolation[]): string {
  return `invalid ${type.name}: ${violations.map((v) => `${v.field} ${v.description}`).join("; ")}`;
}

export function validationInterceptor(options: ValidationOptions = {}): Interceptor {
  for (const service of options.services ?? []) {
    for (const method of service.methods) validatorFor(method.input);
  }
  const checks = new Map((options.requestChecks ?? []).map((c) => [c.input.typeName, c]));
  return (next) => async (request) => {
    // Only unary requests carry their message up front; UserService has no streaming methods.
    if (!request.stream) {
      const type = request.method.input;
      const violations = validatorFor(type)(request.message);
      const own = checks.get(type.typeName);
      if (own) {
        // A field the rules already refused is not reported again by the service's own checks.
        const refused = new Set(violations.map((v) => v.field));
        violations.push(...own.check(request.message, request.header).filter((v) => !refused.has(v.field)));
      }
      if (violations.length > 0) throw invalidArgument("VALID-Rq7kf", describeViolations(type, violations), violations);
    }
    return next(request);
  };
}
