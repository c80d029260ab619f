// The console's shell: header with navigation and sign-out, and a hash router (#/users, #/users/new,
// #/users/<id>, #/orgs, #/changes, #/sign-in). The server serves only /ui itself, so routes live in the hash.
// Without a token every route shows the sign-in page first.
import "./style.css";
import { createClients, tokenStore } from "./client.js";
import { h } from "./dom.js";
import type { Page, PageContext } from "./page.js";
import { changesPage } from "./pages/changes.js";
import { orgsPage } from "./pages/orgs.js";
import { signInPage } from "./pages/sign-in.js";
import { userCreatePage } from "./pages/user-create.js";
import { userPage } from "./pages/user-page.js";
import { usersListPage } from "./pages/users-list.js";

const routes: [RegExp, (ctx: PageContext) => Page][] = [
  [/^\/sign-in$/, signInPage],
  [/^\/(?:users)?$/, usersListPage],
  [/^\/users\/new$/, userCreatePage],
  [/^\/users\/([^/]+)$/, userPage],
  [/^\/orgs$/, orgsPage],
  [/^\/changes$/, changesPage],
];

const NAV: [string, string][] = [
  ["#/users", "Users"],
  ["#/users/new", "New user"],
  ["#/orgs", "Organisations"],
  ["#/changes", "Live changes"],
];

const clients = createClients();
const main = h("main", { id: "main" });
const nav = h("nav", { "aria-label": "Console" }, h("ul", {}, NAV.map(([href, label]) => h("li", {}, h("a", { href }, label)))));
const signOut = h("button", { type: "button", class: "link" }, "Sign out");
signOut.addEventListener("click", () => {
  tokenStore.clear();
  location.hash = "#/sign-in";
});
document.body.replaceChildren(
  h("a", { class: "skip", href: "#main", onclick: (e: Event) => (e.preventDefault(), main.querySelector<HTMLElement>("h1")?.focus()) }, "Skip to content"),
  h("header", { class: "top" }, h("a", { class: "brand", href: "#/users" }, "User service"), nav, signOut),
  main,
);

let current: Page | undefined;

function render(): void {
  const [path = "/", search = ""] = location.hash.replace(/^#/, "").split("?", 2);
  const signedIn = tokenStore.get() !== "";
  const target = signedIn || path === "/sign-in" ? path : "/sign-in";
  const query = new URLSearchParams(target === path ? search : `next=${encodeURIComponent(location.hash || "#/users")}`);
  const route = routes.find(([pattern]) => pattern.test(target));
  current?.dispose?.();
  const ctx: PageContext = {
    clients,
    params: route ? (route[0].exec(target)?.slice(1) ?? []).map(decodeURIComponent) : [],
    query,
    // The sign-in page shows under the hash it was asked for; going there again must still render it.
    navigate: (hash) => (location.hash === hash ? render() : (location.hash = hash)),
  };
  current = route ? route[1](ctx) : { title: "Not found", element: h("section", { class: "page" }, h("h1", { tabindex: "-1" }, "Not found")) };
  main.replaceChildren(current.element);
  document.title = `${current.title} · User service`;
  nav.hidden = signOut.hidden = !signedIn;
  for (const link of nav.querySelectorAll("a")) {
    if (link.getAttribute("href") === `#${target}`) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
  // Keyboard and screen-reader users start on the new page's heading, as after a page load.
  current.element.querySelector<HTMLElement>("h1")?.focus();
}

window.addEventListener("hashchange", render);
render();
