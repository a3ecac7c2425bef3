import { Construct } from "constructs";
import { Lb } from "@cdktf/provider-aws/lib/lb";
import { LbListener } from "@cdktf/provider-aws/lib/lb-listener";
import { LbTargetGroup } from "@cdktf/provider-aws/lib/lb-target-group";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { LoadBalancerLogTarget, loadBalancerLogArguments } from "../network/access-logs";
import { healthCheck, TLS_POLICY } from "../network/load-balancer";

export interface EcsTrafficProps {
  readonly loadBalancerName: string;
  readonly blueTargetGroupName: string;
  readonly greenTargetGroupName: string;
  readonly loadBalancerGroupName: string;
  readonly taskGroupName: string;
  readonly vpcId: string;
  /** Public subnets of the load balancer, in at least two Availability Zones. */
  readonly subnetIds: string[];
  /** Terraform condition that must hold before the ALB is created (the subnets span two AZs). @default none */
  readonly subnetPrecondition?: string;
  /** Who may reach the production listener (80, and 443 with a certificate). */
  readonly ingressCidrs: string[];
  /** Port of the test listener, which serves the replacement task set before traffic moves. */
  readonly testListenerPort: number;
  /** Who may reach the test listener; never the internet. */
  readonly testListenerCidrs: string[];
  /** Port the container serves on (the IP targets' port). */
  readonly containerPort: number;
  readonly healthCheckPath: string;
  /** ACM certificate: production on 443 (80 redirects), test listener on HTTPS too. @default HTTP only */
  readonly certificateArn?: string;
  /** @default false */
  readonly deletionProtection?: boolean;
  /** Where the load balancer writes its access (and connection) logs. @default no logs */
  readonly logs?: LoadBalancerLogTarget;
  /** Seconds a deregistered task drains. @default 30 */
  readonly deregistrationDelaySeconds?: number;
}

/** Listener settings CodeDeploy owns once it runs deployments: it rewrites the forward target on every traffic shift. */
const CODEDEPLOY_OWNS_LISTENER = { ignoreChanges: ["default_action"] };

/**
 * The edge of an ECS blue/green service: the load balancer's and the tasks' security groups, an
 * internet-facing ALB, two IP target groups (CodeDeploy registers the replacement task set in
 * whichever does not serve, then swaps), a production listener and a test listener. Both
 * listeners start on the blue target group; after that CodeDeploy moves them, so Terraform
 * ignores their default action (the design note in the README, "ECS: who owns what").
 *
 * Unlike the EC2 LoadBalancer (one target group, instance targets: CodeDeploy moves instances,
 * not listeners) this is a construct of its own, reusing its health check and TLS policy.
 */
export class EcsTraffic extends Construct {
  public readonly loadBalancer: Lb;
  public readonly blueTargetGroup: LbTargetGroup;
  public readonly greenTargetGroup: LbTargetGroup;
  public readonly productionListener: LbListener;
  public readonly testListener: LbListener;
  /** The HTTP listener on 80 that redirects to HTTPS, when a certificate is set. */
  public readonly redirectListener?: LbListener;
  public readonly loadBalancerGroup: SecurityGroup;
  public readonly taskGroup: SecurityGroup;
  /** `https://…` with a certificate, `http://…` otherwise. */
  public readonly url: string;
  public readonly testUrl: string;

