// Composition root: config → database → event store → commands and queries → routes → one edge handler.
// `buildApp` is what main.ts and the tests start; nothing here reads process.env.
import { createRegistry } from "@bufbuild/protobuf";
import { type ConnectRouter, type Interceptor } from "@connectrpc/connect";
import pino, { type Logger } from "pino";
import { userServiceHandlers } from "./api/user/v2/user-service.js";
import { accountApis } from "./account-apis.js";
import { bootstrapInstance, type BootstrapResult } from "./command/instance/bootstrap.js";
import { createIdGenerator } from "./command/id-generator.js";
import type { CommandDeps } from "./command/deps.js";
import type { UserRow } from "./domain/user-row.js";
import type { Config } from "./config.js";
import { openDatabase, type Database } from "./db/client.js";
import { migrate } from "./db/migrator.js";
import { isConnectionError, postgresErrorOf } from "./db/postgres-error.js";
import { defaultPasswordPolicy } from "./domain/password/complexity.js";
import { createPasswordHasher } from "./domain/password/hasher.js";
import { Eventstore } from "./eventstore/eventstore.js";
import { authInterceptor } from "./gateway/auth.js";
import { errorInterceptor } from "./gateway/errors.js";
import { createEdgeHandler } from "./gateway/http/edge-handler.js";
import { scimRouter } from "./gateway/scim/scim-router.js";
import { SCIM_METADATA_PREFIX } from "./api/scim/scim-user-metadata.js";
import { scimHumanQueries } from "./query/scim-humans.js";
import { createMetadataReader } from "./query/user-metadata.js";
import type { NodeHandler } from "./gateway/listener/http-types.js";
import { createRestGateway } from "./gateway/rest/index.js";
import { createInProcessTransport } from "./gateway/rest/in-process-transport.js";
import { annotatedSuccessStatus } from "./gateway/rest/success-status.js";
import { PUBLIC_SERVICES, SERVER_INFO_SERVICES, serverInfoRoutes } from "./gateway/reflection/index.js";
import { validationInterceptor } from "./gateway/validation/index.js";
import { file_google_rpc_error_details } from "./gen/google/rpc/error_details_pb.js";
import { file_zitadel_message } from "./gen/zitadel/message_pb.js";
import { UserService } from "./gen/zitadel/user/v2/user_service_pb.js";
import { OrganizationService } from "./gen/zitadel/org/v2/org_service_pb.js";
import { orgServiceHandlers } from "./api/org/v2/org-service.js";
import { UserMoveService } from "./gen/usersvc/user/v1/user_move_service_pb.js";
import { userMoveServiceHandlers } from "./api/usersvc/user/v1/user-move-service.js";
import { createJwtResolver } from "./query/principal-by-jwt.js";
import { loadMasterKey } from "./master-key.js";
import { createOrgQueries } from "./query/orgs.js";
import { createTokenResolver } from "./query/principal-by-token.js";
import { userRowReader } from "./query/user-rows.js";
import { createSecretBox } from "./domain/secret-box.js";
import { createNotificationMetrics, queuesMessage, startNotificationWorker } from "./notification/index.js";
import { startObservability } from "./observe/index.js";
import { requestLogger } from "./observe/request-observation.js";
import { preconditionHttpStatus, preconditionInterceptor } from "./gateway/precondition.js";
import { rateLimitInterceptors, rateLimitWindow } from "./gateway/rate-limit.js";
import { openRateLimitStore, type RateLimitStore } from "./gateway/rate-limit-store.js";
import { deadlineInterceptor } from "./gateway/request-deadline.js";
import { historyServiceHandlers } from "./api/history/v1/history-service.js";
import { startChangeSignal, type ChangeSignal } from "./db/change-signal.js";
import { UserHistoryService } from "./gen/usersvc/history/v1/history_service_pb.js";
import { registerFeedMetrics } from "./observe/feed-metrics.js";
import { ChangeFeed } from "./query/feed/change-feed.js";
import { accountQueries } from "./query/account-queries.js";
import { historyQueries } from "./query/history/history-queries.js";
import { orgServiceQueries } from "./query/org-service-queries.js";
import { userServiceQueries } from "./query/user-service-queries.js";

