// The REST gateway's calls into the services, made in this process without a protocol in between: the request
// message the gateway built goes through the same interceptors (observer, deadline, errors, authentication, rate
// limits, validation, preconditions) to the service's implementation, and its answer comes back as it is.
// connect's router transport would instead encode the request in the Connect protocol, decode it again in a
// handler, and do the same for the answer — two binary (de)serialisations, stream plumbing and signals per call,
// which cost the REST path several times the CPU of the call itself.
import { create, isMessage, type DescMessage, type DescMethod, type DescMethodUnary, type MessageInitShape } from "@bufbuild/protobuf";
import {
  Code,
  ConnectError,
  createContextValues,
  createHandlerContext,
  createMethodImplSpec,
  createServiceImplSpec,
  type ConnectRouter,
  type HandlerContext,
  type Interceptor,
  type MethodImplSpec,
  type Transport,
  type UnaryResponse,
} from "@connectrpc/connect";

// A finished call's deadline timer is cleared by aborting its context; a reason given up front spares the
// DOMException an abort without one would construct.
const CALL_FINISHED = new ConnectError("call finished", Code.Canceled);

type Next = Parameters<Interceptor>[0];

/** Serves the unary methods `routes` registers, through `interceptors` (outermost first), in this process. */
export function createInProcessTransport(routes: (router: ConnectRouter) => void, interceptors: readonly Interceptor[]): Transport {
  const specs = collectSpecs(routes);
  return {
    async unary<I extends DescMessage, O extends DescMessage>(
      method: DescMethodUnary<I, O>,
      signal: AbortSignal | undefined,
      timeoutMs: number | undefined,
      header: HeadersInit | undefined,
      input: MessageInitShape<I>,
      contextValues = createContextValues(),
    ): Promise<UnaryResponse<I, O>> {
      const spec = specs.get(method);
      if (spec === undefined || spec.kind !== "unary") throw new ConnectError(`${method.parent.typeName}/${method.name} is not served`, Code.Unimplemented);
      const url = `/${method.parent.typeName}/${method.name}`;
      const context = createHandlerContext({
        service: method.parent,
        method,
        protocolName: "rest",
        requestMethod: "POST",
        url,
        timeoutMs,
        requestSignal: signal,
        requestHeader: header,
        contextValues,
      });
      const implementation: Next = async (request) => {
        if (request.stream) throw new ConnectError("a unary call got a stream", Code.Internal); // cannot happen: the request below is unary
        // As connect's handlers do: the implementation sees what the interceptors made of the request.
        const handlerContext: HandlerContext = { ...context, requestHeader: request.header, values: request.contextValues, signal: request.signal };
        const output = await spec.impl(request.message, handlerContext);
        return {
          stream: false,
          service: method.parent,
          method,
          message: isMessage(output, method.output) ? output : create(method.output, output as MessageInitShape<O>),
          header: context.responseHeader,
          trailer: context.responseTrailer,
        };
      };
      const next = interceptors.reduceRight<Next>((inner, interceptor) => interceptor(inner), implementation);
      try {
        return (await next({
          stream: false,
          service: method.parent,
          method,
          requestMethod: "POST",
          url,
          signal: context.signal,
          header: context.requestHeader,
          contextValues,
          message: isMessage(input, method.input) ? input : create(method.input, input),
        })) as UnaryResponse<I, O>;
      } catch (error) {
        // Over a protocol the answer's headers travel with an error too (a request id, Retry-After…).
        if (error instanceof ConnectError) {
          for (const headers of [context.responseHeader, context.responseTrailer]) {
            headers.forEach((value, name) => {
              if (!error.metadata.has(name)) error.metadata.set(name, value);
            });
          }
        }
        throw error;
      } finally {
        context.abort(CALL_FINISHED);
      }
    },
    stream(method) {
      return Promise.reject(new ConnectError(`${method.name}: streaming calls are not made in-process`, Code.Unimplemented));
    },
  };
}

/** What `routes` registers, as implementations by method; handler options are not supported here. */
function collectSpecs(routes: (router: ConnectRouter) => void): Map<DescMethod, MethodImplSpec> {
  const specs = new Map<DescMethod, MethodImplSpec>();
  const noOptions = (options: unknown) => {
    if (options !== undefined) throw new Error("the in-process transport takes no per-service handler options");
  };
  const router: ConnectRouter = {
    handlers: [],
    service(service, implementation, options) {
      noOptions(options);
      const spec = createServiceImplSpec(service, implementation);
      for (const method of Object.values(spec.methods)) specs.set(method.method, method);
      return this;
    },
    rpc(method, implementation, options) {
      noOptions(options);
      specs.set(method, createMethodImplSpec(method, implementation));
      return this;
    },
  };
  routes(router);
  return specs;
}
