// The import run: check the file in full (structure, row count, identity) → check the state file → one call to
// prove address and token → `concurrency` workers take rows in file order and send each as AddHumanUser →
// progress, state every second, failed rows as they happen → summary. A stop request (Ctrl-C) or a fatal
// answer lets the calls in flight finish, writes the state and returns.
import { KeyedLock } from "../../eventstore/keyed-lock.js";
import { addUser, checkConnection, createUserClient, type CallFailure } from "./add-user-call.js";
import { FailedRowsFile } from "./failed-rows.js";
import { readState, stateMismatch, Watermark, writeState, type StateFile } from "./import-state.js";
import type { ImportOptions } from "./options.js";
import { createProgress, formatSummary } from "./progress.js";
import { InputError, readRecords, scanInput, type InputRecord } from "./read-records.js";
import { rowUserId } from "./row-id.js";
import { checkCsvHeader, rowToRequest } from "./row-request.js";

export interface ImportIo {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  /** Aborted on Ctrl-C: no new rows are started. */
  signal: AbortSignal;
}

export const EXIT = { ok: 0, error: 1, rowsFailed: 3, interrupted: 130 } as const;

export async function runImport(options: ImportOptions, io: ImportIo): Promise<number> {
  const fail = (message: string) => {
    io.stderr.write(`user-service-import: ${message}\n`);
    return EXIT.error;
  };
  const checkHeader = options.format === "csv" ? checkCsvHeader : () => {};
  let scan: { sha256: string; rows: number };
  try {
    scan = await scanInput(options.input, options.format, checkHeader);
  } catch (error) {
    if (error instanceof InputError) return fail(error.message);
    throw error;
  }

  let state: StateFile | undefined;
  try {
    state = readState(options.stateFile);
  } catch (error) {
    return fail(`cannot read the state file ${options.stateFile}: ${(error as Error).message}`);
  }
  const mismatch = state && stateMismatch(state, scan.sha256, options.url, options.org);
  if (mismatch) {
    return fail(
      `${options.stateFile} belongs to a different ${mismatch}; delete it to start from the first row ` +
        `(rows already created are recognised by their ids and not created twice)`,
    );
  }

  const client = createUserClient(options.url, options.token);
  const refused = await checkConnection(client);
  if (refused) return fail(`the first call to ${options.url} failed: ${refused.code}: ${refused.message}`);

  const resumedFrom = state?.done ?? 0;
  const watermark = new Watermark(resumedFrom, state?.counts ?? { created: 0, present: 0, failed: 0 });
  const failedRows = new FailedRowsFile(options.failedFile, resumedFrom);
  const saveState = () =>
    writeState(options.stateFile, {
      version: 1,
      input: scan,
      url: options.url,
      org: options.org ?? null,
      done: watermark.done,
      counts: watermark.counts,
      complete: watermark.done === scan.rows,
      updatedAt: "",
    });
  saveState();

  const progress = createProgress(io.stderr, options.progressInterval);
  const startedAt = Date.now();
  let processed = 0;
  let fatal: CallFailure | undefined;
  const stopping = () => io.signal.aborted || fatal !== undefined;
  const stateTimer = setInterval(saveState, 1000);

  const sameUsername = new KeyedLock();
  const finishFailed = (record: InputRecord, failure: CallFailure, userId?: string) => {
    failedRows.append({ line: record.line, record: record.index + 1, ...(userId ? { userId } : {}), row: record.row, ...failure });
    watermark.finish(record.index, "failed");
  };

  const handle = async (record: InputRecord): Promise<void> => {
    if (record.unreadable) return finishFailed(record, { code: "invalid_argument", message: record.unreadable, errorId: "IMPORT-Unread", violations: [] });
    const derivedId = rowUserId(record.line, record.row, options.org);
    const built = rowToRequest(record.row, { userId: derivedId, org: options.org });
    if (!built.ok) return finishFailed(record, { code: "invalid_argument", message: built.message, errorId: "IMPORT-Row", violations: built.violations });
    const { request } = built;
    const ownId = request.userId !== derivedId;
    const expectedUsername = ownId ? (request.username ?? request.email?.email ?? "") : "";
    // Rows naming the same username go one after the other, in file order, so the first one in the file is the
    // one created and the later ones are refused (AlreadyExists) — whatever the concurrency.
    const username = (request.username ?? request.email?.email ?? "").trim().toLowerCase();
    const outcome = await sameUsername.run(username, () => addUser(client, request, expectedUsername, stopping));
    if (outcome.kind === "fatal") {
      fatal ??= outcome.failure;
      return;
    }
    if (outcome.kind === "failed") return finishFailed(record, outcome.failure, request.userId);
    watermark.finish(record.index, outcome.kind);
  };

  const records = readRecords(options.input, options.format, checkHeader);
  const worker = async () => {
    while (!stopping()) {
      const next = await records.next();
      if (next.done) return;
      if (next.value.index < resumedFrom) continue;
      await handle(next.value);
      processed++;
      progress.update(watermark.done, watermark.seen());
    }
  };

  progress.start(scan.rows, resumedFrom);
  try {
    await Promise.all(Array.from({ length: options.concurrency }, worker));
  } finally {
    clearInterval(stateTimer);
    await records.return(undefined);
    saveState();
    failedRows.close();
    progress.update(watermark.done, watermark.seen());
    progress.stop();
  }

  const interrupted = fatal
    ? `Stopped after row ${watermark.done}: ${fatal.code}: ${fatal.message}`
    : io.signal.aborted && watermark.done < scan.rows
      ? `Interrupted after row ${watermark.done}`
      : undefined;
  io.stdout.write(
    `${formatSummary({
      input: options.input,
      total: scan.rows,
      counts: watermark.seen(),
      resumedFrom,
      processed,
      seconds: (Date.now() - startedAt) / 1000,
      failedFile: options.failedFile,
      interrupted,
    })}\n`,
  );
  if (fatal) return EXIT.error;
  if (interrupted) return EXIT.interrupted;
  return watermark.counts.failed > 0 ? EXIT.rowsFailed : EXIT.ok;
}
