// gRPC server reflection, both versions clients speak: grpc.reflection.v1 (grpcurl, buf curl's default) and the
// older grpc.reflection.v1alpha (still what many tools try first). One bidi stream per client: every request is
// answered by one response, in order; a question we cannot answer gets an error_response, not a failed stream.
import { Code, type ConnectRouter } from "@connectrpc/connect";
import * as v1 from "../../gen/grpc/reflection/v1/reflection_pb.js";
import * as v1alpha from "../../gen/grpc/reflection/v1alpha/reflection_pb.js";
import type { DescriptorIndex } from "./descriptor-index.js";

type Question = v1.ServerReflectionRequest["messageRequest"] | v1alpha.ServerReflectionRequest["messageRequest"];
type Answer =
  | { case: "fileDescriptorResponse"; value: { fileDescriptorProto: Uint8Array[] } }
  | { case: "allExtensionNumbersResponse"; value: { baseTypeName: string; extensionNumber: number[] } }
  | { case: "listServicesResponse"; value: { service: { name: string }[] } }
  | { case: "errorResponse"; value: { errorCode: number; errorMessage: string } };

export function registerReflectionServices(router: ConnectRouter, index: DescriptorIndex): void {
  router.service(v1.ServerReflection, {
    async *serverReflectionInfo(requests) {
      for await (const request of requests) {
        yield { validHost: request.host, originalRequest: request, messageResponse: answer(index, request.messageRequest) };
      }
    },
  });
  router.service(v1alpha.ServerReflection, {
    async *serverReflectionInfo(requests) {
      for await (const request of requests) {
        yield { validHost: request.host, originalRequest: request, messageResponse: answer(index, request.messageRequest) };
      }
    },
  });
}

export function answer(index: DescriptorIndex, question: Question): Answer {
  const files = (file: ReturnType<DescriptorIndex["fileByName"]>, what: string): Answer =>
    file ? { case: "fileDescriptorResponse", value: { fileDescriptorProto: index.serialize(file) } } : notFound(what);
  switch (question.case) {
    case "listServices":
      return { case: "listServicesResponse", value: { service: index.serviceNames.map((name) => ({ name })) } };
    case "fileByFilename":
      return files(index.fileByName(question.value), `file ${question.value}`);
    case "fileContainingSymbol":
      return files(index.fileBySymbol(question.value), `symbol ${question.value}`);
    case "fileContainingExtension": {
      const { containingType, extensionNumber } = question.value;
      return files(index.fileByExtension(containingType, extensionNumber), `extension ${extensionNumber} of ${containingType}`);
    }
    case "allExtensionNumbersOfType": {
      const numbers = index.extensionNumbers(question.value);
      if (!numbers) return notFound(`message type ${question.value}`);
      return { case: "allExtensionNumbersResponse", value: { baseTypeName: question.value.replace(/^\./, ""), extensionNumber: numbers } };
    }
    default:
      return { case: "errorResponse", value: { errorCode: Code.InvalidArgument, errorMessage: "the request names no question" } };
  }
}

function notFound(what: string): Answer {
  return { case: "errorResponse", value: { errorCode: Code.NotFound, errorMessage: `${what} not found` } };
}
