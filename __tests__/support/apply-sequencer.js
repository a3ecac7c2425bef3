// The order `npm run test:apply` starts its stacks in (jest.apply.config.js): longest first, so
// that the short ones fill the workers at the end instead of one long stack running alone. On
// a fresh clone (CI) jest has no timings and would order the files by size, which says nothing
// here. Longest: webapp-dev (the handover and the cdktf CLI), the other stacks that play the
// handover (the default stacks, examples with `scaling`), then production examples (their
// destroy is refused first, then unprotected and applied), then the rest.
const path = require("path");
const Sequencer = require("@jest/test-sequencer").default;

const FIRST = [/environment-stack\.dev\.apply\.ts$/, /environment-stack\.\w+\.apply\.ts$/, /examples[\\/]scaling\.\w+\.apply\.ts$/, /examples[\\/][^\\/]+\.prod\.apply\.ts$/];
const rank = (file) => {
  const index = FIRST.findIndex((pattern) => pattern.test(file));
  return index === -1 ? FIRST.length : index;
};

class LongestStacksFirstSequencer extends Sequencer {
  sort(tests) {
    return [...tests].sort((a, b) => rank(a.path) - rank(b.path) || path.basename(a.path).localeCompare(path.basename(b.path)));
  }
}

module.exports = LongestStacksFirstSequencer;
