// The process's logger: JSON lines to stdout through pino's asynchronous destination, so that a request's access
// line costs no write system call on the event loop (lines logged while a write is under way go out together
// with the next one). What is buffered is written out synchronously when the process stops (pino flushes on
// `exit`, which process.exit raises) and when it dies of an uncaught exception, which is logged first.
import pino, { type Logger } from "pino";

export function createProcessLogger(level: string): Logger {
  const destination = pino.destination({ dest: 1, sync: false });
  const logger = pino({ level }, destination);
  process.once("uncaughtException", (error) => {
    logger.fatal({ err: error }, "uncaught exception: stopping");
    destination.flushSync();
    process.exit(1);
  });
  return logger;
}
