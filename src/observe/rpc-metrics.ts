// Prometheus metrics of RPCs, by service, method, protocol and status code. The histogram leaves the code out:
// the duration of errors is rarely what one asks about, and 17 codes × 11 buckets per method and protocol would
// multiply the series for little; the counter answers "how many failed, how". Children (label-bound metrics)
// are created once per method, protocol and code and kept on the method's labels, so recording a request is
// two array reads and two additions, with no label object or hash built per request.
import { Code } from "@connectrpc/connect";
import { Counter, Histogram, type Registry } from "prom-client";
import { CODE_NAMES } from "./status-codes.js";
import { PROTOCOLS, type MethodLabels, type ProtocolIndex } from "./rpc-labels.js";

interface Slot {
  duration: Histogram.Internal<string>;
  counts: (Counter.Internal | undefined)[];
}


export interface RpcMetrics {
  record(method: MethodLabels, protocol: ProtocolIndex, code: number, seconds: number): void;
}

export function createRpcMetrics(registry: Registry): RpcMetrics {
  const requests = new Counter({
    name: "rpc_server_requests_total",
    help: "RPCs answered, by service, method, protocol (grpc, grpc-web, connect, rest) and status code; SCIM requests as service \"scim\" and their operation; paths naming no served method count as service and method \"unknown\".",
    labelNames: ["service", "method", "protocol", "code"] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: "rpc_server_duration_seconds",
    help: "Time from the request's arrival to the end of its answer, by service, method and protocol.",
    labelNames: ["service", "method", "protocol"] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const slotOf = (method: MethodLabels, protocol: ProtocolIndex): Slot => {
    let slot = method.slots[protocol] as Slot | undefined;
    if (!slot) {
      slot = { duration: duration.labels(method.service, method.method, PROTOCOLS[protocol]), counts: [] };
      method.slots[protocol] = slot;
    }
    return slot;
  };
  return {
    record(method, protocol, code, seconds) {
      const slot = slotOf(method, protocol);
      slot.duration.observe(seconds);
      const index = code >= 0 && code < CODE_NAMES.length ? code : Code.Unknown;
      let count = slot.counts[index];
      if (!count) {
        count = requests.labels(method.service, method.method, PROTOCOLS[protocol], CODE_NAMES[index]!);
        slot.counts[index] = count;
      }
      count.inc();
    },
  };
}
