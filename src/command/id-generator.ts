// Numeric string ids as ZITADEL issues them (time-ordered, 18–19 digits): milliseconds since 2020 in the
// high bits, a random node id and a per-millisecond counter below, so two servers rarely collide and a
// collision is caught by the store (the id's aggregate exists → the command fails, never overwrites).
import { randomInt } from "node:crypto";

const EPOCH = Date.UTC(2020, 0, 1);

export function createIdGenerator(nodeId = randomInt(0, 1024)): () => string {
  let lastMs = 0;
  let counter = 0;
  return () => {
    let ms = Date.now() - EPOCH;
    if (ms <= lastMs) {
      counter = (counter + 1) & 0xfff;
      if (counter === 0) lastMs += 1;
      ms = lastMs;
    } else {
      counter = 0;
      lastMs = ms;
    }
    return ((BigInt(ms) << 22n) | (BigInt(nodeId) << 12n) | BigInt(counter)).toString();
  };
}
