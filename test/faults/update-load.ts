// Sustained UpdateHumanUser load for fault tests: one caller per (user, protocol), each sending a new given
// name per call and recording every answer with its duration, so a test can tell what failed, how fast,
// and check afterwards that every change answered OK is stored with the sequence it was given.
import { Code } from "@connectrpc/connect";
import type { Driver, Outcome } from "../helpers/protocols.js";

/** An answer slower than this counts as a hang. */
export const HANG_MS = 20_000;

export interface Answer {
  protocol: string;
  userId: string;
  givenName: string;
  startedAt: number;
  ms: number;
  /** "OK", a gRPC code, or "hang". */
  code: "OK" | Code | "hang" | "no-answer";
  httpStatus?: number;
  /** details.sequence of an OK answer. */
  sequence?: number;
  message?: string;
}

export interface Load {
  answers: Answer[];
  /** Stops every caller and waits for the calls in flight. */
  stop(): Promise<void>;
}

export function startUpdateLoad(callers: { driver: Driver; userId: string }[], token: string): Load {
  const answers: Answer[] = [];
  let running = true;
  const loops = callers.map(async ({ driver, userId }, index) => {
    for (let i = 0; running; i++) {
      const givenName = `n${index}-${i}`;
      const startedAt = Date.now();
      let timer: NodeJS.Timeout | undefined;
      const outcome: Outcome | "hang" | "no-answer" = await Promise.race([
        driver.call("UpdateHumanUser", { userId, profile: { givenName, familyName: "Load" } }, token).catch(() => "no-answer" as const),
        new Promise<"hang">((resolve) => (timer = setTimeout(() => resolve("hang"), HANG_MS))),
      ]);
      clearTimeout(timer);
      const answer: Answer = { protocol: driver.name, userId, givenName, startedAt, ms: Date.now() - startedAt, code: "hang" };
      if (outcome === "hang" || outcome === "no-answer") answer.code = outcome;
      else if (outcome.ok) {
        answer.code = "OK";
        answer.sequence = Number((outcome.json.details as { sequence?: string } | undefined)?.sequence);
      } else {
        answer.code = outcome.code;
        answer.httpStatus = outcome.httpStatus;
        answer.message = outcome.message;
      }
      answers.push(answer);
      // A failing call returns at once; pace the retries as a client would, without flooding the log.
      if (answer.code !== "OK") await new Promise((resolve) => setTimeout(resolve, 50));
    }
  });
  return {
    answers,
    async stop() {
      running = false;
      await Promise.all(loops);
    },
  };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until `check` holds, polling; false when `ms` passed first. */
export async function waitFor(check: () => boolean, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (check()) return true;
    await sleep(50);
  }
  return check();
}
