// Starting the listener: the URL it reports, and a port that is taken.
import { expect, it } from "vitest";
import { startServer } from "../../../src/gateway/listener/server.js";

const answer = () => (_req: unknown, res: { end(text: string): void }) => res.end("ok");

it("reports a URL that reaches it, for IPv4 and IPv6 hosts", async () => {
  for (const [host, pattern] of [["127.0.0.1", /^http:\/\/127\.0\.0\.1:\d+$/], ["::1", /^http:\/\/\[::1\]:\d+$/]] as const) {
    const server = await startServer({ port: 0, host, handler: answer() });
    try {
      expect(server.url).toMatch(pattern);
      expect(await (await fetch(server.url)).text()).toBe("ok");
    } finally {
      await server.close(0);
    }
  }
});

it("rejects when the port is taken", async () => {
  const first = await startServer({ port: 0, host: "127.0.0.1", handler: answer() });
  try {
    await expect(startServer({ port: first.port, host: "127.0.0.1", handler: answer() })).rejects.toMatchObject({ code: "EADDRINUSE" });
  } finally {
    await first.close(0);
  }
});
