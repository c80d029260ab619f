// The failed-rows file: one JSON object per failed row (line, original row, error code, message and field
// violations). Each entry is written synchronously before its row counts as finished, so the state file never
// covers a failure the failed file lacks. On resumption the entries of rows that will be sent again are dropped.
import { closeSync, existsSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from "node:fs";
import type { CallFailure } from "./add-user-call.js";

export interface FailedRow extends CallFailure {
  /** 1-based line of the input where the row starts. */
  line: number;
  /** 1-based position among the data rows. */
  record: number;
  userId?: string;
  row: Record<string, unknown>;
}

export class FailedRowsFile {
  private readonly fd: number;
  private written = 0;

  /** `keepRecords`: entries of rows 1 … keepRecords stay (a resumed run); 0 starts the file afresh. */
  constructor(
    private readonly file: string,
    keepRecords: number,
  ) {
    const kept = keepRecords > 0 && existsSync(file)
      ? readFileSync(file, "utf8").split("\n").filter((l) => l.trim() !== "" && (JSON.parse(l) as FailedRow).record <= keepRecords)
      : [];
    writeFileSync(file, kept.map((l) => `${l}\n`).join(""));
    this.written = kept.length;
    this.fd = openSync(file, "a");
  }

  append(entry: FailedRow): void {
    writeSync(this.fd, `${JSON.stringify(entry)}\n`);
    this.written++;
  }

  /** Closes the file; an empty one is removed so its presence always means "look here". */
  close(): void {
    closeSync(this.fd);
    if (this.written === 0) rmSync(this.file, { force: true });
  }
}
