// Starts the known-heavy suites first. On a cold run (a fresh clone, as in CI) jest has no
// timings and orders files by size, which would start the three small environment-stack
// files, the heaviest suites by far, last and leave a long tail on one worker.
const Sequencer = require("@jest/test-sequencer").default;

const HEAVY_FIRST = [/environment-stack\.\w+\.test\.ts$/, /examples\.test\.ts$/, /hooks-bundle[\\/]lifecycle\.test\.ts$/, /bundle\.test\.ts$/, /workflows\.test\.ts$/];
const weight = (path) => {
  const index = HEAVY_FIRST.findIndex((pattern) => pattern.test(path));
  return index === -1 ? HEAVY_FIRST.length : index;
};

class HeavyFirstSequencer extends Sequencer {
  sort(tests) {
    const byDefault = super.sort(tests);
    return [...byDefault].sort((a, b) => weight(a.path) - weight(b.path));
  }
}

module.exports = HeavyFirstSequencer;
