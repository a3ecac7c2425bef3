import { blocks, finding, GuardrailRule, literalList } from "../rule";

export const asgMultiAz: GuardrailRule = {
  id: "ASG-MULTI-AZ",
  checks: "Auto Scaling groups span at least two Availability Zones: two literal subnets/AZs, or a subnet lookup guarded by a plan-time postcondition",
  rationale: "A fleet in one AZ goes down with it, and CodeDeploy's replacement fleet inherits the layout",
  mirrors: "Security Hub AutoScaling.2",
  severity: "error",
  resourceTypes: ["aws_autoscaling_group"],
  check({ config, kind }, estate) {
    // A lookup of an existing group (data.aws_autoscaling_group) is not a fleet this stack creates.
    if (kind === "data") return [];
    const fix = "give vpcZoneIdentifier subnets in two or more AZs (the Network module's lookup checks this at plan time)";
    for (const key of ["vpc_zone_identifier", "availability_zones"]) {
      const value = config[key];
      if (value === undefined) continue;
      const literal = literalList(value);
      if (literal) return literal.length >= 2 ? [] : [finding(`${key} names ${literal.length} entr${literal.length === 1 ? "y" : "ies"}, so the group runs in one AZ at most`, fix)];
      // A computed list cannot be counted here; accept it only from a lookup that refuses fewer than two at plan time.
      const source = estate.target(value);
      if (source && blocks(source.config.lifecycle)[0]?.postcondition?.length > 0) return [];
      return [finding(`${key} is computed (${value}) and nothing checks at plan time that it spans two AZs`, `${fix}; or add a lifecycle postcondition to the data source it comes from`)];
    }
    return [finding("the group names neither subnets nor Availability Zones", fix)];
  },
};
