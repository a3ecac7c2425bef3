import { describeExamples, exampleContexts } from "./support/example-suite";

// Every examples/*.json context synthesizes, passes the guardrails and `terraform validate`, and
// runs the scaling scenarios when an environment scales.
const examples = exampleContexts();
test("there are example contexts to check", () => {
  expect(examples.length).toBeGreaterThan(0);
});
describeExamples(examples);
