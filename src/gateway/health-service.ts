// The standard gRPC health service (grpc.health.v1.Health), so load balancers, Kubernetes' grpc probe and
// grpc-health-probe can ask over the RPC port. Its answer is readiness, the same check as GET /readyz: started,
// not shutting down, and the database answers.
import { create } from "@bufbuild/protobuf";
import { Code, ConnectError, type ConnectRouter, type HandlerContext } from "@connectrpc/connect";
import { Health, HealthCheckResponse_ServingStatus as Status, HealthCheckResponseSchema } from "../gen/grpc/health/v1/health_pb.js";

export interface HealthServiceOptions {
  /** Readiness (GET /readyz's check): true when the server is started, not draining, and the database answers. */
  healthy: () => Promise<boolean>;
  /** Fully-qualified names of the services whose status can be asked for by name; "" is always known. */
  serviceNames: readonly string[];
  /** How often Watch re-runs the check to notice a change; tests shorten it. */
  watchIntervalMs?: number;
}

export function registerHealthService(router: ConnectRouter, options: HealthServiceOptions): void {
  const known = new Set(["", Health.typeName, ...options.serviceNames]);
  const status = async () => ((await options.healthy()) ? Status.SERVING : Status.NOT_SERVING);
  const interval = options.watchIntervalMs ?? 5_000;
  router.service(Health, {
    async check(request) {
      if (!known.has(request.service)) throw new ConnectError(`unknown service ${request.service}`, Code.NotFound);
      return { status: await status() };
    },
    // Sends the status now and then on every change, until the client cancels or the server shuts down.
    async *watch(request, context) {
      if (!known.has(request.service)) {
        yield create(HealthCheckResponseSchema, { status: Status.SERVICE_UNKNOWN });
        await untilAborted(context);
        return;
      }
      let last: Status | undefined;
      while (!context.signal.aborted) {
        const now = await status();
        if (now !== last) yield create(HealthCheckResponseSchema, { status: now });
        last = now;
        await sleep(interval, context);
      }
    },
  });
}

function sleep(ms: number, context: HandlerContext): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      context.signal.removeEventListener("abort", done);
      resolve();
    }
    context.signal.addEventListener("abort", done, { once: true });
  });
}

function untilAborted(context: HandlerContext): Promise<void> {
  return new Promise((resolve) => {
    if (context.signal.aborted) return resolve();
    context.signal.addEventListener("abort", () => resolve(), { once: true });
  });
}
