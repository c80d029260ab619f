// An HTTP server on loopback that records each webhook call and answers with a chosen status.
import { createServer, type IncomingHttpHeaders } from "node:http";

export interface WebhookCall {
  headers: IncomingHttpHeaders;
  body: string;
}

export interface WebhookReceiver {
  url: string;
  calls: WebhookCall[];
  status: number;
  waitFor(count: number, timeoutMs?: number): Promise<WebhookCall[]>;
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const receiver: WebhookReceiver = {
    url: "",
    calls: [],
    status: 204,
    async waitFor(count, timeoutMs = 10_000) {
      const until = Date.now() + timeoutMs;
      while (receiver.calls.length < count) {
        if (Date.now() > until) throw new Error(`expected ${count} webhook calls, got ${receiver.calls.length}`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      return receiver.calls;
    },
    close: async () => {},
  };
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      receiver.calls.push({ headers: request.headers, body: Buffer.concat(chunks).toString("utf8") });
      response.writeHead(receiver.status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as { port: number }).port}/hooks/notify`;
  receiver.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return receiver;
}
