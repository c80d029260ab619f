// Every service ZITADEL publishes in @zitadel/proto, to run the gateway's descriptor handling over a large,
// real annotation set.
import { readdir } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import type { DescService } from "@bufbuild/protobuf";

export async function allZitadelServices(): Promise<DescService[]> {
  const require = createRequire(import.meta.url);
  // <package>/cjs/zitadel/user/v2/user_service_pb.js → <package>/es/zitadel, imported through the package name
  const anyFile = require.resolve("@zitadel/proto/zitadel/user/v2/user_service_pb.js");
  const esRoot = path.join(path.dirname(anyFile), "../../../../es/zitadel");
  const files = (await readdir(esRoot, { recursive: true })).filter((f) => f.endsWith("_pb.js"));
  const services: DescService[] = [];
  for (const file of files) {
    const module = (await import(`@zitadel/proto/zitadel/${file.split(path.sep).join("/")}`)) as Record<string, unknown>;
    for (const value of Object.values(module)) {
      if ((value as DescService | undefined)?.kind === "service") services.push(value as DescService);
    }
  }
  return services;
}
