// Bounded label values for RPC metrics: the protocol from the request's content type, the service and method
// from a table built once from the served services. A path that names no served method is "unknown", so a
// scanner probing random paths cannot grow the number of time series.
import type { DescMethod, DescService } from "@bufbuild/protobuf";

export const PROTOCOLS = ["grpc", "grpc-web", "connect", "rest"] as const;
export type Protocol = (typeof PROTOCOLS)[number];
export const GRPC = 0;
export const GRPC_WEB = 1;
export const CONNECT = 2;
export const REST = 3;
export type ProtocolIndex = typeof GRPC | typeof GRPC_WEB | typeof CONNECT | typeof REST;

/** One served method (or "unknown"); metric children hang off it so the hot path never builds label objects. */
export class MethodLabels {
  /** Per protocol index: whatever the metrics cache for this method (see rpc-metrics.ts). */
  readonly slots: unknown[] = [undefined, undefined, undefined, undefined];
  constructor(
    readonly service: string,
    readonly method: string,
  ) {}
}

export class MethodTable {
  private readonly byPath = new Map<string, MethodLabels>();
  private readonly byMethod = new Map<DescMethod, MethodLabels>();
  private readonly byName = new Map<string, MethodLabels>();
  /** Per table (not per process): its metric children belong to one app's registry. */
  readonly unknown = new MethodLabels("unknown", "unknown");

  constructor(services: readonly DescService[]) {
    for (const service of services) {
      for (const method of service.methods) {
        const labels = new MethodLabels(service.typeName, method.name);
        this.byPath.set(`/${service.typeName}/${method.name}`, labels);
        this.byMethod.set(method, labels);
      }
    }
  }

  /** The method an RPC path (`/package.Service/Method`, no query) names, if served. */
  ofPath(path: string): MethodLabels | undefined {
    return this.byPath.get(path);
  }

  ofMethod(method: DescMethod): MethodLabels {
    return this.byMethod.get(method) ?? this.unknown;
  }

  /**
   * Labels of an operation that is no RPC (SCIM's `Users.PATCH`, …). The names come from the server's own
   * routes, never from the request, so their number stays bounded.
   */
  named(service: string, method: string): MethodLabels {
    const key = `${service}/${method}`;
    let labels = this.byName.get(key);
    if (!labels) this.byName.set(key, (labels = new MethodLabels(service, method)));
    return labels;
  }
}

/** gRPC and gRPC-web by content type; Connect for an RPC path; anything else went to the REST gateway. */
export function protocolOf(contentType: string | undefined, isRpcPath: boolean): ProtocolIndex {
  if (contentType !== undefined && contentType.startsWith("application/grpc")) {
    return contentType.startsWith("application/grpc-web") ? GRPC_WEB : GRPC;
  }
  return isRpcPath ? CONNECT : REST;
}
