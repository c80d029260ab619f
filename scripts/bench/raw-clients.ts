// The load generator's clients, kept cheap so that on a small machine the generator does not take the CPU the
// server needs: gRPC as raw HTTP/2 streams carrying pre-encoded frames (one session per few callers), and REST
// and Connect JSON over keep-alive HTTP/1.1. Each call resolves when the answer is complete and rejects when it
// is not a success (grpc-status other than 0, HTTP status other than 2xx).
import http from "node:http";
import http2 from "node:http2";
import { decodeGrpcFrames } from "./grpc-frame.js";

export interface GrpcAnswer {
  status: number;
  message: string;
  /** The response messages, decoded from their frames. */
  messages: Buffer[];
}

/** One HTTP/2 session for gRPC unary calls. */
export class GrpcSession {
  private readonly session: http2.ClientHttp2Session;

  constructor(baseUrl: string) {
    this.session = http2.connect(baseUrl);
    // A session error surfaces on the streams that are open; nothing else listens for it.
    this.session.on("error", () => {});
  }

  /** Sends one pre-encoded frame to `path` and reads the answer and its grpc-status (trailer or trailers-only). */
  call(path: string, frame: Buffer, authorization: string | undefined): Promise<GrpcAnswer> {
    return new Promise((resolve, reject) => {
      const headers: http2.OutgoingHttpHeaders = {
        ":method": "POST",
        ":path": path,
        "content-type": "application/grpc",
        te: "trailers",
      };
      if (authorization) headers.authorization = authorization;
      const stream = this.session.request(headers);
      const chunks: Buffer[] = [];
      let status: string | undefined;
      let message = "";
      stream.on("response", (h) => {
        // A trailers-only answer (usually an error) carries grpc-status in its only HEADERS frame.
        if (h["grpc-status"] !== undefined) {
          status = String(h["grpc-status"]);
          message = String(h["grpc-message"] ?? "");
        }
      });
      stream.on("trailers", (t) => {
        status = String(t["grpc-status"]);
        message = String(t["grpc-message"] ?? "");
      });
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("error", reject);
      stream.on("end", () => {
        if (status === undefined) return reject(new Error("gRPC answer without grpc-status"));
        try {
          resolve({ status: Number(status), message: decodeURIComponent(message), messages: decodeGrpcFrames(Buffer.concat(chunks)) });
        } catch (error) {
          reject(error);
        }
      });
      stream.end(frame);
    });
  }

  close(): void {
    this.session.close();
  }
}

export interface HttpRequest {
  method: string;
  path: string;
  body?: Buffer;
}

/** Keep-alive HTTP/1.1 calls with JSON bodies; `sockets` bounds the connections (one per caller). */
export class Http1Client {
  private readonly agent: http.Agent;
  private readonly url: URL;

  constructor(baseUrl: string, sockets: number, private readonly authorization: string | undefined) {
    this.url = new URL(baseUrl);
    this.agent = new http.Agent({ keepAlive: true, maxSockets: sockets });
  }

  call(request: HttpRequest): Promise<{ status: number; body: Buffer }> {
    return new Promise((resolve, reject) => {
      const headers: http.OutgoingHttpHeaders = { "content-type": "application/json" };
      if (this.authorization) headers.authorization = this.authorization;
      if (request.body) headers["content-length"] = request.body.length;
      const req = http.request(
        { agent: this.agent, hostname: this.url.hostname, port: this.url.port, method: request.method, path: request.path, headers },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (chunk: Buffer) => chunks.push(chunk));
          res.on("end", () => {
            const body = Buffer.concat(chunks);
            const status = res.statusCode ?? 0;
            if (status < 200 || status >= 300) reject(new Error(`HTTP ${status}: ${body.toString("utf8", 0, 200)}`));
            else resolve({ status, body });
          });
          res.on("error", reject);
        },
      );
      req.on("error", reject);
      req.end(request.body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
