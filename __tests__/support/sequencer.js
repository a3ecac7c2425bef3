// Starts the slowest groups of suites first (__tests__/support/groups.js). On a cold run (a
// fresh clone, as in CI) jest has no timings and orders files by size, which would start the
// three small environment-stack files, the heaviest suites by far, last and leave a long tail
// on one worker.
const Sequencer = require("@jest/test-sequencer").default;
const { groupIndex } = require("./groups");

class SlowestGroupsFirstSequencer extends Sequencer {
  sort(tests) {
    const byDefault = super.sort(tests);
    return [...byDefault].sort((a, b) => groupIndex(a.path) - groupIndex(b.path));
  }
}

module.exports = SlowestGroupsFirstSequencer;
