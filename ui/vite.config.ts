// Builds the browser app (ui/) into ui/dist, which the server serves at /ui (src/gateway/ui/ui-handler.ts).
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  base: "/ui/",
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // The page's CSP allows no inline script or style, so nothing may be inlined as a data: URL either.
    assetsInlineLimit: 0,
  },
});
