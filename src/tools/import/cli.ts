// Entry of `user-service-import` (bin/user-service-import.mjs loads this): options → run → exit status.
// The first Ctrl-C (or SIGTERM) lets the calls in flight finish and writes the state; a second one exits at once
// (safe too: the state file is at most a second old and rows after it are sent again without duplicates).
import { HELP, parseCommand, UsageError } from "./options.js";
import { EXIT, runImport } from "./run-import.js";

export async function main(argv: string[], env: Record<string, string | undefined>): Promise<number> {
  let command;
  try {
    command = parseCommand(argv, env);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`user-service-import: ${error.message}\n\n${HELP}\n`);
    return EXIT.error;
  }
  if (command.help) {
    process.stdout.write(`${HELP}\n`);
    return EXIT.ok;
  }
  const stop = new AbortController();
  const onSignal = () => {
    if (stop.signal.aborted) process.exit(EXIT.interrupted);
    process.stderr.write("\nuser-service-import: stopping after the calls in flight (press Ctrl-C again to quit at once)\n");
    stop.abort();
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  try {
    return await runImport(command.options, { stdout: process.stdout, stderr: process.stderr, signal: stop.signal });
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}
