import { Estate, EstateResource } from "./estate";
import { blocks, entryCount, isFalse } from "./rule";

/* Lookups shared by the rules of one resource family (load balancers, buckets, deployment groups). */

export const LOAD_BALANCER_TYPES = ["aws_lb", "aws_alb"];
export const LISTENER_TYPES = ["aws_lb_listener", "aws_alb_listener"];

export function isApplicationLoadBalancer(config: Record<string, any>): boolean {
  return (config.load_balancer_type ?? "application") === "application";
}

/** The load balancer a listener belongs to, when the stack creates it. */
export function listenerLoadBalancer(listener: EstateResource, estate: Estate): EstateResource | undefined {
  return estate.target(listener.config.load_balancer_arn);
}

export const BUCKET_TYPES = ["aws_s3_bucket"];

/** The stack's resources of `type` configuring `bucket` (their `bucket` argument refers to it). */
export function bucketSettings(bucket: EstateResource, type: string, estate: Estate): EstateResource[] {
  return estate.referencing(type, "bucket", bucket.address);
}

export const DEPLOYMENT_GROUP_TYPES = ["aws_codedeploy_deployment_group"];

/** Whether the group deploys to EC2/on-premises (its application's compute platform is Server, the default). */
export function isServerGroup(group: EstateResource, estate: Estate): boolean {
  const application = estate.target(group.config.app_name);
  return (application?.config.compute_platform ?? "Server") === "Server";
}

export function isBlueGreen(group: EstateResource): boolean {
  return blocks(group.config.deployment_style)[0]?.deployment_type === "BLUE_GREEN";
}

/** How many alarms are attached and enabled on a group (0 when alarms are off). */
export function attachedAlarmCount(group: EstateResource): number {
  const alarms = blocks(group.config.alarm_configuration)[0];
  return !alarms || isFalse(alarms.enabled) ? 0 : entryCount(alarms.alarms);
}
