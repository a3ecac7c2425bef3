import { DerivedName, ResourceNames } from "../shared/naming";

/**
 * The names of an ECS environment's resources, derived from the environment's ResourceNames
 * (whose load balancer, application, deployment group, topic and alarm names it shares), with
 * the limits AWS documents for them.
 */
export class EcsNames {
  constructor(public readonly names: ResourceNames) {}

  get stem(): string {
    return this.names.stem;
  }
  /** ECR repository (CreateRepository: lowercase, at most 256 characters). */
  get repository(): string {
    return this.stem;
  }
  get cluster(): string {
    return this.stem;
  }
  get service(): string {
    return this.stem;
  }
  get taskFamily(): string {
    return this.stem;
  }
  /** The container's name in the task definition, the appspec and the service's load balancer block. */
  get containerName(): string {
    return "app";
  }
  get logGroup(): string {
    return `/ecs/${this.stem}`;
  }
  /** The two target groups CodeDeploy alternates production traffic between. */
  get blueTargetGroup(): string {
    return `${this.stem}-blue`;
  }
  get greenTargetGroup(): string {
    return `${this.stem}-green`;
  }
  get taskSecurityGroup(): string {
    return `${this.stem}-tasks`;
  }
  get hookSecurityGroup(): string {
    return `${this.stem}-hooks`;
  }
  get executionRole(): string {
    return `${this.stem}-task-execution`;
  }
  get taskRole(): string {
    return `${this.stem}-task`;
  }
  get hookRole(): string {
    return `${this.stem}-hooks`;
  }
  /** Lambda function of a lifecycle event, e.g. `<stem>-AfterAllowTestTraffic`. */
  hookFunction(event: string): string {
    return `${this.stem}-${event}`;
  }
  get customDeploymentConfig(): string {
    return `${this.stem}-traffic`;
  }

  /** Names with AWS's limits, for the configuration's checks. */
  all(): DerivedName[] {
    return [
      { purpose: "target group name", value: this.greenTargetGroup, rule: { maxLength: 32 } },
      { purpose: "ECR repository name", value: this.repository, rule: { maxLength: 256 } },
      { purpose: "IAM role name", value: this.executionRole, rule: { maxLength: 64 } },
      // Lambda CreateFunction FunctionName: at most 64 characters.
      { purpose: "Lambda function name", value: this.hookFunction("AfterAllowTestTraffic"), rule: { maxLength: 64 } },
      { purpose: "ECS service name", value: this.service, rule: { maxLength: 255 } },
    ];
  }
}
