// How much time and memory one connection may take before the server gives up on it. The defaults suit an
// API behind a load balancer: idle keep-alive outlives common balancer idle timeouts (60 s) so the balancer,
// not us, closes first and never sends on a socket we are closing.
import type http2 from "node:http2";

export interface ServerLimits {
  /** A new cleartext connection must show its protocol (send ≥ 1 differing byte or the HTTP/2 preface) within this. */
  sniffTimeoutMs: number;
  /** TLS handshake must finish within this. */
  tlsHandshakeTimeoutMs: number;
  /** HTTP/1.1: the request headers must arrive within this (Node answers 408). */
  headersTimeoutMs: number;
  /** HTTP/1.1: the whole request, body included, must arrive within this. */
  requestTimeoutMs: number;
  /** HTTP/1.1: an idle kept-alive connection is closed after this. */
  keepAliveTimeoutMs: number;
  /** Request headers, HTTP/1.1 header block and HTTP/2 header list (Node answers 431 / refuses the stream). */
  maxHeaderBytes: number;
  /** HTTP/2: streams one connection may have open at once. */
  maxConcurrentStreams: number;
  /** HTTP/2: a connection without any frame for this long is sent GOAWAY. */
  http2IdleTimeoutMs: number;
}

export const DEFAULT_SERVER_LIMITS: ServerLimits = {
  sniffTimeoutMs: 10_000,
  tlsHandshakeTimeoutMs: 10_000,
  headersTimeoutMs: 20_000,
  requestTimeoutMs: 120_000,
  keepAliveTimeoutMs: 65_000,
  maxHeaderBytes: 16 * 1024,
  maxConcurrentStreams: 250,
  http2IdleTimeoutMs: 10 * 60_000,
};

export function http2Settings(limits: ServerLimits): http2.Settings {
  return { maxConcurrentStreams: limits.maxConcurrentStreams, maxHeaderListSize: limits.maxHeaderBytes };
}

/**
 * The HTTP/1.1 server properties Node reads per connection. Node checks the header and request timeouts on
 * an interval; a coarse one would let a slow client hold its socket up to that much longer.
 */
export function http1Settings(limits: ServerLimits) {
  return {
    maxHeaderSize: limits.maxHeaderBytes,
    // Node refuses a header timeout longer than the request timeout it is part of.
    headersTimeout: Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs),
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    connectionsCheckingInterval: Math.max(50, Math.min(1_000, Math.floor(limits.headersTimeoutMs / 4))),
  };
}