  constructor(scope: Construct, id: string, props: EcsTrafficProps) {
    super(scope, id);
    if (props.ingressCidrs.length === 0) throw new Error("EcsTraffic: ingressCidrs must list at least one CIDR block");
    if (props.testListenerCidrs.length === 0) throw new Error("EcsTraffic: testListenerCidrs must list at least one CIDR block (the hook's NAT addresses)");
    if (props.testListenerCidrs.some((cidr) => cidr === "0.0.0.0/0" || cidr === "::/0")) {
      throw new Error("EcsTraffic: testListenerCidrs must not admit the whole internet: the test listener serves unreleased revisions");
    }
    const productionPort = props.certificateArn ? 443 : 80;
    if ([80, productionPort].includes(props.testListenerPort)) {
      throw new Error(`EcsTraffic: testListenerPort ${props.testListenerPort} is a production listener's port`);
    }
    const protocol = props.certificateArn ? "HTTPS" : "HTTP";
    const tls = props.certificateArn ? { sslPolicy: TLS_POLICY, certificateArn: props.certificateArn } : {};

    this.loadBalancerGroup = new SecurityGroup(this, "load_balancer_group", {
      name: props.loadBalancerGroupName,
      description: "Application Load Balancer: production from the allowed CIDRs, the test listener from its own CIDRs, out to the tasks only",
      vpcId: props.vpcId,
      tags: { Name: props.loadBalancerGroupName },
    });
    this.taskGroup = new SecurityGroup(this, "task_group", {
      name: props.taskGroupName,
      description: "Fargate tasks: the container port from the load balancer only",
      vpcId: props.vpcId,
      tags: { Name: props.taskGroupName },
    });
    const clientPorts = props.certificateArn ? [80, 443] : [80];
    const ingress = (id: string, cidr: string, port: number, who: string) =>
      new VpcSecurityGroupIngressRule(this, id, {
        securityGroupId: this.loadBalancerGroup.id,
        description: `${who} in ${cidr} to the load balancer on ${port}`,
        ipProtocol: "tcp",
        fromPort: port,
        toPort: port,
        ...(cidr.includes(":") ? { cidrIpv6: cidr } : { cidrIpv4: cidr }),
      });
    props.ingressCidrs.forEach((cidr, index) => clientPorts.forEach((port) => ingress(`client_${port}_${index}`, cidr, port, "Clients")));
    props.testListenerCidrs.forEach((cidr, index) => ingress(`test_${index}`, cidr, props.testListenerPort, "Testers and the smoke-test hook"));
    new VpcSecurityGroupEgressRule(this, "load_balancer_to_tasks", {
      securityGroupId: this.loadBalancerGroup.id,
      description: `Load balancer to the tasks on the container port ${props.containerPort}`,
      ipProtocol: "tcp",
      fromPort: props.containerPort,
      toPort: props.containerPort,
      referencedSecurityGroupId: this.taskGroup.id,
    });
    new VpcSecurityGroupIngressRule(this, "tasks_from_load_balancer", {
      securityGroupId: this.taskGroup.id,
      description: `Tasks accept the container port ${props.containerPort} from the load balancer only`,
      ipProtocol: "tcp",
      fromPort: props.containerPort,
      toPort: props.containerPort,
      referencedSecurityGroupId: this.loadBalancerGroup.id,
    });
    // Image pulls (ECR), logs and secrets: HTTPS to AWS endpoints through the subnets' NAT route.
    new VpcSecurityGroupEgressRule(this, "tasks_egress_443", {
      securityGroupId: this.taskGroup.id,
      description: "Tasks out: HTTPS to ECR, CloudWatch Logs, Secrets Manager and SSM",
      ipProtocol: "tcp",
      fromPort: 443,
      toPort: 443,
      cidrIpv4: "0.0.0.0/0",
    });

    this.loadBalancer = new Lb(this, "alb", {
      name: props.loadBalancerName,
      loadBalancerType: "application",
      internal: false,
      securityGroups: [this.loadBalancerGroup.id],
      subnets: props.subnetIds,
      dropInvalidHeaderFields: true,
      enableDeletionProtection: props.deletionProtection ?? false,
      ...loadBalancerLogArguments(props.logs),
      lifecycle: props.subnetPrecondition
        ? { precondition: [{ condition: props.subnetPrecondition, errorMessage: "The load balancer's subnets must span at least two Availability Zones." }] }
        : undefined,
    });

    const targetGroup = (id: string, name: string) =>
      new LbTargetGroup(this, id, {
        name,
        // awsvpc tasks register by IP (Fargate offers no instance targets).
        targetType: "ip",
        protocol: "HTTP",
        port: props.containerPort,
        vpcId: props.vpcId,
        deregistrationDelay: String(props.deregistrationDelaySeconds ?? 30),
        healthCheck: healthCheck(props.healthCheckPath),
      });
    this.blueTargetGroup = targetGroup("blue", props.blueTargetGroupName);
    this.greenTargetGroup = targetGroup("green", props.greenTargetGroupName);

    const forwardToBlue = [{ type: "forward", targetGroupArn: this.blueTargetGroup.arn }];
    this.productionListener = new LbListener(this, "production", {
      loadBalancerArn: this.loadBalancer.arn,
      port: productionPort,
      protocol,
      ...tls,
      defaultAction: forwardToBlue,
      lifecycle: CODEDEPLOY_OWNS_LISTENER,
    });
    if (props.certificateArn) {
      this.redirectListener = new LbListener(this, "http", {
        loadBalancerArn: this.loadBalancer.arn,
        port: 80,
        protocol: "HTTP",
        defaultAction: [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }],
      });
    }
    this.testListener = new LbListener(this, "test", {
      loadBalancerArn: this.loadBalancer.arn,
      port: props.testListenerPort,
      protocol,
      ...tls,
      defaultAction: forwardToBlue,
      lifecycle: CODEDEPLOY_OWNS_LISTENER,
    });
    const scheme = props.certificateArn ? "https" : "http";
    this.url = `${scheme}://${this.loadBalancer.dnsName}`;
    this.testUrl = `${scheme}://${this.loadBalancer.dnsName}:${props.testListenerPort}`;
  }
}
