import { Construct } from "constructs";
import { Lb } from "@cdktf/provider-aws/lib/lb";
import { LbTargetGroup } from "@cdktf/provider-aws/lib/lb-target-group";
import { LbListener } from "@cdktf/provider-aws/lib/lb-listener";
import { AWS_NAME_LIMITS } from "../shared/naming";
import { LoadBalancerLogTarget, loadBalancerLogArguments } from "./access-logs";
import type { PlanCondition } from "./network";

/** ELB's two schemes (CreateLoadBalancer `Scheme`). */
export const LOAD_BALANCER_SCHEMES = ["internet-facing", "internal"] as const;
export type LoadBalancerScheme = (typeof LOAD_BALANCER_SCHEMES)[number];

/**
 * An ALB's client-facing address types (CreateLoadBalancer `IpAddressType`): `ipv4` (the
 * default), `dualstack` (IPv4 and IPv6) and `dualstack-without-public-ipv4` (public IPv6 only,
 * private IPv4 and IPv6). Both dual-stack types need an IPv6 CIDR block on the VPC and on every
 * load balancer subnet ("Dualstack requirements", ELB user guide, "IP address types for your
 * Application Load Balancer"), and an internet-facing load balancer: the API reference says
 * "Internal load balancers must use ipv4" (AWS CDK refuses the IPv6-only type on an internal one too).
 */
export const IP_ADDRESS_TYPES = ["ipv4", "dualstack", "dualstack-without-public-ipv4"] as const;
export type IpAddressType = (typeof IP_ADDRESS_TYPES)[number];

/** Whether clients may reach the load balancer over IPv6. */
export const isDualStack = (type: IpAddressType | undefined) => type !== undefined && type !== "ipv4";

/**
 * Health-check paths: an absolute path of URL-unreserved characters. The path also lands in the
 * instances' boot script and Apache configuration, so nothing a shell or Apache would interpret.
 */
export const HEALTH_CHECK_PATH = /^\/[A-Za-z0-9._~/-]*$/;
export const HEALTH_CHECK_PATH_RULE =
  "must be an absolute URL path such as /health, without query or spaces (letters, digits, . _ ~ - and /)";

export interface LoadBalancerProps {
  /** ALB name; at most 32 characters. */
  readonly name: string;
  /** Target group name; at most 32 characters. */
  readonly targetGroupName: string;
  readonly vpcId: string;
  /** Subnets in at least two Availability Zones. */
  readonly subnetIds: string[];
  readonly securityGroupId: string;
  /** Port the instances serve on. */
  readonly appPort: number;
  readonly healthCheckPath: string;
  /** ACM certificate; when set, HTTPS on 443 and 80 redirects to it. @default HTTP only */
  readonly certificateArn?: string;
  /** @default false */
  readonly deletionProtection?: boolean;
  /**
   * Seconds in-flight requests get to finish when an instance leaves the target group; also
   * how long each blue/green traffic shift waits on the blue fleet. @default 30
   */
  readonly deregistrationDelaySeconds?: number;
  /** Terraform conditions that must hold before the ALB is created (e.g. the subnets span two AZs). @default none */
  readonly preconditions?: PlanCondition[];
  /**
   * `internet-facing` (public subnets, reachable from the internet) or `internal` (private
   * addresses only: behind a VPN, peering or another proxy). @default internet-facing
   */
  readonly scheme?: LoadBalancerScheme;
  /** Client-facing addresses: see IP_ADDRESS_TYPES. @default ipv4 */
  readonly ipAddressType?: IpAddressType;
  /**
   * Bucket the ALB writes its access logs (and connection logs) to; the bucket's policy must let
   * ELB log delivery write under `<prefix>/AWSLogs/<account>/`. @default no logs
   */
  readonly logs?: LoadBalancerLogTarget;
}

/**
 * The production target group's health check (seconds and counts, as in CreateTargetGroup): a
 * check every 10 s with a 5 s timeout; 3 failures take a target out, 2 successes put it back. A
 * newly registered target needs to pass one check (ALB user guide, "Health checks for your
 * target groups"). The deployment timeline (modules/operations/timeline.ts) reads these too.
 */
export const HEALTH_CHECK = { intervalSeconds: 10, timeoutSeconds: 5, healthyThreshold: 2, unhealthyThreshold: 3 } as const;

