// Streams the input file's rows with their positions: CSV through csv-parse (header row → column names, quoted
// fields may span lines), JSON Lines one object per non-blank line. Nothing is held in memory beyond one row.
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import { pipeline, Transform } from "node:stream";
import { parse } from "csv-parse";
import type { InputFormat } from "./options.js";

export interface InputRecord {
  /** 0-based position among the data rows (not counting the header or blank lines). */
  index: number;
  /** 1-based line of the file where the row starts. */
  line: number;
  /** The row as read: column → text for CSV, the parsed object for JSON Lines. */
  row: Record<string, unknown>;
  /** Why the row could not be read (JSON Lines only: a CSV that cannot be parsed stops the import). */
  unreadable?: string;
}

/** A structural problem of the file: the import does not start. */
export class InputError extends Error {}

export function readRecords(file: string, format: InputFormat, checkHeader: (columns: string[]) => void): AsyncGenerator<InputRecord> {
  return format === "csv" ? readCsv(file, checkHeader) : readJsonLines(file);
}

async function* readCsv(file: string, checkHeader: (columns: string[]) => void): AsyncGenerator<InputRecord> {
  // csv-parse miscounts lines when CRLF files have blank lines; with LF only its count is exact.
  // pipeline (not pipe) so a read error reaches the parser and ends the loop below.
  const parser = pipeline(
    createReadStream(file, "utf8"),
    crlfToLf(),
    parse({
      bom: true,
      columns: (header: string[]) => {
        const columns = header.map((c) => c.trim());
        checkHeader(columns);
        return columns;
      },
      info: true,
      raw: true,
      skip_empty_lines: true,
    }),
    () => {},
  );
  let index = 0;
  try {
    for await (const { info, raw, record } of parser as AsyncIterable<{ info: { lines: number }; raw: string; record: Record<string, string> }>) {
      // `info.lines` is the line where the row ends; a quoted field may have carried it over several lines.
      const body = raw.replace(/^(\r?\n)+/, "").replace(/\r?\n$/, "");
      const line = info.lines - (body.match(/\n/g)?.length ?? 0);
      yield { index: index++, line, row: record };
    }
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(`${file}: ${(error as Error).message}`);
  }
}

/** CRLF → LF, holding back a chunk's last "\r" until the next chunk shows whether "\n" follows. */
function crlfToLf(): Transform {
  let held = "";
  return new Transform({
    decodeStrings: false,
    transform(chunk: string, _encoding, done) {
      const text = held + chunk;
      held = text.endsWith("\r") ? "\r" : "";
      done(null, (held ? text.slice(0, -1) : text).replace(/\r\n/g, "\n"));
    },
    flush(done) {
      done(null, held);
    },
  });
}

async function* readJsonLines(file: string): AsyncGenerator<InputRecord> {
  const lines = createInterface({ input: createReadStream(file, "utf8"), crlfDelay: Infinity });
  let lineNo = 0;
  let index = 0;
  for await (const text of lines) {
    lineNo++;
    const trimmed = (lineNo === 1 ? text.replace(/^\uFEFF/, "") : text).trim();
    if (trimmed === "") continue;
    let row: unknown;
    try {
      row = JSON.parse(trimmed);
    } catch (error) {
      yield { index: index++, line: lineNo, row: { text: trimmed }, unreadable: `not JSON: ${(error as Error).message}` };
      continue;
    }
    if (row === null || typeof row !== "object" || Array.isArray(row)) {
      yield { index: index++, line: lineNo, row: { text: trimmed }, unreadable: "not a JSON object" };
      continue;
    }
    yield { index: index++, line: lineNo, row: row as Record<string, unknown> };
  }
}

/** The file's identity (SHA-256 of its bytes) and its number of rows; also finds CSV errors before any call. */
export async function scanInput(file: string, format: InputFormat, checkHeader: (columns: string[]) => void): Promise<{ sha256: string; rows: number }> {
  const hash = createHash("sha256");
  try {
    for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  } catch (error) {
    throw new InputError(`cannot read ${file}: ${(error as Error).message}`);
  }
  let rows = 0;
  for await (const _ of readRecords(file, format, checkHeader)) rows++;
  return { sha256: hash.digest("hex"), rows };
}
