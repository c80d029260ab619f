// Adds up vitest's JSON reports (one per database) into the closing line CI reads: "N passed, M failed".
import { readFileSync } from "node:fs";

let passed = 0;
let failed = 0;
for (const file of process.argv.slice(2)) {
  try {
    const report = JSON.parse(readFileSync(file, "utf8"));
    passed += report.numPassedTests;
    failed += report.numFailedTests;
    // A file that failed to load has no tests in the count; count it as a failure.
    failed += report.testResults.filter((r) => r.status === "failed" && r.assertionResults.length === 0).length;
  } catch {
    console.error(`missing or unreadable report ${file}`);
    failed += 1;
  }
}
if (passed + failed === 0) failed = 1;
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
