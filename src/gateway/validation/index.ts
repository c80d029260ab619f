// Request validation from the protoc-gen-validate rules (`(validate.rules)`) carried by our descriptors.
export { validatorFor, type Validator } from "./compile-message.js";
export { validationInterceptor, describeViolations, type RequestCheck, type ValidationOptions } from "./validation-interceptor.js";
export { UnsupportedRuleError } from "./value-check.js";
