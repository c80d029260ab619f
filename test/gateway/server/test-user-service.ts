// A tiny UserService on ZITADEL's published descriptors, enough to tell protocols apart over the network:
// GetUserByID answers a user with the asked id (and can be held open), DeleteUser always fails with NotFound.
import { Code, ConnectError, type ConnectRouter } from "@connectrpc/connect";
import { UserService } from "@zitadel/proto/zitadel/user/v2/user_service_pb.js";

/** Ids starting with this prefix make GetUserByID wait until the test releases them. */
export const HELD_PREFIX = "held-";

export interface HeldCalls {
  /** Resolves when a GetUserByID call for `userId` has reached the service. */
  arrived(userId: string): Promise<void>;
  release(userId: string): void;
}

interface Deferred {
  promise: Promise<void>;
  resolve(): void;
}

function deferred(): Deferred {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

export function testUserService(): { routes: (router: ConnectRouter) => void; held: HeldCalls } {
  const gates = new Map<string, { arrived: Deferred; released: Deferred }>();
  const gate = (userId: string) => {
    let entry = gates.get(userId);
    if (!entry) {
      entry = { arrived: deferred(), released: deferred() };
      gates.set(userId, entry);
    }
    return entry;
  };
  const routes = (router: ConnectRouter) => {
    router.service(UserService, {
      async getUserByID(request) {
        if (request.userId.startsWith(HELD_PREFIX)) {
          const entry = gate(request.userId);
          entry.arrived.resolve();
          await entry.released.promise;
        }
        return { user: { userId: request.userId, username: `user-${request.userId}` } };
      },
      deleteUser(request) {
        throw new ConnectError(`user ${request.userId} not found`, Code.NotFound);
      },
    });
  };
  return {
    routes,
    held: {
      arrived: (userId) => gate(userId).arrived.promise,
      release: (userId) => gate(userId).released.resolve(),
    },
  };
}
