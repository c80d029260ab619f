// Talks to the port byte by byte, below any HTTP client: to send pieces, pauses, garbage and resets.
import net from "node:net";
import { setTimeout as delay } from "node:timers/promises";

export type Step = string | Buffer | { pauseMs: number } | "half-close" | "reset";

export interface Exchange {
  /** Everything the server sent, as latin1 text. */
  received: string;
  /** Milliseconds from connect until the server closed the connection. */
  closedAfterMs: number;
}

/** Plays `steps` on a fresh connection and resolves once the server closed it (or `waitMs` passed: rejects). */
export function exchange(port: number, steps: Step[], waitMs = 5_000): Promise<Exchange> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ port, host: "127.0.0.1", noDelay: true });
    const started = Date.now();
    let received = "";
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`the server kept the connection open for ${waitMs} ms; received ${JSON.stringify(received)}`));
    }, waitMs);
    socket.on("data", (chunk) => (received += chunk.toString("latin1")));
    socket.on("error", () => {}); // a reset from the server is an answer too
    socket.on("close", () => {
      clearTimeout(timer);
      resolve({ received, closedAfterMs: Date.now() - started });
    });
    socket.once("connect", async () => {
      for (const step of steps) {
        if (socket.destroyed) return;
        if (step === "half-close") socket.end();
        else if (step === "reset") socket.resetAndDestroy();
        else if (typeof step === "object" && "pauseMs" in step) await delay(step.pauseMs);
        else socket.write(step);
      }
    });
  });
}
