// The one table of variables (src/configuration/variables.ts) that --help prints and config files are checked
// against must name exactly what the configuration code reads: a variable added to config.ts without a row
// here fails this test (and could not be set from a config file), as does a row nobody reads any more.
import { describe, expect, it } from "vitest";
import { CONFIG_VARIABLES } from "../../src/configuration/variables.js";
import { variablesReadByConfigCode } from "./config-variables.js";

describe("the variables table", () => {
  it("has a row for every variable the configuration code reads", async () => {
    const read = await variablesReadByConfigCode();
    // The scan must see the code, or this test would pass on nothing.
    for (const known of ["PORT", "DATABASE_URL", "SMTP_HOST", "NOTIFY_RETRY_MAX_MS", "OTEL_SERVICE_NAME", "CONFIG_FILE"]) expect(read.has(known), known).toBe(true);
    const table = new Set(CONFIG_VARIABLES.map((v) => v.name));
    const missing = [...read].filter(([name]) => !table.has(name)).map(([name, file]) => `${name} (read in ${file}): add a row to src/configuration/variables.ts`);
    expect(missing).toEqual([]);
  });

  it("names no variable that nothing reads, and each once with a default and a meaning", async () => {
    const read = await variablesReadByConfigCode();
    expect(CONFIG_VARIABLES.filter((v) => !read.has(v.name)).map((v) => v.name)).toEqual([]);
    expect(new Set(CONFIG_VARIABLES.map((v) => v.name)).size).toBe(CONFIG_VARIABLES.length);
    for (const v of CONFIG_VARIABLES) {
      expect(v.default, v.name).not.toBe("");
      expect(v.meaning, v.name).not.toBe("");
    }
  });
});
