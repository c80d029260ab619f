// Resumption: the state file records how many rows from the top are finished (created, already present or
// written to the failed file) and their counts. Rows finish out of order (several calls in flight), so only the
// contiguous prefix counts; a restart skips that prefix and sends everything after it again, which the
// deterministic user ids make harmless. The file is replaced atomically (write, then rename), so a SIGKILL
// leaves either the old state or the new one.
import { readFileSync, renameSync, writeFileSync } from "node:fs";

export interface Counts {
  created: number;
  present: number;
  failed: number;
}

export interface StateFile {
  version: 1;
  input: { sha256: string; rows: number };
  /** The server and organisation the rows went to: the same file for another server is another import. */
  url: string;
  org: string | null;
  /** Rows 0 … done-1 are finished. */
  done: number;
  counts: Counts;
  complete: boolean;
  updatedAt: string;
}

export function readState(file: string): StateFile | undefined {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  const state = JSON.parse(text) as StateFile;
  if (state.version !== 1 || typeof state.done !== "number") throw new Error(`${file} is not a state file of this tool`);
  return state;
}

/** Why a state file does not belong to this run, if it does not. */
export function stateMismatch(state: StateFile, sha256: string, url: string, org: string | undefined): string | undefined {
  if (state.input.sha256 !== sha256) return "version of the input file";
  if (state.url !== url) return `server (${state.url})`;
  if (state.org !== (org ?? null)) return `--org (${state.org ?? "none"})`;
  return undefined;
}

export function writeState(file: string, state: StateFile): void {
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, `${JSON.stringify({ ...state, updatedAt: new Date().toISOString() }, null, 2)}\n`);
  renameSync(tmp, file);
}

export type Outcome = keyof Counts;

/** Folds rows finished in any order into the contiguous prefix `done` and the counts of that prefix. */
export class Watermark {
  private readonly pending = new Map<number, Outcome>();

  constructor(
    public done: number,
    public readonly counts: Counts,
  ) {}

  finish(index: number, outcome: Outcome): void {
    this.pending.set(index, outcome);
    for (let next = this.pending.get(this.done); next !== undefined; next = this.pending.get(this.done)) {
      this.pending.delete(this.done);
      this.counts[next]++;
      this.done++;
    }
  }

  /** Counts including rows finished beyond the prefix (what the user has seen happen). */
  seen(): Counts {
    const all = { ...this.counts };
    for (const outcome of this.pending.values()) all[outcome]++;
    return all;
  }
}
