// buf's `clean: true` would empty all of src/gen, Prisma's client included; remove only what buf.gen.yaml
// produces, so files of deleted protos do not linger.
import { rmSync } from "node:fs";

for (const dir of ["zitadel", "usersvc", "google", "validate", "grpc"]) rmSync(new URL(`../src/gen/${dir}`, import.meta.url), { recursive: true, force: true });
