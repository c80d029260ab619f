// The middleware shape shared by the Express app (HTTP/1.1) and the routers the HTTP/2 path runs directly:
// Node's own request and response (http or the http2 compatibility API), never Express's additions, so one
// definition serves both.
import type { NextFunction } from "express";
import type { NodeRequest, NodeResponse } from "../listener/http-types.js";

export type Middleware = (req: NodeRequest, res: NodeResponse, next: NextFunction) => void;
export type ErrorMiddleware = (error: unknown, req: NodeRequest, res: NodeResponse, next: NextFunction) => void;
