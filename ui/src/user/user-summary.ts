// The facts at the top of a user's page: names, id, state, type, organisation, dates and sequence.
import { h } from "../dom.js";
import { formatDate, userName, userStateLabel } from "../format.js";
import type { User } from "../../../src/gen/zitadel/user/v2/user_pb.js";

export function userSummary(): { element: HTMLElement; heading: HTMLElement; fill(user: User): void } {
  const heading = h("h1", { tabindex: "-1" }, "User");
  const facts = h("dl", { class: "facts" });
  return {
    heading,
    element: facts,
    fill(user) {
      heading.textContent = userName(user);
      const state = userStateLabel(user.state);
      const rows: [string, Node | string][] = [
        ["ID", h("code", {}, user.userId)],
        ["Username", user.username],
        ["State", h("span", { class: `badge state-${state}`, "data-state": state }, state)],
        ["Type", user.type.case ?? ""],
        ["Organisation", h("code", {}, user.details?.resourceOwner ?? "")],
        ["Login names", user.loginNames.join(", ")],
        ["Created", formatDate(user.details?.creationDate)],
        ["Changed", formatDate(user.details?.changeDate)],
        ["Sequence", h("span", { class: "sequence" }, String(user.details?.sequence ?? ""))],
      ];
      facts.replaceChildren(...rows.flatMap(([term, value]) => [h("dt", {}, term), h("dd", {}, value)]));
    },
  };
}
