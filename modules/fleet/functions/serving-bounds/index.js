"use strict";
/**
 * Sets the configured capacity bounds on the Auto Scaling group that serves a CodeDeploy EC2
 * blue/green deployment group once that group is CodeDeploy's copy (`CodeDeploy_<group>_d-*`),
 * which Terraform does not own. Invoked by Terraform (aws_lambda_invocation, lifecycle_scope
 * CREATE_ONLY) whenever the configured bounds change; the event holds configuration only:
 *
 *   { applicationName, deploymentGroupName, seedGroupName, copyPrefix, minSize, maxSize, desiredCapacity? }
 *
 * desiredCapacity is absent when target tracking owns it. Then UpdateAutoScalingGroup itself
 * moves the desired capacity into the new bounds ("If you specify a new value for MinSize
 * without specifying a value for DesiredCapacity, and the new MinSize is larger than the current
 * size of the group, this sets the group's DesiredCapacity to the new MinSize value", and the same
 * for MaxSize: EC2 Auto Scaling API Reference, UpdateAutoScalingGroup).
 *
 * Outcomes (the function's result, which Terraform keeps as the invocation's `result`):
 * - the seed serves: "skipped" (Terraform sets the seed's bounds itself);
 * - a deployment of the group is Created/Queued/InProgress/Baking/Ready: throws, so the apply fails
 *   and the invocation is not recorded (a failed create leaves nothing in state): the next apply
 *   retries, after the deployment, on whichever group then serves. The blue fleet is not touched;
 * - CodeDeploy's copy serves (after a handover, or the survivor of a rollback): "updated";
 * - the group the deployment group names no longer exists: "skipped" (no fleet serves; the next
 *   plan creates the seed with the configured bounds).
 * The Lambda Node.js 22 runtime provides the SDK clients; the zip holds this file only.
 */
const { CodeDeployClient, GetDeploymentGroupCommand, ListDeploymentsCommand } = require("@aws-sdk/client-codedeploy");
const { AutoScalingClient, UpdateAutoScalingGroupCommand } = require("@aws-sdk/client-auto-scaling");

const codedeploy = new CodeDeployClient({});
const autoscaling = new AutoScalingClient({});

/** Deployment statuses during which the deployment group's fleet is blue (ListDeployments includeOnlyStatuses). */
const UNFINISHED = ["Created", "Queued", "InProgress", "Baking", "Ready"];

function bounds(event) {
  const problems = [];
  for (const key of ["applicationName", "deploymentGroupName", "seedGroupName", "copyPrefix"]) {
    if (typeof event[key] !== "string" || event[key] === "") problems.push(`${key} must be a non-empty string`);
  }
  const whole = (key) => Number.isInteger(event[key]) && event[key] >= 0;
  for (const key of ["minSize", "maxSize"]) if (!whole(key)) problems.push(`${key} must be a whole number ≥ 0`);
  if (event.desiredCapacity !== undefined && !whole("desiredCapacity")) problems.push("desiredCapacity must be a whole number ≥ 0 when given");
  if (problems.length === 0 && event.minSize > event.maxSize) problems.push(`minSize ${event.minSize} exceeds maxSize ${event.maxSize}`);
  if (problems.length === 0 && event.desiredCapacity !== undefined && (event.desiredCapacity < event.minSize || event.desiredCapacity > event.maxSize)) {
    problems.push(`desiredCapacity ${event.desiredCapacity} lies outside [${event.minSize}, ${event.maxSize}]`);
  }
  if (problems.length > 0) throw new Error(`serving-bounds: invalid event: ${problems.join("; ")}`);
  return event;
}

exports.handler = async (event) => {
  const input = bounds(event || {});
  const group = { applicationName: input.applicationName, deploymentGroupName: input.deploymentGroupName };
  const where = `${input.applicationName}/${input.deploymentGroupName}`;

  const unfinished = await codedeploy.send(new ListDeploymentsCommand({ ...group, includeOnlyStatuses: UNFINISHED }));
  if ((unfinished.deployments ?? []).length > 0) {
    throw new Error(
      `serving-bounds: deployment ${unfinished.deployments.join(", ")} of ${where} has not finished, so the serving fleet is about to change ` +
        "and the blue fleet must keep its capacity: nothing was changed. Run terraform apply again once the deployment has " +
        "succeeded, failed or been stopped; it then sets the bounds on whichever group serves.",
    );
  }

  const info = (await codedeploy.send(new GetDeploymentGroupCommand(group))).deploymentGroupInfo ?? {};
  const listed = (info.autoScalingGroups ?? []).map((asg) => asg.name);
  if (listed.includes(input.seedGroupName)) {
    return { action: "skipped", reason: `the seed ${input.seedGroupName} serves: Terraform sets its bounds`, groups: listed };
  }
  const copies = listed.filter((name) => name.startsWith(input.copyPrefix));
  if (copies.length === 0) {
    return { action: "skipped", reason: `${where} names no group of this fleet (${listed.join(", ") || "none"})`, groups: listed };
  }

  const capacity = { MinSize: input.minSize, MaxSize: input.maxSize, ...(input.desiredCapacity !== undefined ? { DesiredCapacity: input.desiredCapacity } : {}) };
  const updated = [];
  const gone = [];
  for (const name of copies) {
    try {
      await autoscaling.send(new UpdateAutoScalingGroupCommand({ AutoScalingGroupName: name, ...capacity }));
      updated.push(name);
    } catch (error) {
      // A deleted group: "AutoScalingGroup name not found" (a ValidationError).
      if (error && error.name === "ValidationError" && /not found/i.test(error.message || "")) gone.push(name);
      else throw error;
    }
  }
  if (updated.length === 0) {
    return { action: "skipped", reason: `${gone.join(", ")} no longer exists: no fleet serves, and the next plan creates the seed with these bounds`, groups: listed };
  }
  console.log(JSON.stringify({ updated, ...capacity }));
  return { action: "updated", groups: updated, ...(gone.length ? { gone } : {}), minSize: input.minSize, maxSize: input.maxSize, desiredCapacity: input.desiredCapacity ?? null };
};
