import { Construct } from "constructs";
import { AcmCertificate } from "@cdktf/provider-aws/lib/acm-certificate";
import { AcmCertificateValidation } from "@cdktf/provider-aws/lib/acm-certificate-validation";
import { DataAwsRoute53Zone } from "@cdktf/provider-aws/lib/data-aws-route53-zone";
import { Lb } from "@cdktf/provider-aws/lib/lb";
import { Route53Record } from "@cdktf/provider-aws/lib/route53-record";
import type { IpAddressType } from "./load-balancer";

/** The service's DNS name and the public hosted zone that holds it. */
export interface DomainSettings {
  /** Fully qualified name clients use, e.g. `shop.example.com` (no trailing dot, no wildcard). */
  readonly name: string;
  /** Route 53 hosted zone ID (`Z…`). Give this or `hostedZoneName`. */
  readonly hostedZoneId?: string;
  /** Name of the public hosted zone, e.g. `example.com`; looked up at plan time. Give this or `hostedZoneId`. */
  readonly hostedZoneName?: string;
}

/** A DNS name: labels of letters, digits and inner hyphens, ≤ 63 characters each, ≤ 253 in all (RFC 1035; Route 53 and ACM accept these). */
export const DOMAIN_NAME = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/;
export const HOSTED_ZONE_ID = /^Z[A-Z0-9]{1,31}$/;

export interface DomainProps {
  readonly domain: DomainSettings;
  /**
   * Request an ACM certificate for the name, validated through a DNS record in the zone (ACM user
   * guide, "DNS validation"); the HTTPS listener waits for the validation. `false` when the
   * environment brings its own certificate (`certificateArn`).
   */
  readonly requestCertificate: boolean;
}

/**
 * The service's domain: the hosted zone, optionally an ACM certificate DNS-validated by the stack,
 * and (through `aliasTo`) the Route 53 alias record to the load balancer. As AWS CDK's
 * `DnsValidatedCertificate`/`Certificate` with `CertificateValidation.fromDns(zone)` plus an
 * `ARecord` (and `AaaaRecord` where the load balancer is dual-stack) with a `LoadBalancerTarget`:
 * an AAAA alias to an IPv4-only load balancer would answer with no address.
 */
export class Domain extends Construct {
  public readonly name: string;
  public readonly zoneId: string;
  /** The validated certificate's ARN (the validation resource's, so a listener using it waits for ISSUED). */
  public readonly certificateArn?: string;

  constructor(scope: Construct, id: string, props: DomainProps) {
    super(scope, id);
    const { domain } = props;
    if (!DOMAIN_NAME.test(domain.name)) throw new Error(`Domain: name "${domain.name}" must be a lowercase DNS name such as shop.example.com`);
    if ((domain.hostedZoneId === undefined) === (domain.hostedZoneName === undefined)) {
      throw new Error("Domain: give exactly one of hostedZoneId and hostedZoneName");
    }
    this.name = domain.name;
    this.zoneId =
      domain.hostedZoneId ?? new DataAwsRoute53Zone(this, "zone", { name: domain.hostedZoneName!, privateZone: false }).zoneId;

    if (props.requestCertificate) {
      const certificate = new AcmCertificate(this, "certificate", {
        domainName: domain.name,
        validationMethod: "DNS",
        // A replaced certificate must exist before the listener lets go of the old one.
        lifecycle: { createBeforeDestroy: true },
      });
      // One name, so one validation option: its record is known once the certificate is requested.
      const option = certificate.domainValidationOptions.get(0);
      const record = new Route53Record(this, "validation", {
        zoneId: this.zoneId,
        name: option.resourceRecordName,
        type: option.resourceRecordType,
        records: [option.resourceRecordValue],
        ttl: 60,
        // ACM gives the same CNAME to every certificate of the name: a re-request must not fail on it.
        allowOverwrite: true,
      });
      this.certificateArn = new AcmCertificateValidation(this, "certificate_validation", {
        certificateArn: certificate.arn,
        validationRecordFqdns: [record.fqdn],
      }).certificateArn;
    }
  }

  /**
   * The alias records of the name to the load balancer, health-evaluated: A for an IPv4 or
   * dual-stack load balancer, AAAA for a dual-stack one (as AWS CDK's `AaaaRecord` with a
   * `LoadBalancerTarget`); `dualstack-without-public-ipv4` has no public IPv4 address to answer an A query.
   */
  aliasTo(loadBalancer: Lb, ipAddressType: IpAddressType = "ipv4"): Route53Record[] {
    const types = ipAddressType === "ipv4" ? ["A"] : ipAddressType === "dualstack" ? ["A", "AAAA"] : ["AAAA"];
    return types.map(
      (type) =>
        new Route53Record(this, type === "A" ? "alias" : "alias_ipv6", {
          zoneId: this.zoneId,
          name: this.name,
          type,
          alias: { name: loadBalancer.dnsName, zoneId: loadBalancer.zoneId, evaluateTargetHealth: true },
        }),
    );
  }
}
