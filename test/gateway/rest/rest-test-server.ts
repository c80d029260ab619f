// A plain node:http server in front of the gateway, on a free port, for tests that speak real HTTP to it.
// When the gateway declines a request (resolves false) the server answers 404 "no route here" itself, so a test
// can tell "the gateway fell through" from a 404 the gateway rendered.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { RestHandler } from "../../../src/gateway/rest/index.js";

export const FALL_THROUGH_BODY = "no route here";

export interface RestTestServer {
  readonly url: string;
  close(): Promise<void>;
}

export async function startRestTestServer(handler: RestHandler): Promise<RestTestServer> {
  const server = createServer((req, res) => {
    handler(req, res).then(
      (handled) => {
        if (!handled) {
          res.writeHead(404, { "content-type": "text/plain" });
          res.end(FALL_THROUGH_BODY);
        }
      },
      (error: unknown) => {
        // The gateway must never reject; make it visible if it does.
        res.writeHead(599, { "content-type": "text/plain" });
        res.end(`gateway rejected: ${String(error)}`);
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
