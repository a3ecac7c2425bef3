import { closest } from "../shared/suggest";

/*
 * EC2 instance type names: `<series><generation><options>.<size>` ("Amazon EC2 instance type
 * naming conventions", Amazon EC2 Instance Types guide). Which types a Region offers changes over
 * time and needs the EC2 API (DescribeInstanceTypeOfferings), so the synth checks the name's form
 * and its size word, the part typos hit; it cannot tell an unoffered family.
 */

/** Instance series of the naming conventions (a1, c7g, dl1, hpc7g, im4gn, inf2, mac2, trn1, u-6tb1, vt1, x2idn, z1d, ...). */
const SERIES = /^(?:a|c|d|dl|f|g|gr|h|hpc|i|im|is|inf|m|mac|p|r|t|trn|u|vt|x|z)\d[a-z0-9-]*$|^u-\d+tb\d+$/;
/** Sizes: nano … xlarge, <n>xlarge, metal and metal-<n>xl. */
const SIZE = /^(?:nano|micro|small|medium|large|xlarge|\d+xlarge|metal(?:-\d+xl)?)$/;
const SIZE_WORDS = ["nano", "micro", "small", "medium", "large", "xlarge", "2xlarge", "metal"];

/** Why `type` is not an EC2 instance type name, with the closest valid spelling; undefined when it is one. */
export function instanceTypeProblem(type: string): string | undefined {
  const [series, size, ...rest] = type.split(".");
  if (size === undefined || rest.length > 0) return "must be an EC2 instance type such as t3.micro";
  if (!SERIES.test(series)) return `"${series}" is not an EC2 instance family (such as t3, m7g, c6i)`;
  if (!SIZE.test(size)) {
    const suggestion = closest(size, SIZE_WORDS);
    return `"${size}" is not an EC2 instance size (nano, micro, small, medium, large, xlarge, <n>xlarge, metal)${suggestion ? `; did you mean "${series}.${suggestion}"?` : ""}`;
  }
  return undefined;
}
