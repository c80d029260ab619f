// gRPC's length-prefixed message framing (one flag byte, 0 = uncompressed, then a 4-byte big-endian length), so
// the load generator can send requests encoded once up front and read answers without a gRPC library.

/** One uncompressed message as a gRPC DATA payload. */
export function encodeGrpcFrame(message: Uint8Array): Buffer {
  const frame = Buffer.allocUnsafe(5 + message.length);
  frame[0] = 0;
  frame.writeUInt32BE(message.length, 1);
  frame.set(message, 5);
  return frame;
}

/** The messages in a complete gRPC body; throws on a truncated or compressed frame. */
export function decodeGrpcFrames(body: Buffer): Buffer[] {
  const messages: Buffer[] = [];
  let at = 0;
  while (at < body.length) {
    if (body.length - at < 5) throw new Error(`truncated gRPC frame header at byte ${at}`);
    if (body[at] !== 0) throw new Error(`compressed gRPC frame (flag ${body[at]}) not expected`);
    const length = body.readUInt32BE(at + 1);
    if (body.length - at - 5 < length) throw new Error(`gRPC frame of ${length} bytes truncated at ${body.length - at - 5}`);
    messages.push(body.subarray(at + 5, at + 5 + length));
    at += 5 + length;
  }
  return messages;
}