/** Server streams that stay open until the client leaves: REQUEST_TIMEOUT_MS does not apply to them. */
const LONG_LIVED_STREAMS: ReadonlySet<string> = new Set([`/${UserHistoryService.typeName}/${UserHistoryService.method.watchUserChanges.name}`]);

/** The services of the API: routes, REST, validation, reflection, health and metrics all serve these. */
const API_SERVICES = [UserService, OrganizationService, UserMoveService, UserHistoryService];

export interface App {
  handler: NodeHandler;
  database: Database;
  bootstrap: BootstrapResult;
  logger: Logger;
  /**
   * Shutdown begins: readiness (GET /readyz, grpc.health.v1) answers NOT_SERVING from now on, so balancers send
   * calls elsewhere, and open change streams end now, with their position (close() does it too).
   */
  drain(): void;
  close(): Promise<void>;
}

export async function buildApp(config: Config, logger: Logger = pino({ level: config.logLevel })): Promise<App> {
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: config.databasePoolSize, logger });
  const { prisma } = database;
  let ready = false;
  let draining = false;
  let changeSignal: ChangeSignal | undefined;
  let rateLimitStore: RateLimitStore | undefined;
  try {
    // The other update-user APIs switched on by the configuration (src/account-apis.ts).
    const apis = accountApis(config.accountApis);
    const apiServices = [...API_SERVICES, ...apis.map((api) => api.service)];
    const observability = await startObservability({ config, logger, database, services: [...apiServices, ...SERVER_INFO_SERVICES] });
    const { observer } = observability;
    const { applied } = await migrate(prisma);
    if (applied.length > 0) logger.info({ applied }, "migrations applied");

    let wakeNotifications = () => {};
    // The change feed: woken by this server's pushes at once, by other servers' through PostgreSQL NOTIFY.
    const feed = new ChangeFeed({
      db: observability.database,
      bufferEvents: config.feed.bufferEvents,
      pollMs: config.feed.pollMs,
      maxStreamsPerCaller: config.feed.maxStreamsPerCaller,
      onError: (error) => logger.warn({ err: error }, "change feed: reading the event log failed"),
    });
    changeSignal = startChangeSignal({
      database,
      databaseUrl: config.databaseUrl,
      onChange: () => feed.wake(),
      onError: (error) => logger.debug({ err: error }, "change feed: LISTEN/NOTIFY connection"),
    });
    const eventstore = new Eventstore({
      db: observability.database,
      postgresErrorOf,
      isConnectionError,
      // A change of a user this server changed recently skips reading the user back: the push's sequence guard
      // catches a row another server moved on meanwhile (root-cache.ts).
      cachedRoots: config.writeModelCacheRows,
      onPushed: (request) => {
        if (queuesMessage(request)) wakeNotifications();
        feed.wake();
        changeSignal?.announce();
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
      loadUser: readUserRow,
      loadUserToChange: async (id) => eventstore.cachedRoot<UserRow>("users", id) ?? readUserRow(id),
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

    const window = rateLimitWindow(config.rateLimit);
    if (window) {
      const { store: kind, redisUrl } = config.rateLimit;
      rateLimitStore = await openRateLimitStore({ kind, redisUrl, ...window, database, databaseUrl: config.databaseUrl, logger, registry: observability.registry });
    }
    const rateLimit = window && rateLimitStore && rateLimitInterceptors(window, rateLimitStore);
    // One set of token resolvers (and their caches) for the RPCs and the SCIM edge.
    const personalAccessTokens = createTokenResolver(prisma);
    const jwts = config.oidc && createJwtResolver(prisma, { ...config.oidc, logger });
    const interceptors: Interceptor[] = [
      observer.interceptor, // outermost: sees the final status code of every call
      deadlineInterceptor, // answers at the deadline, not when the handler returns
      errorInterceptor((values) => requestLogger(values, logger)),
      ...(rateLimit ? [rateLimit.failedAuthentication] : []),
      authInterceptor(personalAccessTokens, jwts, PUBLIC_SERVICES),
      ...(rateLimit ? [rateLimit.perCaller] : []),
      validationInterceptor({ services: apiServices, requestChecks: apis.flatMap((api) => api.checks(commands)) }),
      preconditionInterceptor({ changesOneUser: apis.flatMap((api) => api.changesOneUser) }), // If-Match → the command's expected sequence; ETag on answers
    ];
    // Readiness, as GET /readyz answers it: started (migrations applied), not draining, and the database answers.
    const healthy = async () => ready && !draining && (await prisma.$queryRawUnsafe("SELECT 1").then(() => true, () => false));
    // grpc.health.v1 and server reflection (v1, v1alpha) on the RPC port, without a token.
    const serverInfo = serverInfoRoutes({ services: apiServices, healthy });
    // The queries each service answers with, bound to the database here: the handlers never see it.
    const userQueries = userServiceQueries(prisma, commands.loadUser);
    const orgQueries = orgServiceQueries(prisma);
    const userHistory = historyQueries({ db: observability.database, readUser: readUserRow, feed, heartbeatMs: config.feed.heartbeatMs });
    const accounts = accountQueries(prisma, commands.loadUser);
    const routes = (router: ConnectRouter) => {
      router.service(UserService, userServiceHandlers({ commands, queries: userQueries }));
      router.service(OrganizationService, orgServiceHandlers({ commands, queries: orgQueries, instanceDomain: config.instanceDomain }));
      router.service(UserMoveService, userMoveServiceHandlers(commands));
      router.service(UserHistoryService, historyServiceHandlers(userHistory));
      for (const api of apis) api.register(router, { commands, queries: accounts });
    };
    const registry = createRegistry(file_zitadel_message, file_google_rpc_error_details);
    const rest = createRestGateway({
      services: [...API_SERVICES, ...apis.map((api) => api.rest)],
      transport: createInProcessTransport(routes, interceptors),
      registry,
      maxBodyBytes: config.maxRequestBytes,
      onRoute: observer.restRoute,
      maxTimeoutMs: config.requestTimeoutMs,
      errorStatus: preconditionHttpStatus,
      successStatus: annotatedSuccessStatus,
    });
    const metrics = observability.registry;
    registerFeedMetrics(metrics, { openStreams: () => feed.openStreams, bufferedEvents: () => feed.buffered });
    const notifications = startNotificationWorker({
      database,
      config,
      logger,
      opener: secretBox,
      leaseMs: config.notification.claimLeaseMs,
      metrics: createNotificationMetrics({ registry: metrics }),
    });
    wakeNotifications = notifications.wake;
    ready = true;
    const handler = observer.wrap(createEdgeHandler({
      rpc: {
        routes: (router) => (routes(router), serverInfo(router)),
        interceptors,
        readMaxBytes: config.maxRequestBytes,
        contextValues: observer.contextValues,
        inspectResponse: observer.inspectResponse,
        requestTimeoutMs: config.requestTimeoutMs,
        longLivedStreams: LONG_LIVED_STREAMS,
        streamWriteTimeoutMs: config.feed.streamWriteTimeoutMs,
        logger,
      },
      rest,
      routers: [
        scimRouter({
          commands: { ...commands, metadata: createMetadataReader(prisma) },
          humans: scimHumanQueries(prisma, readUserRow, SCIM_METADATA_PREFIX),
          personalAccessTokens,
          jwts: jwts || undefined,
          findOrgById: orgs.findOrgById,
          defaultOrgId: orgs.defaultOrgId,
          maxBodyBytes: config.maxRequestBytes,
          rateLimit: rateLimit?.requests,
          onOperation: observer.namedRoute,
          logger,
        }),
      ],
      metrics,
      corsOrigins: config.corsOrigins,
      ready: healthy,
      logger,
    }));
    return {
      handler,
      database,
      bootstrap,
      logger,
      drain: () => {
        draining = true;
        feed.close();
      },
      async close() {
        ready = false;
        feed.close();
        await changeSignal?.close();
        await notifications.stop(); // before the database it uses goes away
        await rateLimitStore?.close();
        await database.close();
        await observability.close(); // sends the last spans
      },
    };
  } catch (error) {
    await changeSignal?.close();
    await rateLimitStore?.close();
    await database.close();
    throw error;
  }
}

