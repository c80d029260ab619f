// The request and response shapes shared by Node's http (HTTP/1.1) and http2 (compatibility API) servers:
// one handler serves both, as connectNodeAdapter's handler does.
import type http from "node:http";
import type http2 from "node:http2";

export type NodeRequest = http.IncomingMessage | http2.Http2ServerRequest;
export type NodeResponse = http.ServerResponse | http2.Http2ServerResponse;
export type NodeHandler = (req: NodeRequest, res: NodeResponse) => void;
