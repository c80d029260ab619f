// Two servers of one deployment on one PostgreSQL database (two buildApp instances, as two processes would be).
// PGlite cannot be shared, so a PGlite run brings its own PostgreSQL for these tests.
import { startAnotherServer, startTestServer, startTestServerOn, type TestServer } from "./app-server.js";
import { databaseKind } from "./database.js";
import { startPrivatePostgres, type PrivatePostgres } from "./private-postgres.js";

export interface TwoServers {
  first: TestServer;
  second: TestServer;
  /** Stops both servers and drops their database (and the private PostgreSQL, if any). */
  stop(): Promise<void>;
}

export async function startTwoServers(databaseName: string): Promise<TwoServers> {
  let privatePostgres: PrivatePostgres | undefined;
  let first: TestServer;
  if (databaseKind === "postgres") {
    first = await startTestServer();
  } else {
    privatePostgres = await startPrivatePostgres();
    first = await startTestServerOn(await privatePostgres.createDatabase(databaseName));
  }
  const second = await startAnotherServer(first);
  return {
    first,
    second,
    async stop() {
      await second.stop();
      await first.stop();
      await first.drop();
      await privatePostgres?.cleanup();
    },
  };
}
