export {
  createRestGateway,
  DEFAULT_FORWARD_HEADER_PREFIXES,
  DEFAULT_FORWARD_HEADERS,
  DEFAULT_RESPONSE_HEADERS,
  type RestGatewayOptions,
  type RestHandler,
  type RestRequest,
  type RestResponse,
} from "./rest-gateway.js";
export { httpStatusFromCode } from "./render-error.js";
