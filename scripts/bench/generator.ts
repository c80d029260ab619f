// The load generator: closed-loop callers, each sending its next request as soon as the previous answer is
// complete, for a fixed time. It runs in its own process (forked by run.ts, which sends it one LoadSpec per
// scenario over IPC), reports its own CPU time beside the figures, and stays up between scenarios so that its
// start-up is paid once.
import { performance } from "node:perf_hooks";
import { GrpcSession, Http1Client } from "./raw-clients.js";
import { requestSource, type ScenarioSpec } from "./requests.js";
import { summarize, type ScenarioStats } from "./stats.js";

export interface LoadSpec extends ScenarioSpec {
  /** The server's h2c address (gRPC) and HTTP/1.1 address (Connect, REST); the same URL for our server. */
  grpcUrl: string;
  httpUrl: string;
  /** Sent as a bearer token when set (the floor server checks none). */
  token?: string;
  concurrency: number;
  seconds: number;
}

export interface LoadResult extends ScenarioStats {
  /** The generator's own CPU time over the run (user + system), ms. */
  generatorCpuMs: number;
}

/** gRPC callers per HTTP/2 session: few enough that one session's socket is not the bottleneck. */
const CALLERS_PER_SESSION = 4;

export async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const next = requestSource(spec);
  const authorization = spec.token ? `Bearer ${spec.token}` : undefined;
  const sessions = spec.protocol === "grpc" ? Array.from({ length: Math.ceil(spec.concurrency / CALLERS_PER_SESSION) }, () => new GrpcSession(spec.grpcUrl)) : [];
  const http = spec.protocol === "grpc" ? undefined : new Http1Client(spec.httpUrl, spec.concurrency, authorization);
  const send = async (caller: number, n: number) => {
    const request = next(caller, n);
    if (request.grpc) {
      const answer = await sessions[Math.floor(caller / CALLERS_PER_SESSION)]!.call(request.grpc.path, request.grpc.frame, authorization);
      if (answer.status !== 0) throw new Error(`grpc-status ${answer.status}: ${answer.message.slice(0, 200)}`);
    } else {
      await http!.call(request.http!);
    }
  };
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const deadline = started + spec.seconds * 1000;
  const caller = async (c: number) => {
    for (let n = 0; performance.now() < deadline; n++) {
      const t0 = performance.now();
      try {
        await send(c, n);
        latencies.push(performance.now() - t0);
      } catch (error) {
        errors++;
        firstError ??= String(error).slice(0, 300);
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: spec.concurrency }, (_, c) => caller(c)));
  } finally {
    for (const session of sessions) session.close();
    http?.close();
  }
  const cpu = process.cpuUsage(cpuBefore);
  return { ...summarize(latencies, errors, (performance.now() - started) / 1000, firstError), generatorCpuMs: (cpu.user + cpu.system) / 1000 };
}

// Forked by run.ts: one spec in, one result out, until the parent disconnects.
if (process.send) {
  process.on("message", (spec: LoadSpec) => {
    runLoad(spec).then(
      (result) => process.send!({ result }),
      (error: unknown) => process.send!({ error: String(error) }),
    );
  });
  process.on("disconnect", () => process.exit(0));
}
