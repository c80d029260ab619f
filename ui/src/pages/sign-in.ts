// Sign-in: the console acts with a personal access token. It is tried with one cheap call before it is kept
// (in sessionStorage), so a wrong token is told at once rather than on the next page.
import { tokenStore } from "../client.js";
import { h } from "../dom.js";
import { actionForm, field } from "../form.js";
import { pageHeading, type Page, type PageContext } from "../page.js";

export function signInPage(ctx: PageContext): Page {
  const token = h("input", { name: "token", type: "password", autocomplete: "off", required: true, spellcheck: "false" });
  const { form } = actionForm(
    { class: "sign-in", "aria-label": "Sign in" },
    [field("Personal access token", token, "An administrator's token; kept in this tab only."), h("button", { type: "submit", class: "primary" }, "Sign in")],
    async () => {
      const previous = tokenStore.get();
      tokenStore.set(token.value);
      try {
        await ctx.clients.users.listUsers({ query: { limit: 1 } });
      } catch (error) {
        if (previous) tokenStore.set(previous);
        else tokenStore.clear();
        throw error;
      }
      ctx.navigate(ctx.query.get("next") ?? "#/users");
      return "Signed in";
    },
  );
  return { title: "Sign in", element: h("section", { class: "page narrow" }, pageHeading("Sign in"), form) };
}
