#!/usr/bin/env node
// npm run plan:summary -- <stack | plan.json> [--title TEXT]
// Turns `terraform show -json` of a plan into Markdown a reviewer reads in ten seconds:
// destroys and replacements of stateful or fleet resources first, then a table of
// create/update/replace/destroy per resource type. For a stack name, reads
// cdktf.out/stacks/<stack>/plan.json (the PR workflow writes it there).
"use strict";
const fs = require("fs");
const path = require("path");

/** Resource types whose loss loses data or takes traffic down: always called out. */
const STATEFUL_OR_FLEET = new Set([
  "aws_autoscaling_group",
  "aws_launch_template",
  "aws_lb",
  "aws_lb_listener",
  "aws_lb_target_group",
  "aws_codedeploy_app",
  "aws_codedeploy_deployment_group",
  "aws_security_group",
  "aws_s3_bucket",
  "aws_kms_key",
  "aws_sns_topic",
  "aws_codecommit_repository",
  "aws_cloudwatch_log_group",
]);
const KINDS = ["create", "update", "replace", "destroy"];

/** create, update, replace, destroy, or undefined for no-ops and data reads. */
function kindOf(actions) {
  const key = actions.join(",");
  if (key === "create") return "create";
  if (key === "update") return "update";
  if (key === "delete") return "destroy";
  if (key === "delete,create" || key === "create,delete") return "replace";
  return undefined;
}

function summarizePlan(plan, title) {
  const changes = (plan.resource_changes ?? [])
    .filter((change) => change.mode !== "data")
    .map((change) => ({ address: change.address, type: change.type, kind: kindOf(change.change.actions) }))
    .filter((change) => change.kind !== undefined);
  const lines = [`### ${title}`, ""];
  if (changes.length === 0) {
    lines.push("No changes. The infrastructure matches the configuration.");
    return lines.join("\n") + "\n";
  }
  const risky = changes.filter((c) => (c.kind === "destroy" || c.kind === "replace") && STATEFUL_OR_FLEET.has(c.type));
  if (risky.length > 0) {
    lines.push("> [!CAUTION]", "> **Destroys or replaces stateful or fleet resources**: review before merging.");
    for (const change of risky) lines.push(`> - \`${change.address}\`: **${change.kind}**`);
    lines.push("");
  }
  const byType = new Map();
  for (const change of changes) {
    const counts = byType.get(change.type) ?? Object.fromEntries(KINDS.map((k) => [k, 0]));
    counts[change.kind] += 1;
    byType.set(change.type, counts);
  }
  const fleet = changes.filter((c) => c.type === "aws_autoscaling_group");
  if (fleet.length > 0) {
    lines.push(
      "> [!WARNING]",
      "> **Auto Scaling group changes**: expected on a fresh account; after the first blue/green deployment",
      "> CodeDeploy owns the fleet and Terraform should plan none (see README, \"How Terraform and CodeDeploy share the fleet\").",
    );
    for (const change of fleet) lines.push(`> - \`${change.address}\`: **${change.kind}**`);
    lines.push("");
  }
  lines.push("| resource type | create | update | replace | destroy |", "|---|---:|---:|---:|---:|");
  for (const [type, counts] of [...byType].sort(([a], [b]) => a.localeCompare(b))) {
    lines.push(`| \`${type}\` | ${KINDS.map((k) => counts[k] || "").join(" | ")} |`);
  }
  const totals = Object.fromEntries(KINDS.map((k) => [k, changes.filter((c) => c.kind === k).length]));
  lines.push("", `**${totals.create} to create, ${totals.update} to update, ${totals.replace} to replace, ${totals.destroy} to destroy.**`);
  return lines.join("\n") + "\n";
}

module.exports = { summarizePlan, kindOf, STATEFUL_OR_FLEET };

const USAGE = "usage: npm run plan:summary -- <stack | plan.json> [--title TEXT]";

if (require.main === module) {
  const args = process.argv.slice(2);
  // --help anywhere, as the other npm run commands read it (never taken for a stack name).
  if (args.includes("--help") || args.includes("-h")) {
    console.log(USAGE);
    process.exit(0);
  }
  const titleAt = args.indexOf("--title");
  const title = titleAt >= 0 ? args.splice(titleAt, 2)[1] : undefined;
  const target = args[0];
  if (!target) {
    console.error(USAGE);
    process.exit(2);
  }
  const file = fs.existsSync(target) ? target : path.join(__dirname, "..", "cdktf.out", "stacks", target, "plan.json");
  if (!fs.existsSync(file)) {
    console.error(`plan-summary: no plan at ${file}; run terraform plan -out=plan.tfplan && terraform show -json plan.tfplan > plan.json there`);
    process.exit(2);
  }
  process.stdout.write(summarizePlan(JSON.parse(fs.readFileSync(file, "utf8")), title ?? `Plan: ${fs.existsSync(target) ? path.basename(target) : target}`));
}
