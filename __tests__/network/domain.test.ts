import { Lb } from "@cdktf/provider-aws/lib/lb";
import { Domain } from "../../modules/network/domain";
import { synthModule } from "../support/synth";

const build = (props: ConstructorParameters<typeof Domain>[2]) =>
  synthModule((scope) => {
    const domain = new Domain(scope, "domain", props);
    domain.aliasTo(new Lb(scope, "alb", { name: "shop-prod" }));
  });

describe("Domain", () => {
  test("requests a DNS-validated certificate: one validation record from the certificate's option, and a validation the listener can wait on", () => {
    let domain!: Domain;
    const synth = synthModule((scope) => (domain = new Domain(scope, "domain", { domain: { name: "shop.example.com", hostedZoneId: "Z0123456789ABCDEFGHIJ" }, requestCertificate: true })));
    expect(synth.resource("aws_acm_certificate")).toMatchObject({ domain_name: "shop.example.com", validation_method: "DNS", lifecycle: { create_before_destroy: true } });
    const validation = Object.values<any>(synth.resources("aws_route53_record"))[0];
    expect(validation).toMatchObject({
      zone_id: "Z0123456789ABCDEFGHIJ",
      name: expect.stringMatching(/^\$\{tolist\(aws_acm_certificate\.[A-Za-z0-9_]+\.domain_validation_options\)\.0\.resource_record_name\}$/),
      type: expect.stringMatching(/\)\.0\.resource_record_type\}$/),
      records: [expect.stringMatching(/\)\.0\.resource_record_value\}$/)],
      allow_overwrite: true,
    });
    expect(synth.resource("aws_acm_certificate_validation").validation_record_fqdns).toEqual([expect.stringMatching(/^\$\{aws_route53_record\..*\.fqdn\}$/)]);
    expect(domain.certificateArn).toBeDefined();
    expect(synth.dataSources("aws_route53_zone")).toEqual({});
  });

  test("an alias A record to the load balancer, evaluating its health; a zone given by name is looked up (public)", () => {
    const synth = build({ domain: { name: "shop.example.com", hostedZoneName: "example.com" }, requestCertificate: false });
    expect(Object.values<any>(synth.dataSources("aws_route53_zone"))).toEqual([expect.objectContaining({ name: "example.com", private_zone: false })]);
    const records = Object.values<any>(synth.resources("aws_route53_record"));
    expect(records).toEqual([
      expect.objectContaining({
        name: "shop.example.com",
        type: "A",
        zone_id: expect.stringMatching(/^\$\{data\.aws_route53_zone\..*\.zone_id\}$/),
        alias: { name: expect.stringMatching(/aws_lb\..*\.dns_name/), zone_id: expect.stringMatching(/aws_lb\..*\.zone_id/), evaluate_target_health: true },
      }),
    ]);
    expect(synth.resources("aws_acm_certificate")).toEqual({});
  });

  test.each([
    [{ name: "Shop.Example.com", hostedZoneId: "Z0123" }, 'Domain: name "Shop.Example.com" must be a lowercase DNS name such as shop.example.com'],
    [{ name: "shop.example.com" }, "Domain: give exactly one of hostedZoneId and hostedZoneName"],
    [{ name: "shop.example.com", hostedZoneId: "Z0123", hostedZoneName: "example.com" }, "Domain: give exactly one of hostedZoneId and hostedZoneName"],
  ])("rejects %o", (domain, message) => {
    expect(() => build({ domain, requestCertificate: true })).toThrow(message);
  });

  test.each([
    ["ipv4", ["A"]],
    ["dualstack", ["A", "AAAA"]],
    ["dualstack-without-public-ipv4", ["AAAA"]],
  ] as const)("%s: alias records %j to the load balancer", (ipAddressType, types) => {
    const synth = synthModule((scope) =>
      new Domain(scope, "domain", { domain: { name: "shop.example.com", hostedZoneId: "Z0123456789ABCDEFGHIJ" }, requestCertificate: false }).aliasTo(new Lb(scope, "alb", { name: "shop" }), ipAddressType),
    );
    const records = Object.values<any>(synth.resources("aws_route53_record"));
    expect(records.map((record) => record.type)).toEqual(types);
    for (const record of records) expect(record.alias).toEqual({ name: expect.stringMatching(/aws_lb\..*\.dns_name/), zone_id: expect.stringMatching(/aws_lb\..*\.zone_id/), evaluate_target_health: true });
  });
});
