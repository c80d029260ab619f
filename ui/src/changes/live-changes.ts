// A live list of user changes from WatchUserChanges (a server stream over gRPC-web). Every message carries a
// position; when the stream breaks (server restart, network, the server cutting a slow client off with a
// ResumeInfo position), it reconnects after a growing pause from the last position, so nothing is missed and
// nothing repeats. Errors the caller must fix (token, permission, bad request) stop it instead.
import { Code, ConnectError } from "@connectrpc/connect";
import type { HistoryClient } from "../client.js";
import { h } from "../dom.js";
import { plainMessage } from "../errors.js";
import { ResumeInfoSchema, type UserChange } from "../../../src/gen/usersvc/history/v1/history_service_pb.js";
import { changeEntry } from "./change-entry.js";

const KEEP = 200;
const FINAL = new Set([Code.Unauthenticated, Code.PermissionDenied, Code.InvalidArgument, Code.Unimplemented]);
const pauseMs = (attempt: number) => Math.min(500 * 2 ** attempt, 8000);

export interface LiveOptions {
  /** Only these users' changes; empty: all the caller may read. */
  userIds?: string[];
  linkUser?: boolean;
  onChange?(change: UserChange): void;
}

export function liveChanges(client: HistoryClient, options: LiveOptions = {}): { element: HTMLElement; dispose(): void } {
  const list = h("ol", { class: "changes live", "aria-live": "polite", "aria-relevant": "additions" });
  const state = h("p", { class: "live-state", "data-state": "connecting" }, "Connecting…");
  const controller = new AbortController();
  let position = "";

  const show = (name: "connecting" | "live" | "reconnecting" | "stopped", text: string) => {
    state.dataset.state = name;
    state.textContent = text;
  };

  async function run(): Promise<void> {
    for (let attempt = 0; !controller.signal.aborted; attempt++) {
      let reason = "the stream ended";
      try {
        show("connecting", attempt === 0 ? "Connecting…" : "Reconnecting…");
        const stream = client.watchUserChanges({ afterPosition: position, userIds: options.userIds ?? [] }, { signal: controller.signal });
        for await (const message of stream) {
          position = message.position;
          attempt = 0;
          show("live", "Live: changes appear here as they happen.");
          if (message.event.case !== "change") continue;
          list.prepend(changeEntry(message.event.value, { linkUser: options.linkUser }));
          while (list.children.length > KEEP) list.lastElementChild?.remove();
          options.onChange?.(message.event.value);
        }
      } catch (error) {
        if (controller.signal.aborted) return;
        const e = ConnectError.from(error);
        const resume = e.findDetails(ResumeInfoSchema)[0]?.position;
        if (resume) position = resume;
        if (FINAL.has(e.code)) return show("stopped", `Stopped: ${plainMessage(e)}`);
        reason = plainMessage(e);
      }
      const pause = pauseMs(attempt);
      show("reconnecting", `Disconnected (${reason}); reconnecting in ${Math.ceil(pause / 1000)} s…`);
      await new Promise((resolve) => {
        const timer = setTimeout(resolve, pause);
        controller.signal.addEventListener("abort", () => (clearTimeout(timer), resolve(undefined)), { once: true });
      });
    }
  }
  void run();

  return {
    element: h("div", { class: "live-changes" }, state, list),
    dispose: () => controller.abort(),
  };
}
