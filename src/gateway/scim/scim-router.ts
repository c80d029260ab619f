// SCIM 2.0 at /scim/v2/{orgId}/… and, for the default organisation, at /scim/v2/…: an Express router (also run
// on HTTP/2 by the edge, so only Node's request and response are used). Every call but discovery carries a
// bearer token resolved exactly as on the RPCs (personal access tokens, JWTs) and counted by the same rate
// limiter (per caller; failed authentication per address); the operations live in src/api/scim and write
// through the same commands as the ZITADEL API. Each operation has a fixed name (`Users.PATCH`, …) for the
// metrics and the access log, as an RPC has its method.
import { Router } from "express";
import { runBulk } from "../../api/scim/scim-bulk.js";
import { listOf, schemaResources, serviceProviderConfig, userResourceType, type BulkLimits } from "../../api/scim/scim-discovery.js";
import { scimNotFound, invalidValue } from "../../api/scim/scim-error.js";
import { projection } from "../../api/scim/scim-list.js";
import { isObject, type ScimObject } from "../../api/scim/scim-resource-check.js";
import { SEARCH_REQUEST } from "../../api/scim/scim-schema.js";
import { createScimUser, deleteScimUser, getScimUser, listScimUsers, patchScimUser, replaceScimUser, type ScimCall, type ScimUsersDeps } from "../../api/scim/scim-users.js";
import type { OrgRef } from "../../domain/org-row.js";
import type { TokenResolver } from "../../query/principal-by-token.js";
import { principalOfBearer } from "../auth.js";
import { isUnauthenticated, type RequestRateLimit } from "../rate-limit.js";
import type { Middleware } from "../http/middleware.js";
import type { NodeRequest, NodeResponse } from "../listener/http-types.js";
import { parseIfMatch } from "../precondition.js";
import { originOf, queryOf, readScimBody, sendScim, sendScimError } from "./scim-http.js";

export const SCIM_PATH = "/scim/v2";
/** Operations in one Bulk request (advertised in ServiceProviderConfig). */
export const BULK_MAX_OPERATIONS = 100;

export interface ScimRouterOptions extends ScimUsersDeps {
  personalAccessTokens: TokenResolver;
  jwts?: TokenResolver;
  findOrgById(id: string): Promise<OrgRef | undefined>;
  defaultOrgId(): Promise<string>;
  /** MAX_REQUEST_BYTES: the largest body, and Bulk's maxPayloadSize. */
  maxBodyBytes: number;
  /** The RPCs' limiter (RATE_LIMIT_PER_SECOND); none: unlimited. */
  rateLimit?: RequestRateLimit;
  /** Told which operation a request is, before it runs (the request observer's labels). */
  onOperation?: (req: NodeRequest, service: string, operation: string) => void;
  logger?: { error(obj: object, msg: string): void };
}

/** The service label of SCIM requests in metrics and logs; operations are `<Resource>.<HTTP method>`. */
export const SCIM_SERVICE = "scim";

type Params = Record<string, string | undefined>;
interface Context {
  orgId: string;
  baseUrl: string;
  req: NodeRequest;
  params: Params;
  /** The authenticated call; throws Unauthenticated. */
  call(): Promise<ScimCall>;
}
type Handler = (context: Context, res: NodeResponse) => Promise<void>;

