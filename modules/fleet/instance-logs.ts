import { Construct } from "constructs";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { LOG_RETENTION_DAYS } from "../shared/logs";
import { INSTANCE_LOG_GROUPS, InstanceLogGroup, instanceLogGroupName } from "./user-data";

export interface InstanceLogsProps {
  /** The groups' common prefix, e.g. `/webapp/prod/instances`; each group is `<prefix>/<group>`. */
  readonly logGroupPrefix: string;
  /** Days CloudWatch Logs keeps the events: one of its retention periods (PutRetentionPolicy). */
  readonly retentionInDays: number;
}

/**
 * The log groups the fleet's CloudWatch agent ships to (see INSTANCE_LOG_FILES in user-data.ts):
 * `system`, `bootstrap`, `codedeploy-agent` and `deployments`, created here with their retention,
 * so the agent needs neither `logs:CreateLogGroup` nor `logs:PutRetentionPolicy`. Encrypted by
 * CloudWatch Logs itself (every log group is, with a service key, unless a KMS key is
 * associated), as every other log group of the project: no guardrail asks for a customer key.
 * Blue/green replaces every instance on every deployment and deletes the old fleet after
 * `terminationWaitMinutes`; these groups are where its boot and deployment logs outlive it.
 */
export class InstanceLogs extends Construct {
  public readonly logGroups: Record<InstanceLogGroup, CloudwatchLogGroup>;

  constructor(scope: Construct, id: string, props: InstanceLogsProps) {
    super(scope, id);
    if (!(LOG_RETENTION_DAYS as readonly number[]).includes(props.retentionInDays)) {
      throw new Error(`InstanceLogs: retentionInDays must be one of ${LOG_RETENTION_DAYS.join(", ")}, got ${props.retentionInDays}`);
    }
    this.logGroups = Object.fromEntries(
      INSTANCE_LOG_GROUPS.map((group) => [
        group,
        new CloudwatchLogGroup(this, group.replace(/-/g, "_"), { name: instanceLogGroupName(props.logGroupPrefix, group), retentionInDays: props.retentionInDays }),
      ]),
    ) as Record<InstanceLogGroup, CloudwatchLogGroup>;
  }

  /**
   * What the agent may do, for these groups' streams only: CreateLogStream and PutLogEvents, and
   * DescribeLogStreams, which agents that still send sequence tokens call before PutLogEvents (the
   * three of "Using identity-based policies (IAM policies) for CloudWatch Logs", CloudWatch Logs
   * User Guide, beside a CreateLogGroup the stack makes needless). The resource is each group's
   * `…:log-stream:*`, as the project's ECS task roles grant it: CloudWatch Logs names the stream
   * in the ARN it authorizes (`…:log-group:<name>:log-stream:` with an empty stream for
   * DescribeLogStreams, as its AccessDenied message shows: fluent/fluent-bit-docs issue 913). The
   * provider's `arn` is the group's without the trailing `:*`.
   */
  get streamArns(): string[] {
    return INSTANCE_LOG_GROUPS.map((group) => `${this.logGroups[group].arn}:log-stream:*`);
  }
}

/** The actions of the instance role's statement for {@link InstanceLogs.streamArns}. */
export const INSTANCE_LOG_ACTIONS = ["logs:CreateLogStream", "logs:DescribeLogStreams", "logs:PutLogEvents"];
