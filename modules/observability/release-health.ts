import { Construct } from "constructs";
import { CloudwatchCompositeAlarm } from "@cdktf/provider-aws/lib/cloudwatch-composite-alarm";

export interface ReleaseHealthProps {
  readonly alarmName: string;
  /** The alarms that stop a deployment; the composite is in ALARM when any of them is. */
  readonly alarmNames: string[];
}

/**
 * One composite alarm over every alarm that stops a deployment, for the pipeline's stage
 * conditions: a CloudWatchAlarm rule names one alarm, and a condition holds at most 5 rules
 * (CodePipeline API, Condition.rules), while a deployment group may have 10 alarms. It has no
 * actions: its members already notify the topic, a second message per incident would be noise.
 */
export class ReleaseHealth extends Construct {
  public readonly alarm: CloudwatchCompositeAlarm;

  constructor(scope: Construct, id: string, props: ReleaseHealthProps) {
    super(scope, id);
    if (props.alarmNames.length === 0) throw new Error("ReleaseHealth: alarmNames must not be empty");
    this.alarm = new CloudwatchCompositeAlarm(this, "alarm", {
      alarmName: props.alarmName,
      alarmDescription: "Any alarm that stops a deployment is in ALARM. Read by the pipeline's stage conditions before promoting a release.",
      alarmRule: props.alarmNames.map((name) => `ALARM(${JSON.stringify(name)})`).join(" OR "),
      actionsEnabled: false,
    });
  }
}