export function scimRouter(options: ScimRouterOptions): Router {
  const onInternalError = (error: unknown) => options.logger?.error({ err: error }, "SCIM request failed");
  const bulk: BulkLimits = { maxOperations: BULK_MAX_OPERATIONS, maxPayloadSize: options.maxBodyBytes };
  const deps: ScimUsersDeps = { commands: options.commands, humans: options.humans };

  const rateLimit = options.rateLimit;
  /** The caller of a request that needs a token, counted by the rate limiter like an RPC's. */
  const authenticate = async (req: NodeRequest) => {
    const address = req.socket?.remoteAddress ?? "unknown";
    await rateLimit?.admit(address, req.headers.authorization !== undefined);
    const caller = await principalOfBearer(req.headers.authorization, options.personalAccessTokens, options.jwts).catch(async (error: unknown) => {
      if (isUnauthenticated(error)) await rateLimit?.failedAuthentication(address);
      throw error;
    });
    await rateLimit?.count(caller, address);
    return caller;
  };

  /** Wraps an operation: its name, the organisation, the caller on demand, and every failure as a SCIM error. */
  const route = (explicitOrg: boolean, operation: string, handler: Handler, open = false): Middleware =>
    ((req, res) => {
      options.onOperation?.(req, SCIM_SERVICE, operation);
      const params = ((req as { params?: Params }).params ?? {}) as Params;
      void (async () => {
        // Discovery needs no token; it counts against the address, as the RPCs' public services do.
        if (open) await rateLimit?.count(undefined, req.socket?.remoteAddress ?? "unknown");
        const orgId = explicitOrg ? params.orgId! : await options.defaultOrgId();
        if (!(await options.findOrgById(orgId))) throw scimNotFound(`organisation ${orgId} not found`);
        const baseUrl = `${originOf(req)}${SCIM_PATH}${explicitOrg ? `/${orgId}` : ""}`;
        const call = async (): Promise<ScimCall> => {
          const caller = await authenticate(req);
          const query = queryOf(req);
          const ifMatch = req.headers["if-match"];
          return {
            caller,
            orgId,
            baseUrl,
            ifMatch: typeof ifMatch === "string" ? parseIfMatch(ifMatch) : undefined,
            projection: projection(query.attributes, query.excludedAttributes),
          };
        };
        await handler({ orgId, baseUrl, req, params, call }, res);
      })().catch((error: unknown) => sendScimError(res, error, onInternalError));
    }) as Middleware;

  const resourceRoutes = (explicitOrg: boolean): Router => {
    const router = Router({ mergeParams: true });
    const on = (operation: string, handler: Handler) => route(explicitOrg, operation, handler);
    const open = (operation: string, handler: Handler) => route(explicitOrg, operation, handler, true);
    const single = (res: NodeResponse, status: number, resource: ScimObject, extra: Record<string, string> = {}) => {
      const meta = resource.meta as { version?: string } | undefined;
      sendScim(res, status, resource, { ...(meta?.version ? { etag: meta.version } : {}), ...extra });
    };
    const body = (context: Context) => readScimBody(context.req, options.maxBodyBytes);

    router.get("/ServiceProviderConfig", open("ServiceProviderConfig.GET", async ({ baseUrl }, res) => sendScim(res, 200, serviceProviderConfig(baseUrl, bulk))));
    router.get("/ResourceTypes", open("ResourceTypes.GET", async ({ baseUrl }, res) => sendScim(res, 200, listOf([userResourceType(baseUrl)]))));
    router.get("/ResourceTypes/:type", open("ResourceTypes.GET", async ({ baseUrl, params }, res) => {
      if (params.type !== "User") throw scimNotFound(`resource type ${params.type} not found`);
      sendScim(res, 200, userResourceType(baseUrl));
    }));
    router.get("/Schemas", open("Schemas.GET", async ({ baseUrl }, res) => sendScim(res, 200, listOf(schemaResources(baseUrl)))));
    router.get("/Schemas/:id", open("Schemas.GET", async ({ baseUrl, params }, res) => {
      const schema = schemaResources(baseUrl).find((s) => s.id === params.id);
      if (!schema) throw scimNotFound(`schema ${params.id} not found`);
      sendScim(res, 200, schema);
    }));

    router.get("/Users", on("Users.LIST", async (context, res) => {
      sendScim(res, 200, await listScimUsers(deps, await context.call(), queryOf(context.req)));
    }));
    const search = on("Users.SEARCH", async (context, res) => {
      const call = await context.call();
      const request = await body(context);
      if (!isObject(request) || !Array.isArray(request.schemas) || !request.schemas.includes(SEARCH_REQUEST)) {
        throw invalidValue(`a .search body is a SearchRequest: schemas must contain "${SEARCH_REQUEST}"`);
      }
      const { schemas: _schemas, ...parameters } = request;
      sendScim(res, 200, await listScimUsers(deps, call, parameters));
    });
    router.post("/Users/.search", search);
    router.post("/.search", search);
    router.post("/Users", on("Users.POST", async (context, res) => {
      const call = await context.call();
      const resource = await createScimUser(deps, call, await body(context));
      single(res, 201, resource, { location: `${context.baseUrl}/Users/${String(resource.id)}` });
    }));
    router.get("/Users/:id", on("Users.GET", async (context, res) => single(res, 200, await getScimUser(deps, await context.call(), context.params.id!))));
    router.put("/Users/:id", on("Users.PUT", async (context, res) => {
      const call = await context.call();
      single(res, 200, await replaceScimUser(deps, call, context.params.id!, await body(context)));
    }));
    router.patch("/Users/:id", on("Users.PATCH", async (context, res) => {
      const call = await context.call();
      single(res, 200, await patchScimUser(deps, call, context.params.id!, await body(context)));
    }));
    router.delete("/Users/:id", on("Users.DELETE", async (context, res) => {
      await deleteScimUser(deps, await context.call(), context.params.id!);
      sendScim(res, 204, undefined);
    }));
    router.post("/Bulk", on("Bulk.POST", async (context, res) => {
      const call = await context.call();
      const request = await body(context);
      sendScim(res, 200, await runBulk(deps, call, request, { ...bulk, parseVersion: parseIfMatch, onInternalError }));
    }));
    return router;
  };

  const router = Router();
  // The default organisation's paths first: /scim/v2/Users is no organisation called "Users".
  router.use(SCIM_PATH, resourceRoutes(false));
  router.use(`${SCIM_PATH}/:orgId`, resourceRoutes(true));
  router.use(SCIM_PATH, ((req, res) => sendScim(res, 404, { schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"], status: "404", detail: "no such SCIM endpoint" })) as Middleware);
  return router;
}
