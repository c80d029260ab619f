// The floor: what UpdateHumanUser and GetUserByID cost on this machine with nothing but the bare stack —
// connect-node (gRPC over h2c, Connect over HTTP/1.1) or a bare node:http route (REST) in front of one `pg`
// statement. An update is one statement that changes the user row and appends its event; a read is one SELECT
// by id. No authentication, validation, limits, metrics or logs: the service is measured against this in the
// same run (run.ts) to show what its own work costs.
//   node --import tsx scripts/bench/floor-server.ts   (DATABASE_URL, DATABASE_POOL_SIZE; prints its two URLs)
import http from "node:http";
import http2 from "node:http2";
import type { AddressInfo } from "node:net";
import type { MessageInitShape } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { Code, ConnectError, type ConnectRouter } from "@connectrpc/connect";
import { connectNodeAdapter } from "@connectrpc/connect-node";
import pg from "pg";
import { UserSchema, UserState } from "../../src/gen/zitadel/user/v2/user_pb.js";
import { UserService } from "../../src/gen/zitadel/user/v2/user_service_pb.js";

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.DATABASE_POOL_SIZE ?? 20) });

const UPDATE = `
  WITH changed AS (
    UPDATE users SET given_name = $2, family_name = $3, nick_name = $4, sequence = sequence + 1, change_date = now()
    WHERE id = $1 RETURNING sequence, resource_owner, change_date)
  INSERT INTO events (aggregate_type, aggregate_id, sequence, event_type, payload, creator, resource_owner)
  SELECT 'user', $1, sequence, 'user.human.profile.changed', $5, 'floor', resource_owner FROM changed
  RETURNING sequence, resource_owner, created_at`;
const SELECT = `SELECT id, resource_owner, username, given_name, family_name, nick_name, display_name, preferred_language,
  email, email_verified, sequence, creation_date, change_date FROM users WHERE id = $1`;

interface Profile {
  givenName: string;
  familyName: string;
  nickName?: string;
}

async function updateProfile(userId: string, profile: Profile) {
  const { rows } = await pool.query(UPDATE, [userId, profile.givenName, profile.familyName, profile.nickName ?? "", JSON.stringify(profile)]);
  if (rows.length === 0) throw new ConnectError("user not found", Code.NotFound);
  const row = rows[0] as { sequence: number; resource_owner: string; created_at: Date };
  return { sequence: BigInt(row.sequence), resourceOwner: row.resource_owner, changeDate: timestampFromDate(row.created_at) };
}

interface UserRow {
  id: string;
  resource_owner: string;
  username: string;
  given_name: string;
  family_name: string;
  nick_name: string;
  display_name: string;
  preferred_language: string;
  email: string;
  email_verified: boolean;
  sequence: number;
  creation_date: Date;
  change_date: Date;
}

async function readUser(userId: string): Promise<MessageInitShape<typeof UserSchema>> {
  const { rows } = await pool.query(SELECT, [userId]);
  if (rows.length === 0) throw new ConnectError("user not found", Code.NotFound);
  const row = rows[0] as UserRow;
  return {
    userId: row.id,
    state: UserState.ACTIVE,
    username: row.username,
    details: { sequence: BigInt(row.sequence), resourceOwner: row.resource_owner, changeDate: timestampFromDate(row.change_date), creationDate: timestampFromDate(row.creation_date) },
    type: {
      case: "human",
      value: {
        userId: row.id,
        username: row.username,
        profile: { givenName: row.given_name, familyName: row.family_name, nickName: row.nick_name, displayName: row.display_name, preferredLanguage: row.preferred_language },
        email: { email: row.email, isVerified: row.email_verified },
      },
    },
  };
}

const routes = (router: ConnectRouter) =>
  router.service(UserService, {
    async updateHumanUser(request) {
      const profile = request.profile;
      if (!profile) throw new ConnectError("profile required", Code.InvalidArgument);
      return { details: await updateProfile(request.userId, profile) };
    },
    async getUserByID(request) {
      return { user: await readUser(request.userId) };
    },
  });
const connect = connectNodeAdapter({ routes });

// REST's two routes, as a bare handler: the floor of a JSON-over-HTTP/1.1 gateway.
const UPDATE_ROUTE = /^\/v2\/users\/human\/(\d+)$/;
const GET_ROUTE = /^\/v2\/users\/(\d+)$/;
async function rest(request: http.IncomingMessage, response: http.ServerResponse): Promise<boolean> {
  const update = request.method === "PUT" ? UPDATE_ROUTE.exec(request.url ?? "") : null;
  const get = request.method === "GET" ? GET_ROUTE.exec(request.url ?? "") : null;
  if (!update && !get) return false;
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  try {
    const answer = update
      ? { details: await updateProfile(update[1]!, (JSON.parse(Buffer.concat(chunks).toString()) as { profile: Profile }).profile) }
      : { user: await readUser(get![1]!) };
    const body = JSON.stringify(answer, (_, v: unknown) => (typeof v === "bigint" ? String(v) : v));
    response.writeHead(200, { "content-type": "application/json" }).end(body);
  } catch (error) {
    response.writeHead(error instanceof ConnectError && error.code === Code.NotFound ? 404 : 500).end();
  }
  return true;
}

const listen = (server: http.Server | http2.Http2Server) =>
  new Promise<string>((resolve) => server.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));

const h2c = http2.createServer(connect);
const http1 = http.createServer((request, response) => {
  void rest(request, response).then((handled) => handled || connect(request, response));
});
const [grpcUrl, httpUrl] = await Promise.all([listen(h2c), listen(http1)]);
console.log(JSON.stringify({ msg: "listening", grpcUrl, httpUrl }));
process.on("SIGTERM", () => {
  h2c.close();
  http1.close();
  void pool.end().then(() => process.exit(0));
});
