// What the router gives a page and what a page gives back: its element (with an h1 the router focuses after
// navigation) and what to stop when it is left (a live stream).
import type { Clients } from "./client.js";
import { h } from "./dom.js";

export interface PageContext {
  clients: Clients;
  /** The route's captured parts, e.g. the user id of #/users/<id>. */
  params: string[];
  query: URLSearchParams;
  navigate(hash: string): void;
}

export interface Page {
  title: string;
  element: HTMLElement;
  dispose?(): void;
}

export const pageHeading = (text: string) => h("h1", { tabindex: "-1" }, text);
