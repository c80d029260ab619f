// Composition root: config → database → event store → commands and queries → routes → one node handler.
// `buildApp` is what main.ts and the tests start; nothing here reads process.env.
import { createRegistry } from "@bufbuild/protobuf";
import { createRouterTransport, type ConnectRouter, type Interceptor } from "@connectrpc/connect";
import pino, { type Logger } from "pino";
import { collectDefaultMetrics, Registry } from "prom-client";
import { userServiceHandlers } from "./api/user/v2/user-service.js";
import { bootstrapInstance, type BootstrapResult } from "./command/instance/bootstrap.js";
import { createIdGenerator } from "./command/id-generator.js";
import type { CommandDeps } from "./command/deps.js";
import type { UserRow } from "./command/user/user-row.js";
import type { Config } from "./config.js";
import { openDatabase, type Database } from "./db/client.js";
import { migrate } from "./db/migrator.js";
import { isConnectionError, postgresErrorOf } from "./db/postgres-error.js";
import { defaultPasswordPolicy } from "./domain/password/complexity.js";
import { createPasswordHasher } from "./domain/password/hasher.js";
import { Eventstore } from "./eventstore/eventstore.js";
import { authInterceptor } from "./gateway/auth.js";
import { errorInterceptor } from "./gateway/errors.js";
import { createNodeHandler } from "./gateway/listener/node-handler.js";
import { createRpcHandler } from "./gateway/listener/rpc-handler.js";
import { createRestGateway } from "./gateway/rest/index.js";
import { validationInterceptor } from "./gateway/validation/index.js";
import { file_google_rpc_error_details } from "./gen/google/rpc/error_details_pb.js";
import { file_zitadel_message } from "./gen/zitadel/message_pb.js";
import { UserService } from "./gen/zitadel/user/v2/user_service_pb.js";
import { OrganizationService } from "./gen/zitadel/org/v2/org_service_pb.js";
import { orgServiceHandlers } from "./api/org/v2/org-service.js";
import { createJwtResolver } from "./query/principal-by-jwt.js";
import { loadMasterKey } from "./master-key.js";
import { createOrgQueries } from "./query/orgs.js";
import { createTokenResolver } from "./query/principal-by-token.js";
import { userRowReader } from "./query/user-rows.js";
import { createSecretBox } from "./domain/secret-box.js";
import { createNotificationMetrics, queuesMessage, startNotificationWorker } from "./notification/index.js";

export interface App {
  handler: ReturnType<typeof createNodeHandler>;
  database: Database;
  bootstrap: BootstrapResult;
  logger: Logger;
  close(): Promise<void>;
}

export async function buildApp(config: Config, logger: Logger = pino({ level: config.logLevel })): Promise<App> {
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: config.databasePoolSize });
  const { prisma } = database;
  let ready = false;
  try {
    const { applied } = await migrate(prisma);
    if (applied.length > 0) logger.info({ applied }, "migrations applied");

    let wakeNotifications = () => {};
    const eventstore = new Eventstore({
      db: database,
      postgresErrorOf,
      isConnectionError,
      cachedRoots: database.kind === "pglite" || config.writeModelCache ? 10_000 : 0,
      onPushed: (request) => {
        if (queuesMessage(request)) wakeNotifications();
      },
    });
    const newId = createIdGenerator();
    const orgs = createOrgQueries(prisma);
    const bootstrap = await bootstrapInstance({
      eventstore,
      newId,
      readInstance: async () => (await prisma.instance.findUnique({ where: { id: "instance" } })) ?? undefined,
      orgExists: async (id) => (await prisma.org.count({ where: { id } })) > 0,
      userExists: async (id) => (await prisma.user.count({ where: { id } })) > 0,
      defaultOrg: { name: "Default", domain: "default.localhost" },
      adminPatFile: config.adminPatFile,
    });
    if (bootstrap.adminToken) logger.info({ file: config.adminPatFile }, "administrator created; its token was written to the file");

    // One box: commands seal codes into the outbox, the notification worker opens them to deliver.
    const secretBox = createSecretBox(await loadMasterKey(config));
    const readUserRow = userRowReader(database);
    const commands: CommandDeps = {
      eventstore,
      loadUser: async (id) => eventstore.cachedRoot<UserRow>("users", id) ?? readUserRow(id),
      findOrgById: orgs.findOrgById,
      findOrgByDomain: orgs.findOrgByDomain,
      defaultOrgId: orgs.defaultOrgId,
      passwords: createPasswordHasher({
        algorithm: config.passwordHasher,
        bcryptCost: config.bcryptCost,
        maxConcurrent: config.passwordHashConcurrency,
        maxQueue: config.passwordHashQueue,
      }),
      passwordPolicy: defaultPasswordPolicy,
      sealer: secretBox,
      newId,
      now: () => new Date(),
      maxCodeAttempts: 5,
    };

    const interceptors: Interceptor[] = [
      errorInterceptor(logger),
      authInterceptor(createTokenResolver(prisma), config.oidc && createJwtResolver(prisma, { ...config.oidc, logger })),
      validationInterceptor({ services: [UserService, OrganizationService] }),
    ];
    const routes = (router: ConnectRouter) => {
      router.service(UserService, userServiceHandlers({ commands, prisma }));
      router.service(OrganizationService, orgServiceHandlers({ commands, prisma, instanceDomain: config.instanceDomain }));
    };
    const registry = createRegistry(file_zitadel_message, file_google_rpc_error_details);
    const rest = createRestGateway({
      services: [UserService, OrganizationService],
      transport: createRouterTransport(routes, { router: { interceptors } }),
      registry,
      maxBodyBytes: config.maxRequestBytes,
    });
    const metrics = new Registry();
    collectDefaultMetrics({ register: metrics });
    const notifications = startNotificationWorker({
      database,
      config,
      logger,
      opener: secretBox,
      metrics: createNotificationMetrics({ registry: metrics }),
    });
    wakeNotifications = notifications.wake;
    ready = true;
    const handler = createNodeHandler({
      metrics,
      connect: (fallback) => createRpcHandler({ routes, interceptors, readMaxBytes: config.maxRequestBytes, fallback, logger }),
      rest,
      corsOrigins: config.corsOrigins,
      health: async () => ready && (await prisma.$queryRawUnsafe("SELECT 1").then(() => true, () => false)),
      logger,
    });
    return {
      handler,
      database,
      bootstrap,
      logger,
      async close() {
        ready = false;
        await notifications.stop(); // before the database it uses goes away
        await database.close();
      },
    };
  } catch (error) {
    await database.close();
    throw error;
  }
}

