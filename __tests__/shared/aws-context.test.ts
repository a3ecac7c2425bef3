import { TerraformOutput, TerraformStack, Testing } from "cdktf";
import { AwsContext, partitionOf } from "../../modules/shared/aws-context";

const context = (region: string) => new AwsContext(new TerraformStack(Testing.app(), "stack"), "account", { region });

describe("AwsContext", () => {
  test.each([
    ["us-east-1", "aws", "amazonaws.com", "https://us-east-1.console.aws.amazon.com"],
    ["cn-north-1", "aws-cn", "amazonaws.com.cn", "https://console.amazonaws.cn"],
    ["us-gov-west-1", "aws-us-gov", "amazonaws.com", "https://console.amazonaws-us-gov.com"],
  ])("%s is in partition %s", (region, partition, dnsSuffix, consoleUrl) => {
    const aws = context(region);
    expect(partitionOf(region)).toBe(partition);
    expect([aws.partition, aws.dnsSuffix, aws.consoleUrl]).toEqual([partition, dnsSuffix, consoleUrl]);
    expect(aws.managedPolicyArn("service-role/AWSCodeDeployRole")).toBe(`arn:${partition}:iam::aws:policy/service-role/AWSCodeDeployRole`);
  });

  test("looks up only the account ID", () => {
    const stack = new TerraformStack(Testing.app(), "stack");
    const aws = new AwsContext(stack, "account", { region: "eu-west-1" });
    new TerraformOutput(stack, "account_id", { value: aws.accountId });
    const json = JSON.parse(Testing.synth(stack));
    expect(Object.keys(json.data)).toEqual(["aws_caller_identity"]);
    expect(json.output.account_id.value).toMatch(/^\$\{data\.aws_caller_identity\.\w+\.account_id\}$/);
    expect(aws.servicePrincipal("codedeploy")).toBe("codedeploy.amazonaws.com");
  });
});
