import { Construct } from "constructs";
import { Apigatewayv2Api } from "@cdktf/provider-aws/lib/apigatewayv2-api";
import { Apigatewayv2Integration } from "@cdktf/provider-aws/lib/apigatewayv2-integration";
import { Apigatewayv2Route } from "@cdktf/provider-aws/lib/apigatewayv2-route";
import { Apigatewayv2Stage } from "@cdktf/provider-aws/lib/apigatewayv2-stage";
import { LambdaFunctionUrl } from "@cdktf/provider-aws/lib/lambda-function-url";
import { LambdaPermission } from "@cdktf/provider-aws/lib/lambda-permission";
import { FRONT_DOORS, FrontDoor as FrontDoorKind, FUNCTION_URL_AUTH_TYPES, FunctionUrlAuth } from "./limits";

export interface FrontDoorProps {
  readonly kind: FrontDoorKind;
  readonly functionName: string;
  /** The alias clients reach; CodeDeploy moves its traffic, so the front door never names a version. */
  readonly aliasName: string;
  /** The alias's `invoke_arn` (the HTTP API's integration target). */
  readonly aliasInvokeArn: string;
  /** Name of the HTTP API (kind "http-api"). */
  readonly apiName: string;
  /** Auth of the function URL (kind "function-url"). @default "AWS_IAM" */
  readonly functionUrlAuth?: FunctionUrlAuth;
}

/**
 * How clients reach the `live` alias: a Lambda function URL on the alias (auth `AWS_IAM` unless
 * configured otherwise), or an API Gateway HTTP API whose `$default` route proxies to the alias
 * (payload format 2.0, the same event a function URL sends), with the permission for exactly
 * that API to invoke exactly that alias. Either way the traffic follows the alias's weights.
 */
export class FrontDoor extends Construct {
  /** The URL clients call (the function URL, or the HTTP API's default endpoint). */
  public readonly url: string;
  public readonly functionUrl?: LambdaFunctionUrl;
  public readonly api?: Apigatewayv2Api;

  constructor(scope: Construct, id: string, props: FrontDoorProps) {
    super(scope, id);
    if (!(FRONT_DOORS as readonly string[]).includes(props.kind)) throw new Error(`FrontDoor: kind must be one of ${FRONT_DOORS.join(", ")}, got ${props.kind}`);
    const auth = props.functionUrlAuth ?? "AWS_IAM";
    if (!(FUNCTION_URL_AUTH_TYPES as readonly string[]).includes(auth)) throw new Error(`FrontDoor: functionUrlAuth must be one of ${FUNCTION_URL_AUTH_TYPES.join(", ")}, got ${auth}`);

    if (props.kind === "function-url") {
      this.functionUrl = new LambdaFunctionUrl(this, "url", {
        functionName: props.functionName,
        qualifier: props.aliasName,
        authorizationType: auth,
      });
      this.url = this.functionUrl.functionUrl;
      return;
    }
    this.api = new Apigatewayv2Api(this, "api", { name: props.apiName, protocolType: "HTTP", description: `Routes every request to ${props.functionName}:${props.aliasName}` });
    const integration = new Apigatewayv2Integration(this, "integration", {
      apiId: this.api.id,
      integrationType: "AWS_PROXY",
      integrationUri: props.aliasInvokeArn,
      payloadFormatVersion: "2.0",
    });
    new Apigatewayv2Route(this, "route", { apiId: this.api.id, routeKey: "$default", target: `integrations/${integration.id}` });
    new Apigatewayv2Stage(this, "stage", { apiId: this.api.id, name: "$default", autoDeploy: true });
    new LambdaPermission(this, "invoke", {
      statementId: "HttpApiInvokesAlias",
      action: "lambda:InvokeFunction",
      functionName: props.functionName,
      qualifier: props.aliasName,
      principal: "apigateway.amazonaws.com",
      sourceArn: `${this.api.executionArn}/*/*`,
    });
    this.url = this.api.apiEndpoint;
  }
}
