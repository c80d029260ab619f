// Reflection and health on the RPC port: registered next to our services, open without a token (see auth.ts).
import type { DescService } from "@bufbuild/protobuf";
import type { ConnectRouter } from "@connectrpc/connect";
import { Health } from "../../gen/grpc/health/v1/health_pb.js";
import * as v1 from "../../gen/grpc/reflection/v1/reflection_pb.js";
import * as v1alpha from "../../gen/grpc/reflection/v1alpha/reflection_pb.js";
import { registerHealthService } from "../health-service.js";
import { createDescriptorIndex } from "./descriptor-index.js";
import { registerReflectionServices } from "./reflection-service.js";

/** The services that describe the server: health and both reflection versions. */
export const SERVER_INFO_SERVICES: readonly DescService[] = [Health, v1.ServerReflection, v1alpha.ServerReflection];

/** Services anyone may call: they describe the server, never its data. */
export const PUBLIC_SERVICES: ReadonlySet<string> = new Set(SERVER_INFO_SERVICES.map((service) => service.typeName));

export interface ServerInfoOptions {
  /** The services of the API; reflection lists these and itself, health knows them by name. */
  services: readonly DescService[];
  healthy: () => Promise<boolean>;
}

/** Registers grpc.health.v1.Health and both reflection versions; returns the routes function to add to the router. */
export function serverInfoRoutes(options: ServerInfoOptions): (router: ConnectRouter) => void {
  const all = [...options.services, ...SERVER_INFO_SERVICES];
  const index = createDescriptorIndex(all);
  return (router) => {
    registerHealthService(router, { healthy: options.healthy, serviceNames: options.services.map((s) => s.typeName) });
    registerReflectionServices(router, index);
  };
}
