// A real SMTP server on loopback (smtp-server) that keeps what it receives: plain, STARTTLS or implicit
// TLS, optional login, and a switch that answers every recipient with a temporary failure. It can be
// stopped and started again on the same port, as a mail server restart looks to the sender.
import { SMTPServer, type SMTPServerOptions } from "smtp-server";
import { parseMail, type ParsedMail } from "./mime.js";

export interface ReceivedMail extends ParsedMail {
  to: string[];
  raw: string;
}

export interface MailServerOptions {
  tls?: "none" | "starttls" | "implicit";
  cert?: { cert: Buffer; key: Buffer };
  auth?: { user: string; pass: string };
}

export interface TestMailServer {
  port: number;
  received: ReceivedMail[];
  /** When each recipient was offered (accepted or not): the sender's attempts. */
  attemptTimes: number[];
  /** Answer every recipient with 451 (try again later). */
  rejecting: boolean;
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  stop(): Promise<void>;
  /** Listens again on the same port (nothing when it is running). */
  start(): Promise<void>;
}

export async function startMailServer(options: MailServerOptions = {}): Promise<TestMailServer> {
  const tls = options.tls ?? "none";
  const state: TestMailServer = {
    port: 0,
    received: [],
    attemptTimes: [],
    rejecting: false,
    async waitFor(count, timeoutMs = 10_000) {
      const until = Date.now() + timeoutMs;
      while (state.received.length < count) {
        if (Date.now() > until) throw new Error(`expected ${count} mails, got ${state.received.length}`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      return state.received;
    },
    stop: async () => {},
    start: async () => {},
  };
  let server: SMTPServer | undefined;

  const make = () => {
    const serverOptions: SMTPServerOptions = {
      logger: false,
      closeTimeout: 100,
      secure: tls === "implicit",
      ...(tls !== "none" && options.cert ? { key: options.cert.key, cert: options.cert.cert } : {}),
      disabledCommands: [...(tls === "none" ? ["STARTTLS"] : []), ...(options.auth ? [] : ["AUTH"])],
      authOptional: !options.auth,
      onAuth(auth, _session, callback) {
        if (auth.username === options.auth?.user && auth.password === options.auth?.pass) return callback(null, { user: auth.username });
        callback(new Error("Invalid username or password"));
      },
      onRcptTo(_address, _session, callback) {
        state.attemptTimes.push(Date.now());
        if (!state.rejecting) return callback();
        const error = new Error("mailbox busy, try again later") as Error & { responseCode: number };
        error.responseCode = 451;
        callback(error);
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on("data", (chunk: Buffer) => chunks.push(chunk));
        stream.on("end", () => {
          const raw = Buffer.concat(chunks).toString("utf8");
          state.received.push({ ...parseMail(raw), raw, to: session.envelope.rcptTo.map((r) => r.address) });
          callback();
        });
      },
    };
    return new SMTPServer(serverOptions);
  };

  state.start = () =>
    new Promise<void>((resolve, reject) => {
      if (server) return resolve();
      const next = make();
      next.on("error", () => {});
      next.server.once("error", reject);
      next.listen(state.port, "127.0.0.1", () => {
        server = next;
        state.port = (next.server.address() as { port: number }).port;
        resolve();
      });
    });
  state.stop = () =>
    new Promise<void>((resolve) => {
      const current = server;
      server = undefined;
      if (current) current.close(() => resolve());
      else resolve();
    });
  await state.start();
  return state;
}