/** A target group's `health_check`: HTTP 200 on `path` of the traffic port, on the HEALTH_CHECK timings. */
export function healthCheck(path: string) {
  return {
    enabled: true,
    protocol: "HTTP",
    path,
    port: "traffic-port",
    matcher: "200",
    interval: HEALTH_CHECK.intervalSeconds,
    timeout: HEALTH_CHECK.timeoutSeconds,
    healthyThreshold: HEALTH_CHECK.healthyThreshold,
    unhealthyThreshold: HEALTH_CHECK.unhealthyThreshold,
  };
}

/** TLS 1.3 with TLS 1.2 fallback; no TLS 1.0/1.1. */
export const TLS_POLICY = "ELBSecurityPolicy-TLS13-1-2-2021-06";

/**
 * An ALB (internet-facing by default) with one production target group. For EC2 blue/green, CodeDeploy
 * registers the replacement fleet in this same target group and deregisters the old one;
 * a second "green" target group would never receive traffic, so there is none.
 */
export class LoadBalancer extends Construct {
  public readonly loadBalancer: Lb;
  public readonly targetGroup: LbTargetGroup;
  /** `https://…` with a certificate, `http://…` otherwise. */
  public readonly url: string;

  constructor(scope: Construct, id: string, props: LoadBalancerProps) {
    super(scope, id);
    const maxLength = AWS_NAME_LIMITS.aws_lb.name;
    for (const [key, value] of [["name", props.name], ["targetGroupName", props.targetGroupName]] as const) {
      if (value.length > maxLength || !/^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/.test(value)) {
        throw new Error(`LoadBalancer: ${key} "${value}" must be 1-${maxLength} letters, digits or inner hyphens (ELB naming rule)`);
      }
    }
    if (isDualStack(props.ipAddressType) && props.scheme === "internal") {
      throw new Error(`LoadBalancer: ipAddressType "${props.ipAddressType}" needs an internet-facing load balancer (internal ones use ipv4)`);
    }
    const deregistrationDelay = props.deregistrationDelaySeconds ?? 30;
    if (!Number.isInteger(deregistrationDelay) || deregistrationDelay < 0 || deregistrationDelay > 3600) {
      throw new Error(`LoadBalancer: deregistrationDelaySeconds must be a whole number from 0 to 3600, got ${deregistrationDelay}`);
    }

    this.loadBalancer = new Lb(this, "alb", {
      name: props.name,
      loadBalancerType: "application",
      internal: props.scheme === "internal",
      // ipv4 is ELB's default: left unset, as before this setting existed.
      ...(isDualStack(props.ipAddressType) ? { ipAddressType: props.ipAddressType } : {}),
      securityGroups: [props.securityGroupId],
      subnets: props.subnetIds,
      dropInvalidHeaderFields: true,
      enableDeletionProtection: props.deletionProtection ?? false,
      ...loadBalancerLogArguments(props.logs),
      lifecycle: props.preconditions?.length ? { precondition: props.preconditions } : undefined,
    });

    this.targetGroup = new LbTargetGroup(this, "production", {
      name: props.targetGroupName,
      targetType: "instance",
      protocol: "HTTP",
      port: props.appPort,
      vpcId: props.vpcId,
      deregistrationDelay: String(deregistrationDelay),
      healthCheck: healthCheck(props.healthCheckPath),
    });

    if (props.certificateArn) {
      new LbListener(this, "https", {
        loadBalancerArn: this.loadBalancer.arn,
        port: 443,
        protocol: "HTTPS",
        sslPolicy: TLS_POLICY,
        certificateArn: props.certificateArn,
        defaultAction: [{ type: "forward", targetGroupArn: this.targetGroup.arn }],
      });
      new LbListener(this, "http", {
        loadBalancerArn: this.loadBalancer.arn,
        port: 80,
        protocol: "HTTP",
        defaultAction: [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }],
      });
      this.url = `https://${this.loadBalancer.dnsName}`;
    } else {
      new LbListener(this, "http", {
        loadBalancerArn: this.loadBalancer.arn,
        port: 80,
        protocol: "HTTP",
        defaultAction: [{ type: "forward", targetGroupArn: this.targetGroup.arn }],
      });
      this.url = `http://${this.loadBalancer.dnsName}`;
    }
  }
}
