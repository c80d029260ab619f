// A @grpc/grpc-js client for ZITADEL's UserService built from the published descriptors (@zitadel/proto):
// messages go over the wire with @bufbuild/protobuf's binary codec, no .proto files are loaded.
import { create, fromBinary, toBinary, type DescMessage, type MessageInitShape, type MessageShape } from "@bufbuild/protobuf";
import * as grpc from "@grpc/grpc-js";
import { UserService } from "@zitadel/proto/zitadel/user/v2/user_service_pb.js";

type AnyMessage = MessageShape<DescMessage>;

const definition: grpc.ServiceDefinition = Object.fromEntries(
  UserService.methods.map((method) => [
    method.name,
    {
      path: `/${UserService.typeName}/${method.name}`,
      requestStream: false,
      responseStream: false,
      requestSerialize: (message: AnyMessage) => Buffer.from(toBinary(method.input, message)),
      requestDeserialize: (bytes: Buffer) => fromBinary(method.input, bytes),
      responseSerialize: (message: AnyMessage) => Buffer.from(toBinary(method.output, message)),
      responseDeserialize: (bytes: Buffer) => fromBinary(method.output, bytes),
    } satisfies grpc.MethodDefinition<AnyMessage, AnyMessage>,
  ]),
);

const UserServiceClient = grpc.makeGenericClientConstructor(definition, UserService.name);

type UnaryMethod = (request: AnyMessage, metadata: grpc.Metadata, callback: (error: grpc.ServiceError | null, response?: AnyMessage) => void) => void;

export interface GrpcJsUserClient {
  /** Calls `method` (its proto name, e.g. "GetUserByID"); rejects with grpc-js's ServiceError. */
  unary(method: string, request: MessageInitShape<DescMessage>): Promise<AnyMessage>;
  close(): void;
}

export function grpcJsUserClient(address: string, credentials: grpc.ChannelCredentials, options: grpc.ChannelOptions = {}): GrpcJsUserClient {
  const client = new UserServiceClient(address, credentials, options) as grpc.Client & Record<string, UnaryMethod>;
  return {
    unary: (method, request) => {
      const descriptor = UserService.methods.find((m) => m.name === method);
      const call = client[method];
      if (!descriptor || !call) throw new Error(`UserService has no method ${method}`);
      return new Promise((resolve, reject) =>
        call.call(client, create(descriptor.input, request), new grpc.Metadata(), (error, response) => (error ? reject(error) : resolve(response!))),
      );
    },
    close: () => client.close(),
  };
}
