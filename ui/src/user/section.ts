// The user page is made of sections: each has a heading, its element, and fill(user) to show a freshly loaded
// user. `changed` tells the page that this section wrote something, so everything is loaded again.
import { h } from "../dom.js";
import type { Clients } from "../client.js";
import type { User } from "../../../src/gen/zitadel/user/v2/user_pb.js";

export interface SectionContext {
  clients: Clients;
  userId: string;
  changed(): Promise<void>;
  navigate(hash: string): void;
}

export interface Section {
  element: HTMLElement;
  fill(user: User): void;
}

let nextHeading = 0;

export function card(title: string, ...children: (Node | undefined)[]): HTMLElement {
  const id = `section-${++nextHeading}`;
  return h("section", { class: "card", "aria-labelledby": id }, h("h2", { id }, title), ...children);
}
