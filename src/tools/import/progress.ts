// Progress on stderr: a cli-progress bar on a terminal, otherwise (CI logs, pipes) a plain line every few
// seconds; then the summary. stdout stays free for the summary alone.
import cliProgress from "cli-progress";
import type { Counts } from "./import-state.js";

export interface Progress {
  start(total: number, done: number): void;
  update(done: number, counts: Counts): void;
  stop(): void;
}

export function createProgress(stream: NodeJS.WriteStream, intervalSeconds: number): Progress {
  return stream.isTTY ? barProgress(stream) : lineProgress(stream, intervalSeconds);
}

function barProgress(stream: NodeJS.WriteStream): Progress {
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: "{bar} {percentage}% | {value}/{total} rows | {created} created, {present} already present, {failed} failed | ETA {eta_formatted}",
      hideCursor: true,
      etaBuffer: 200,
    },
    cliProgress.Presets.shades_classic,
  );
  return {
    start: (total, done) => bar.start(total, done, { created: 0, present: 0, failed: 0 }),
    update: (done, counts) => bar.update(done, { ...counts }),
    stop: () => bar.stop(),
  };
}

function lineProgress(stream: NodeJS.WriteStream, intervalSeconds: number): Progress {
  let total = 0;
  let latest = { done: 0, counts: { created: 0, present: 0, failed: 0 } };
  let timer: NodeJS.Timeout | undefined;
  let startedAt = 0;
  let startDone = 0;
  const print = () => {
    const { done, counts } = latest;
    const seconds = (Date.now() - startedAt) / 1000;
    const rate = seconds > 0 ? Math.round((done - startDone) / seconds) : 0;
    const percent = total > 0 ? Math.floor((done / total) * 100) : 100;
    stream.write(`progress: ${done}/${total} rows (${percent}%), ${counts.created} created, ${counts.present} already present, ${counts.failed} failed, ${rate} rows/s\n`);
  };
  return {
    start: (t, done) => {
      total = t;
      startDone = done;
      latest = { ...latest, done };
      startedAt = Date.now();
      timer = setInterval(print, intervalSeconds * 1000);
      timer.unref();
    },
    update: (done, counts) => {
      latest = { done, counts };
    },
    stop: () => {
      clearInterval(timer);
      print();
    },
  };
}

export interface Summary {
  input: string;
  total: number;
  counts: Counts;
  /** Rows finished by earlier runs of the same import. */
  resumedFrom: number;
  processed: number;
  seconds: number;
  failedFile: string;
  interrupted?: string;
}

export function formatSummary(s: Summary): string {
  const rate = s.seconds > 0 ? Math.round(s.processed / s.seconds) : s.processed;
  const width = String(s.total).length;
  const row = (label: string, n: number) => `  ${label.padEnd(16)}${String(n).padStart(width)}`;
  return [
    `${s.interrupted ? "Stopped" : "Imported"} ${s.input}: ${s.total} rows` +
      (s.resumedFrom > 0 ? ` (resumed after row ${s.resumedFrom})` : ""),
    row("total", s.total),
    row("created", s.counts.created),
    row("already present", s.counts.present),
    row("failed", s.counts.failed) + (s.counts.failed > 0 ? `  -> ${s.failedFile}` : ""),
    `  duration        ${s.seconds.toFixed(1)} s, ${rate} rows/s`,
    ...(s.interrupted ? [`${s.interrupted}; run the same command again to continue.`] : []),
  ].join("\n");
}
