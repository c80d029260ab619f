// A tiny element builder: h("button", { type: "button", onclick }, "Save"). Attributes whose name starts with
// "on" become listeners; false/undefined attributes are left out; strings become text nodes (never HTML).
type Child = Node | string | false | null | undefined;
type Attrs = Record<string, string | number | boolean | undefined | EventListener>;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: (Child | Child[])[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    if (typeof value === "function") element.addEventListener(name.slice(2), value);
    else if (value === true) element.setAttribute(name, "");
    else element.setAttribute(name, String(value));
  }
  element.append(...children.flat().filter((c): c is Node | string => c !== false && c !== null && c !== undefined));
  return element;
}

/** A select's options from [value, label] pairs, the given value selected. */
export function options(pairs: readonly (readonly [string, string])[], selected = ""): HTMLOptionElement[] {
  return pairs.map(([value, label]) => h("option", { value, selected: value === selected }, label));
}

/** A live region that announces what happened (saved, sent, …) to screen readers and shows it. */
export const statusLine = () => h("p", { class: "status", role: "status" });
