// The CPU an access log line costs the process with pino's synchronous and asynchronous destinations, run apart
// from the service because the difference is too small to resolve in `npm run bench` on a busy machine:
//   npx tsx scripts/bench/log-cost.ts sync|async [lines per event-loop turn, default 20] | cat > /dev/null
// (stdout must be a pipe, as under a process manager). Prints µs of process CPU (all threads) per line on stderr.
import pino from "pino";

const sync = process.argv[2] === "sync";
const perTurn = Number(process.argv[3] ?? 20);
const LINES = 50_000;
const destination = pino.destination({ dest: 1, sync });
const logger = pino({ level: "info" }, destination);
const before = process.cpuUsage();
let i = 0;
await new Promise<void>((resolve) => {
  const turn = () => {
    for (let k = 0; k < perTurn && i < LINES; k++, i++) {
      logger.info({ reqId: `r${i}`, protocol: "grpc", httpMethod: "POST", service: "zitadel.user.v2.UserService", method: "UpdateHumanUser", code: "OK", status: 200, durationMs: 12.3 }, "request");
    }
    if (i < LINES) setImmediate(turn);
    else resolve();
  };
  turn();
});
destination.flushSync();
const used = process.cpuUsage(before);
process.stderr.write(`${sync ? "sync" : "async"}, ${perTurn} per turn: ${((used.user + used.system) / LINES).toFixed(2)} µs CPU per line\n`);
