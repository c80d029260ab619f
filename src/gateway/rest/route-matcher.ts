import type { PathTemplate } from "./path-template.js";

// One segment trie per HTTP method. Matching walks the request's segments once, trying a literal child before
// `*` before `**`, so the most literal template wins without any ordering rules, and a request costs a few Map
// lookups regardless of how many routes exist.

interface TrieNode<R> {
  literals: Map<string, TrieNode<R>> | undefined;
  star: TrieNode<R> | undefined;
  deep: TrieNode<R> | undefined;
  /** Routes ending at this node, by custom verb ("" = no verb). */
  endpoints: Map<string, R> | undefined;
}

export interface PathMatch<R> {
  readonly route: R;
  /** The request's raw (still percent-encoded) path segments, with the verb cut off the last one. */
  readonly segments: readonly string[];
  /** How many request segments the template's `**` consumed (0 when it has none). */
  readonly deepLength: number;
}

export class RouteMatcher<R> {
  private readonly roots = new Map<string, TrieNode<R>>();
  /** Custom verbs per HTTP method, longest first so `:a:b` is tried before `:b`. */
  private readonly verbs = new Map<string, string[]>();

  /** Adds a route; returns the route already registered for the same method and template shape, if any. */
  add(httpMethod: string, template: PathTemplate, route: R): R | undefined {
    let node = this.roots.get(httpMethod);
    if (node === undefined) {
      node = emptyNode();
      this.roots.set(httpMethod, node);
    }
    for (const segment of template.segments) {
      switch (segment.kind) {
        case "literal": {
          node.literals ??= new Map();
          let child = node.literals.get(segment.value);
          if (child === undefined) {
            child = emptyNode();
            node.literals.set(segment.value, child);
          }
          node = child;
          break;
        }
        case "star":
          node = node.star ??= emptyNode();
          break;
        case "deep":
          node = node.deep ??= emptyNode();
          break;
      }
    }
    node.endpoints ??= new Map();
    const existing = node.endpoints.get(template.verb);
    if (existing !== undefined) {
      return existing;
    }
    node.endpoints.set(template.verb, route);
    if (template.verb !== "") {
      const verbs = this.verbs.get(httpMethod) ?? [];
      if (!verbs.includes(template.verb)) {
        verbs.push(template.verb);
        verbs.sort((a, b) => b.length - a.length);
      }
      this.verbs.set(httpMethod, verbs);
    }
    return undefined;
  }

  /** `rawSegments` is the request path without its leading "/", split on "/". */
  match(httpMethod: string, rawSegments: readonly string[]): PathMatch<R> | undefined {
    const root = this.roots.get(httpMethod);
    return root === undefined ? undefined : matchTree(root, this.verbs.get(httpMethod), rawSegments);
  }

  /** HTTP methods that have a route for this path; only consulted after `match` failed, to answer 405. */
  allowedMethods(rawSegments: readonly string[]): string[] {
    const allowed: string[] = [];
    for (const [httpMethod, root] of this.roots) {
      if (matchTree(root, this.verbs.get(httpMethod), rawSegments) !== undefined) {
        allowed.push(httpMethod);
      }
    }
    return allowed.sort();
  }
}

function emptyNode<R>(): TrieNode<R> {
  return { literals: undefined, star: undefined, deep: undefined, endpoints: undefined };
}

function matchTree<R>(
  root: TrieNode<R>,
  verbs: readonly string[] | undefined,
  rawSegments: readonly string[],
): PathMatch<R> | undefined {
  const last = rawSegments[rawSegments.length - 1] ?? "";
  if (verbs !== undefined) {
    for (const verb of verbs) {
      const cut = last.length - verb.length - 1;
      // cut > 0: a verb needs something before its colon (grpc-gateway rejects "/:verb" too)
      if (cut > 0 && last.charCodeAt(cut) === 58 /* ":" */ && last.endsWith(verb)) {
        const segments = rawSegments.slice();
        segments[segments.length - 1] = last.slice(0, cut);
        const found = matchSegments(root, segments, verb);
        if (found !== undefined) {
          return found;
        }
      }
    }
  }
  return matchSegments(root, rawSegments, "");
}

function matchSegments<R>(root: TrieNode<R>, segments: readonly string[], verb: string): PathMatch<R> | undefined {
  // Literals are compared decoded ("%762" must match "v2"); variables are decoded later from the raw form,
  // because multi-segment variables must keep "%2F" as is.
  const comparable = segments.some((s) => s.includes("%")) ? segments.map(decodeForComparison) : segments;
  const state = { deepLength: 0 };
  const route = walk(root, comparable, 0, verb, state);
  return route === undefined ? undefined : { route, segments, deepLength: state.deepLength };
}

function walk<R>(
  node: TrieNode<R>,
  segments: readonly string[],
  index: number,
  verb: string,
  state: { deepLength: number },
): R | undefined {
  if (index === segments.length) {
    const route = node.endpoints?.get(verb);
    if (route !== undefined) {
      return route;
    }
  } else {
    const segment = segments[index]!;
    const literal = node.literals?.get(segment);
    if (literal !== undefined) {
      const route = walk(literal, segments, index + 1, verb, state);
      if (route !== undefined) {
        return route;
      }
    }
    // An empty segment ("//" or a trailing "/") never fills a variable.
    if (node.star !== undefined && segment !== "") {
      const route = walk(node.star, segments, index + 1, verb, state);
      if (route !== undefined) {
        return route;
      }
    }
  }
  if (node.deep !== undefined) {
    // `**` takes zero or more segments; greedy, then backing off so literals after it can still match.
    for (let taken = segments.length - index; taken >= 0; taken--) {
      const route = walk(node.deep, segments, index + taken, verb, state);
      if (route !== undefined) {
        state.deepLength = taken;
        return route;
      }
    }
  }
  return undefined;
}

function decodeForComparison(segment: string): string {
  if (!segment.includes("%")) {
    return segment;
  }
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment; // malformed escapes cannot equal a literal; a variable holding one is rejected later
  }
}
