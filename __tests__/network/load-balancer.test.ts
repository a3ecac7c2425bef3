import { LbListener } from "@cdktf/provider-aws/lib/lb-listener";
import { LbTargetGroup } from "@cdktf/provider-aws/lib/lb-target-group";
import { Lb } from "@cdktf/provider-aws/lib/lb";
import { LoadBalancer, TLS_POLICY } from "../../modules/network/load-balancer";
import { synthModule } from "../support/synth";

const props = {
  name: "shop-dev",
  targetGroupName: "shop-dev-web",
  vpcId: "vpc-0123456789abcdef0",
  subnetIds: ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0bbbbbbbbbbbbbbb2"],
  securityGroupId: "sg-0123456789abcdef0",
  appPort: 8080,
  healthCheckPath: "/healthz",
};
const certificateArn = "arn:aws:acm:us-east-1:123456789012:certificate/0b5a8c3e-1234-4d5e-9f00-112233445566";

describe("LoadBalancer", () => {
  test("an internet-facing ALB that drops invalid headers; deletion protection off by default", () => {
    const synth = synthModule((scope) => new LoadBalancer(scope, "lb", props));
    expect(synth.raw).toHaveResourceWithProperties(Lb, {
      name: "shop-dev",
      internal: false,
      load_balancer_type: "application",
      drop_invalid_header_fields: true,
      enable_deletion_protection: false,
    });
  });

  test("deletion protection when asked", () => {
    const synth = synthModule((scope) => new LoadBalancer(scope, "lb", { ...props, deletionProtection: true }));
    expect(synth.resource("aws_lb").enable_deletion_protection).toBe(true);
  });

  test("one production target group of instances, health-checked on the configured path, short deregistration delay", () => {
    const synth = synthModule((scope) => new LoadBalancer(scope, "lb", props));
    expect(Object.keys(synth.resources("aws_lb_target_group"))).toHaveLength(1);
    expect(synth.raw).toHaveResourceWithProperties(LbTargetGroup, {
      name: "shop-dev-web",
      target_type: "instance",
      port: 8080,
      protocol: "HTTP",
      deregistration_delay: "30",
      health_check: expect.objectContaining({ path: "/healthz", matcher: "200", port: "traffic-port" }),
    });
  });

  test("without a certificate, port 80 forwards to the target group and there is no 443", () => {
    const synth = synthModule((scope) => new LoadBalancer(scope, "lb", props));
    const listeners = Object.values<any>(synth.resources("aws_lb_listener"));
    expect(listeners).toEqual([expect.objectContaining({ port: 80, protocol: "HTTP", default_action: [expect.objectContaining({ type: "forward" })] })]);
  });

  test("with a certificate, HTTPS on 443 with a TLS 1.2+/1.3 policy and 80 redirects to it", () => {
    let lb!: LoadBalancer;
    const synth = synthModule((scope) => (lb = new LoadBalancer(scope, "lb", { ...props, certificateArn })));
    expect(synth.raw).toHaveResourceWithProperties(LbListener, { port: 443, protocol: "HTTPS", ssl_policy: TLS_POLICY, certificate_arn: certificateArn });
    expect(synth.raw).toHaveResourceWithProperties(LbListener, {
      port: 80,
      default_action: [expect.objectContaining({ type: "redirect", redirect: { protocol: "HTTPS", port: "443", status_code: "HTTP_301" } })],
    });
    expect(lb.url).toMatch(/^https:\/\//);
  });

  test("puts the given preconditions on the ALB", () => {
    const preconditions = [
      { condition: "${true}", errorMessage: "The load balancer's subnets must span at least two Availability Zones." },
      { condition: "${false}", errorMessage: "one subnet per zone" },
    ];
    const synth = synthModule((scope) => new LoadBalancer(scope, "lb", { ...props, preconditions }));
    expect(synth.resource("aws_lb").lifecycle.precondition).toEqual([
      { condition: "${true}", error_message: "The load balancer's subnets must span at least two Availability Zones." },
      { condition: "${false}", error_message: "one subnet per zone" },
    ]);
  });

  test("access and connection logs to the bucket, under their prefixes, after what the logs depend on", () => {
    const synth = synthModule((scope) => new LoadBalancer(scope, "lb", { ...props, logs: { bucket: "shop-alb-logs", accessPrefix: "access", connectionPrefix: "connection" } }));
    expect(synth.resource("aws_lb")).toMatchObject({
      access_logs: { bucket: "shop-alb-logs", prefix: "access", enabled: true },
      connection_logs: { bucket: "shop-alb-logs", prefix: "connection", enabled: true },
    });
    const withoutConnection = synthModule((scope) => new LoadBalancer(scope, "lb", { ...props, logs: { bucket: "shop-alb-logs", accessPrefix: "access" } }));
    expect(withoutConnection.resource("aws_lb").connection_logs).toBeUndefined();
    expect(synthModule((scope) => new LoadBalancer(scope, "lb", props)).resource("aws_lb").access_logs).toBeUndefined();
  });

  test("an internal load balancer when the scheme says so", () => {
    const synth = synthModule((scope) => new LoadBalancer(scope, "lb", { ...props, scheme: "internal" }));
    expect(synth.resource("aws_lb").internal).toBe(true);
  });

  test.each([
    [{ name: "a".repeat(33) }, `LoadBalancer: name "${"a".repeat(33)}" must be 1-32 letters, digits or inner hyphens (ELB naming rule)`],
    [{ targetGroupName: "bad_name" }, 'LoadBalancer: targetGroupName "bad_name" must be 1-32 letters, digits or inner hyphens (ELB naming rule)'],
    [{ deregistrationDelaySeconds: 4000 }, "LoadBalancer: deregistrationDelaySeconds must be a whole number from 0 to 3600, got 4000"],
  ])("rejects %o", (override, message) => {
    expect(() => synthModule((scope) => new LoadBalancer(scope, "lb", { ...props, ...override }))).toThrow(message);
  });

  test("ipAddressType reaches the ALB when dual-stack; ipv4 (ELB's default) stays unset; an internal one is refused", () => {
    const lb = (ipAddressType?: "ipv4" | "dualstack") => Object.values<any>(synthModule((scope) => new LoadBalancer(scope, "lb", { ...props, ipAddressType })).resources("aws_lb"))[0];
    expect(lb("dualstack").ip_address_type).toBe("dualstack");
    expect(lb("ipv4")).not.toHaveProperty("ip_address_type");
    expect(() => synthModule((scope) => new LoadBalancer(scope, "lb", { ...props, scheme: "internal", ipAddressType: "dualstack" }))).toThrow(
      'LoadBalancer: ipAddressType "dualstack" needs an internet-facing load balancer (internal ones use ipv4)',
    );
  });
});
