// Wires the page: token form, search, the edit form. Every call's error is shown where it belongs.
import "./style.css";
import { createUserClient, tokenStore } from "./client.js";
import { loadUser, saveUser, type Loaded } from "./editor.js";
import { clearFieldErrors, plainMessage, showError } from "./errors.js";
import { renderResults, searchUsers } from "./search.js";

const client = createUserClient();
const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

const tokenInput = byId<HTMLInputElement>("token");
const tokenState = byId("token-state");
const showTokenState = () => (tokenState.textContent = tokenStore.get() ? "token set" : "no token");
tokenInput.value = tokenStore.get();
showTokenState();
byId<HTMLFormElement>("token-form").addEventListener("submit", (event) => {
  event.preventDefault();
  tokenStore.set(tokenInput.value);
  showTokenState();
});

const searchError = byId("search-error");
const results = byId<HTMLTableElement>("results");
byId<HTMLFormElement>("search-form").addEventListener("submit", (event) => {
  event.preventDefault();
  searchError.textContent = "";
  searchUsers(client, byId<HTMLInputElement>("search").value).then(
    (users) => renderResults(results, users, (userId) => void open(userId)),
    (error: unknown) => (searchError.textContent = plainMessage(error)),
  );
});

const editor = byId("editor");
const form = byId<HTMLFormElement>("user-form");
const sequence = byId<HTMLOutputElement>("sequence");
const saveState = byId("save-state");
const saveError = byId("save-error");
let loaded: Loaded | undefined;

async function open(userId: string): Promise<void> {
  clearFieldErrors(form);
  saveError.textContent = "";
  saveState.textContent = "";
  try {
    loaded = await loadUser(client, userId);
    byId("user-id").textContent = userId;
    sequence.value = loaded.sequence.toString();
    editor.hidden = false;
  } catch (error) {
    searchError.textContent = error instanceof Error && !("code" in error) ? error.message : plainMessage(error);
  }
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  if (!loaded) return;
  clearFieldErrors(form);
  saveError.textContent = "";
  saveState.textContent = "saving…";
  const current = loaded;
  saveUser(client, current).then(
    async (newSequence) => {
      // Reload so the form shows what the server stored (and the next save compares against it).
      loaded = await loadUser(client, current.userId);
      sequence.value = newSequence.toString();
      saveState.textContent = "saved";
    },
    (error: unknown) => {
      saveState.textContent = "";
      saveError.textContent = showError(error, form);
    },
  );
});
