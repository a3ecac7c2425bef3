// Ends the run with one plain line, "jest: N passed, N failed[, N skipped]", that tools and
// people can read without knowing jest's own summary format.
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
    console.log(`jest: ${results.numPassedTests} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
  }
}
module.exports = SummaryReporter;
