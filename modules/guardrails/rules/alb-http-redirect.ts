import { blocks, finding, GuardrailRule } from "../rule";
import { isApplicationLoadBalancer, LISTENER_TYPES, listenerLoadBalancer } from "../resources";

export const albHttpRedirect: GuardrailRule = {
  id: "ALB-HTTP-REDIRECT",
  checks: "HTTP listeners of application load balancers redirect to HTTPS instead of serving",
  rationale: "Plain HTTP exposes sessions and content on the wire; with a certificate there is no reason to serve it",
  mirrors: "checkov CKV_AWS_2 and CKV2_AWS_20, trivy AVD-AWS-0054, Security Hub ELB.1",
  severity: "error",
  resourceTypes: LISTENER_TYPES,
  check(listener, estate) {
    const { config } = listener;
    const loadBalancer = listenerLoadBalancer(listener, estate);
    if (loadBalancer && !isApplicationLoadBalancer(loadBalancer.config)) return [];
    if ((config.protocol ?? "HTTP") !== "HTTP") return [];
    const actions = blocks(config.default_action);
    const redirects = actions.length > 0 && actions.every((action) => action.type === "redirect" && blocks(action.redirect)[0]?.protocol === "HTTPS");
    if (redirects) return [];
    return [
      finding(
        `the HTTP listener on port ${config.port ?? 80} serves traffic (${actions.map((action) => action.type).join(", ") || "no action"}) instead of redirecting to HTTPS`,
        "set certificateArn for the environment (the LoadBalancer then serves 443 and redirects 80), or make the default action a redirect to HTTPS",
      ),
    ];
  },
};
