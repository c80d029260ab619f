// The REST gateway's in-process calls (src/gateway/rest/in-process-transport.ts): the interceptors run outermost
// first around the implementation and see the request as the gateway sent it, the implementation sees what they
// made of it, answers and errors keep the headers a protocol would have carried, and the deadline reaches it.
import { create, type DescMethodUnary } from "@bufbuild/protobuf";
import { Code, ConnectError, createContextKey, createContextValues, type Interceptor } from "@connectrpc/connect";
import { describe, expect, it } from "vitest";
import { createInProcessTransport } from "../../../src/gateway/rest/in-process-transport.js";
import { EchoSchema, EchoService } from "./echo-service.js";

const unary = EchoService.methods.find((m) => m.methodKind === "unary") as DescMethodUnary;
const seen = createContextKey<string[]>([]);

describe("in-process transport", () => {
  const order: string[] = [];
  const tag = (name: string): Interceptor => (next) => async (request) => {
    order.push(`${name}:${request.header.get("x-trace") ?? ""}`);
    request.header.set("x-trace", `${request.header.get("x-trace") ?? ""}${name}`);
    const response = await next(request);
    response.header.append("x-seen-by", name);
    return response;
  };
  const transport = createInProcessTransport(
    (router) =>
      router.rpc(unary, async (message, context) => {
        if (context.requestHeader.get("x-fail") === "yes") {
          context.responseHeader.set("x-request-id", "req-1");
          throw new ConnectError("refused", Code.FailedPrecondition, { "retry-after": "3" });
        }
        context.values.get(seen).push(`impl:${context.requestHeader.get("x-trace")}:${context.timeoutMs() !== undefined}`);
        context.responseHeader.set("etag", '"7"');
        return message;
      }),
    [tag("outer"), tag("inner")],
  );

  it("runs the interceptors outermost first around the implementation and returns its answer with its headers", async () => {
    const values = createContextValues();
    const input = create(EchoSchema, {});
    const response = await transport.unary(unary, undefined, 5_000, [["x-trace", ">"]], input, values);
    expect(order.splice(0)).toEqual(["outer:>", "inner:>outer"]);
    expect(values.get(seen)).toEqual(["impl:>outerinner:true"]);
    expect(response.message).toEqual(input);
    expect(response.header.get("etag")).toBe('"7"');
    expect(response.header.get("x-seen-by")).toBe("inner, outer");
  });

  it("an error carries the answer's headers beside its own metadata", async () => {
    const error = await transport.unary(unary, undefined, undefined, [["x-fail", "yes"]], {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectError);
    expect((error as ConnectError).code).toBe(Code.FailedPrecondition);
    expect((error as ConnectError).metadata.get("retry-after")).toBe("3");
    expect((error as ConnectError).metadata.get("x-request-id")).toBe("req-1");
  });

  it("a method nobody registered answers Unimplemented", async () => {
    const other = EchoService.methods.filter((m) => m.methodKind === "unary")[1] as DescMethodUnary;
    const error = await transport.unary(other, undefined, undefined, undefined, {}).catch((e: unknown) => e);
    expect((error as ConnectError).code).toBe(Code.Unimplemented);
  });
});
