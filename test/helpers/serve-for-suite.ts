// One real server (fresh database) and the four protocol drivers for a whole test file, started before its
// tests and stopped after them.
import { afterAll, beforeAll } from "vitest";
import { startTestServer, type StartOptions, type TestServer } from "./app-server.js";
import { allDrivers, type Driver } from "./protocols.js";

export interface Suite {
  readonly server: TestServer;
  readonly drivers: Driver[];
  driver(name: Driver["name"]): Driver;
}

export function serveForSuite(options: StartOptions = {}): Suite {
  let server: TestServer | undefined;
  let drivers: Driver[] = [];
  beforeAll(async () => {
    server = await startTestServer(options);
    drivers = allDrivers(server.url);
  });
  afterAll(async () => {
    for (const d of drivers) d.close();
    await server?.stop();
    await server?.drop();
  });
  return {
    get server() {
      if (!server) throw new Error("the suite's server is not started yet");
      return server;
    },
    get drivers() {
      return drivers;
    },
    driver: (name) => drivers.find((d) => d.name === name)!,
  };
}
