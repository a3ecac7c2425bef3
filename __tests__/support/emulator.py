"""The AWS API emulator of `npm run test:apply`: moto's server (moto 5.2.1), on 127.0.0.1 only,
over TLS, with every gap it has for this estate covered here, openly, one function per gap.

Each gap is listed in the README ("Tested against an AWS API emulator") with the AWS API it
concerns. Nothing here makes the emulator more permissive than AWS; it makes it answer as AWS
answers. Usage: python3 emulator.py <port> <state-dir>; prints "ready <url>" once it listens.
`npm run test:apply` forks each emulator from one process instead (`--factory`: `factory` below).
"""

import datetime
import functools
import io
import json
import os
import re
import sys
import traceback

# AWS-managed policies (AWSCodeDeployRole, AmazonSSMManagedInstanceCore, ...) exist in moto only
# with this setting; without it every aws_iam_role_policy_attachment of one fails.
os.environ["MOTO_IAM_LOAD_MANAGED_POLICIES"] = "true"

import ssl  # noqa: E402

from werkzeug.serving import WSGIRequestHandler, run_simple  # noqa: E402

from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app  # noqa: E402

GAPS = []


def gap(function):
    GAPS.append(function.__name__)
    function()
    return function


@gap
def s3_bucket_policy_conditions():
    """S3 (any object API, e.g. HeadObject/PutObject): moto ignores the `Bool` condition operator
    and treats a statement whose condition is unmet as a deny, so the artifact bucket's
    `Deny s3:* if aws:SecureTransport = false` denies every request. AWS evaluates the condition:
    this emulator is served over TLS only, so every request carries aws:SecureTransport = true."""
    from moto.iam import access_control, policy_conditions
    from moto.s3 import models as s3_models

    def bool_operation(expected, actual):
        values = expected if isinstance(expected, list) else [expected]
        return str(actual).lower() in [str(v).lower() for v in values]

    policy_conditions.CONDITION_OPERATIONS["Bool"] = bool_operation
    original = access_control.IAMPolicyStatement.is_action_permitted

    def is_action_permitted(self, action, resource="*", principal=None, incoming_condition_values=None):
        # A statement whose condition does not hold does not apply (it neither allows nor denies).
        if self._statement.get("Condition") and incoming_condition_values is not None:
            if not self._check_conditions(incoming_condition_values):
                return access_control.PermissionResult.NEUTRAL
        return original(self, action, resource, principal, incoming_condition_values)

    access_control.IAMPolicyStatement.is_action_permitted = is_action_permitted

    def get_permission(self, action, resource):
        if self.policy is None:
            return access_control.PermissionResult.NEUTRAL
        return access_control.IAMPolicy(self.policy.decode()).is_action_permitted(
            action, resource, incoming_condition_values={"aws:SecureTransport": "true"}
        )

    s3_models.FakeBucket.get_permission = get_permission


@gap
def codebuild_codepipeline_source():
    """CodeBuild CreateProject/UpdateProject: moto requires a location for every source and
    artifacts type; AWS takes none for CODEPIPELINE (the pipeline hands them over) and NO_SOURCE."""
    from moto.codebuild import responses

    original_source = responses._validate_required_params_source
    original_artifacts = responses._validate_required_params_artifacts

    def validate_source(source):
        if source.get("type") in ("CODEPIPELINE", "NO_SOURCE") and not source.get("location"):
            return
        original_source(source)

    def validate_artifacts(artifacts):
        if artifacts.get("type") == "CODEPIPELINE" and not artifacts.get("location"):
            return
        original_artifacts(artifacts)

    responses._validate_required_params_source = validate_source
    responses._validate_required_params_artifacts = validate_artifacts


@gap
def codebuild_delete_project_by_arn():
    """CodeBuild DeleteProject: its `name` may be the project's ARN (the provider sends the ARN,
    its resource ID); moto looks it up as a name, deletes nothing and answers success, so the
    project outlived the destroy."""
    from moto.codebuild import models

    original = models.CodeBuildBackend.delete_project

    def delete_project(self, project_name):
        if project_name.startswith("arn:") and ":project/" in project_name:
            project_name = project_name.split(":project/", 1)[1]
        return original(self, project_name)

    models.CodeBuildBackend.delete_project = delete_project


@gap
def codecommit_list_branches():
    """CodeCommit ListBranches (read after CreateRepository with a default branch) is not
    implemented in moto; the emulator has no Git data, so every repository is empty, as a new
    one is in AWS: no branches."""
    from moto.codecommit import responses

    def list_branches(self):
        self.codecommit_backend.get_repository(self._get_param("repositoryName"))
        return json.dumps({"branches": []})

    responses.CodeCommitResponse.list_branches = list_branches


@gap
def codecommit_list_repositories():
    """CodeCommit ListRepositories is not implemented in moto (it raised, and the server answered
    500); the harness's leftovers check after destroy lists the repositories. Sorted by name, as
    the API's default (sortBy repositoryName, order ascending); one page, as this estate has few."""
    from moto.codecommit import responses

    def list_repositories(self):
        repositories = sorted(self.codecommit_backend.repositories.values(), key=lambda r: r.repository_metadata["repositoryName"])
        return json.dumps(
            {
                "repositories": [
                    {"repositoryName": r.repository_metadata["repositoryName"], "repositoryId": r.repository_metadata["repositoryId"]}
                    for r in repositories
                ]
            }
        )

    responses.CodeCommitResponse.list_repositories = list_repositories


@gap
def cloudwatch_put_composite_alarm():
    """CloudWatch PutCompositeAlarm is not implemented in moto's responses, though its model
    stores composite alarms (an alarm with an AlarmRule, returned under CompositeAlarms by
    DescribeAlarms and deleted by DeleteAlarms): the request is handed to the same code as
    PutMetricAlarm, which reads AlarmRule for that purpose."""
    from moto.cloudwatch import responses

    responses.CloudWatchResponse.put_composite_alarm = responses.CloudWatchResponse.put_metric_alarm


@gap
def autoscaling_policies_per_group():
    """Auto Scaling PutScalingPolicy, PutScheduledUpdateGroupAction, DeletePolicy,
    DeleteScheduledAction and DeleteAutoScalingGroup: moto keys scaling policies and scheduled
    actions by name alone, so a copy's policy of the same name replaces the seed's, and it keeps
    them after their group is deleted. AWS names them per group and deletes them with it.
    DescribePolicies: see below."""
    from moto.autoscaling import models, responses

    backend = models.AutoScalingBackend

    def key(group, name):
        return f"{group}/{name}"

    original_put_policy = backend.put_scaling_policy

    def put_scaling_policy(self, name, policy_type, metric_aggregation_type, adjustment_type, as_name, *args, **kwargs):
        policy = original_put_policy(self, name, policy_type, metric_aggregation_type, adjustment_type, as_name, *args, **kwargs)
        self.policies.pop(name, None)
        self.policies[key(as_name, name)] = policy
        return policy

    original_put_action = backend.put_scheduled_update_group_action

    def put_scheduled_update_group_action(self, name, *args, **kwargs):
        action = original_put_action(self, name, *args, **kwargs)
        self.scheduled_actions.pop(action.scheduled_action_name, None)
        self.scheduled_actions[key(name, action.scheduled_action_name)] = action
        return action

    def delete_scheduled_action(self, auto_scaling_group_name, scheduled_action_name):
        if self.scheduled_actions.pop(key(auto_scaling_group_name, scheduled_action_name), None) is None:
            raise models.ValidationError("Scheduled action name not found")

    def delete_policy(self):
        # PolicyName is a name (with AutoScalingGroupName) or an ARN.
        group, name = self._get_param("AutoScalingGroupName"), self._get_param("PolicyName")
        policies = self.autoscaling_backend.policies
        for policy_key, policy in list(policies.items()):
            if name in (policy.name, policy.arn) and group in (None, policy.auto_scaling_group_name):
                policies.pop(policy_key)
        return responses.EmptyResult()

    original_delete_group = backend.delete_auto_scaling_group

    def delete_auto_scaling_group(self, group_name):
        original_delete_group(self, group_name)
        for table in (self.policies, self.scheduled_actions):
            for item_key in [k for k, item in table.items() if item.auto_scaling_group_name == group_name]:
                table.pop(item_key)

    backend.put_scaling_policy = put_scaling_policy

    # DescribePolicies: moto drops `Enabled` (AWS: true unless PutScalingPolicy said false, so
    # every policy drifted to enabled = false) and answers an empty PredictiveScalingConfiguration
    # for policies of other types, where AWS sends none.
    original_put_response = responses.AutoScalingResponse.put_scaling_policy

    def put_scaling_policy_response(self):
        result = original_put_response(self)
        policy = self.autoscaling_backend.policies[key(self._get_param("AutoScalingGroupName"), self._get_param("PolicyName"))]
        enabled = self._get_param("Enabled")
        policy.enabled = str(enabled).lower() != "false" if enabled is not None else True
        if not policy.predictive_scaling_configuration:
            policy.predictive_scaling_configuration = None
        return result

    responses.AutoScalingResponse.put_scaling_policy = put_scaling_policy_response
    backend.put_scheduled_update_group_action = put_scheduled_update_group_action
    backend.delete_scheduled_action = delete_scheduled_action
    backend.delete_auto_scaling_group = delete_auto_scaling_group
    responses.AutoScalingResponse.delete_policy = delete_policy


@gap
def codedeploy_deployment_ids():
    """CodeDeploy CreateDeployment: moto gives deployments UUIDs; AWS's IDs are `d-` and nine
    upper-case letters and digits, and CodeDeploy names its copy of the fleet
    `CodeDeploy_<group>_<deployment ID>`, which the stack's fleet lookups match by that prefix."""
    import random
    import string

    from moto.codedeploy import models

    original_init = models.DeploymentInfo.__init__

    def init(self, *args, **kwargs):
        original_init(self, *args, **kwargs)
        self.deployment_id = "d-" + "".join(random.choices(string.ascii_uppercase + string.digits, k=9))

    models.DeploymentInfo.__init__ = init


@gap
def s3_bucket_notification_eventbridge():
    """S3 GetBucketNotificationConfiguration: moto stores a PutBucketNotificationConfiguration's
    EventBridgeConfiguration but leaves it out of the answer, so `eventbridge = true` drifts."""
    from moto.s3 import responses

    original = responses.S3Response.get_bucket_notification

    def get_bucket_notification(self):
        configuration = self.backend.get_bucket_notification_configuration(self.bucket_name)
        if configuration is None or configuration.event_bridge is None:
            return original(self)
        serialize = self.serialized

        def serialized(action_result):
            if isinstance(action_result.result, dict):
                action_result.result["EventBridgeConfiguration"] = {}
            return serialize(action_result)

        self.serialized = serialized
        try:
            return original(self)
        finally:
            del self.serialized

    responses.S3Response.get_bucket_notification = get_bucket_notification


@gap
def codecommit_tags():
    """CodeCommit ListTagsForResource, TagResource and UntagResource are not implemented in moto,
    and CreateRepository drops its tags (the provider's default_tags land there)."""
    from moto.codecommit import responses

    tags_by_arn = {}
    original_create = responses.CodeCommitResponse.create_repository

    def create_repository(self):
        result = original_create(self)
        tags_by_arn[json.loads(result)["repositoryMetadata"]["Arn"]] = dict(self._get_param("tags") or {})
        return result

    def list_tags_for_resource(self):
        return json.dumps({"tags": tags_by_arn.get(self._get_param("resourceArn"), {})})

    def tag_resource(self):
        tags_by_arn.setdefault(self._get_param("resourceArn"), {}).update(self._get_param("tags") or {})
        return "{}"

    def untag_resource(self):
        tags = tags_by_arn.setdefault(self._get_param("resourceArn"), {})
        for key in self._get_param("tagKeys") or []:
            tags.pop(key, None)
        return "{}"

    responses.CodeCommitResponse.create_repository = create_repository
    responses.CodeCommitResponse.list_tags_for_resource = list_tags_for_resource
    responses.CodeCommitResponse.tag_resource = tag_resource
    responses.CodeCommitResponse.untag_resource = untag_resource


@gap
def codedeploy_missing_operations():
    """CodeDeploy DeleteApplication, DeleteDeploymentGroup and UpdateDeploymentGroup are not
    implemented in moto (destroy, replacement, and CodeDeploy's own repointing of the group's
    Auto Scaling groups after a deployment need them); GetDeploymentGroup returns Auto Scaling
    groups as bare names (AWS: objects with name and hook) and drops the alarm configuration.
    A deployment never finishes (moto has no engine): it succeeds when UpdateDeploymentGroup makes
    its copy the group's fleet, as the harness plays CodeDeploy's last step."""
    from moto.codedeploy import models, responses
    from moto.codedeploy.exceptions import DeploymentGroupDoesNotExistException

    original_to_dict = models.DeploymentGroup.to_dict

    def to_dict(self):
        result = original_to_dict(self)
        result["autoScalingGroups"] = [
            group if isinstance(group, dict) else {"name": group} for group in self.auto_scaling_groups
        ]
        alarms = self.alarm_configuration
        if isinstance(alarms, dict):
            result["alarmConfiguration"] = alarms
        return result

    models.DeploymentGroup.to_dict = to_dict

    def delete_application(self):
        name = self._get_param("applicationName")
        self.codedeploy_backend.applications.pop(name, None)
        self.codedeploy_backend.deployment_groups.pop(name, None)
        return "{}"

    def delete_deployment_group(self):
        groups = self.codedeploy_backend.deployment_groups.get(self._get_param("applicationName"), {})
        groups.pop(self._get_param("deploymentGroupName"), None)
        return json.dumps({"hooksNotCleanedUp": []})

    fields = {
        "deploymentConfigName": "deployment_config_name",
        "ec2TagFilters": "ec2_tag_filters",
        "onPremisesInstanceTagFilters": "on_premises_instance_tag_filters",
        "autoScalingGroups": "auto_scaling_groups",
        "serviceRoleArn": "service_role_arn",
        "triggerConfigurations": "trigger_configurations",
        "alarmConfiguration": "alarm_configuration",
        "autoRollbackConfiguration": "auto_rollback_configuration",
        "outdatedInstancesStrategy": "outdated_instances_strategy",
        "deploymentStyle": "deployment_style",
        "blueGreenDeploymentConfiguration": "blue_green_deployment_configuration",
        "loadBalancerInfo": "load_balancer_info",
        "ec2TagSet": "ec2_tag_set",
        "ecsServices": "ecs_services",
        "onPremisesTagSet": "on_premises_tag_set",
        "terminationHookEnabled": "termination_hook_enabled",
    }

    def update_deployment_group(self):
        application = self._get_param("applicationName")
        current = self._get_param("currentDeploymentGroupName")
        groups = self.codedeploy_backend.deployment_groups.get(application, {})
        if current not in groups:
            raise DeploymentGroupDoesNotExistException(f"The deployment group {current} does not exist with the user or AWS account.")
        group = groups[current]
        for key, attribute in fields.items():
            value = self._get_param(key)
            if value is not None:
                setattr(group, attribute, value)
        # moto has no deployment engine: a deployment stays "Created" for ever, so ListDeployments
        # (includeOnlyStatuses, as the serving-bounds function asks it) reported every deployment
        # the harness made as unfinished. The harness plays the engine; the last thing CodeDeploy
        # does in a successful EC2 blue/green deployment is to make its copy the group's fleet.
        serving = {g if isinstance(g, str) else g.get("name") for g in self._get_param("autoScalingGroups") or []}
        for deployment in self.codedeploy_backend.deployments.values():
            if (
                deployment.application_name == application
                and deployment.deployment_group_name == current
                and f"CodeDeploy_{current}_{deployment.deployment_id}" in serving
                and deployment.status in ("Created", "Queued", "InProgress", "Baking", "Ready")
            ):
                deployment.status = "Succeeded"
        new_name = self._get_param("newDeploymentGroupName")
        if new_name and new_name != current:
            group.deployment_group_name = new_name
            groups[new_name] = groups.pop(current)
        return json.dumps({"hooksNotCleanedUp": []})

    responses.CodeDeployResponse.delete_application = delete_application
    responses.CodeDeployResponse.delete_deployment_group = delete_deployment_group
    responses.CodeDeployResponse.update_deployment_group = update_deployment_group



@gap
def ec2_security_group_rule_description():
    """EC2 DescribeSecurityGroupRules: moto drops the description of a rule that references a
    security group or a prefix list (it reads it from CIDR rules only), so every such rule drifts."""
    from moto.ec2.models import security_groups

    rule = security_groups.SecurityGroupRule
    original_init = rule.__init__

    def init(self, *args, **kwargs):
        original_init(self, *args, **kwargs)
        prefix_list = kwargs.get("prefix_list_id") if "prefix_list_id" in kwargs else (args[7] if len(args) > 7 else None)
        self.prefix_list_description = (prefix_list or {}).get("Description")

    def description(self):
        return (
            self.ip_range.get("Description")
            or (self.source_group or {}).get("Description")
            or getattr(self, "prefix_list_description", None)
        )

    rule.__init__ = init
    rule.description = property(description)


@gap
def ec2_launch_template_version_user_data():
    """EC2 CreateLaunchTemplateVersion: moto keeps the new version's UserData as the raw string
    (CreateLaunchTemplate decodes it), and launching from that version then fails an internal
    assertion: every Auto Scaling group created after a launch-template change failed."""
    from moto.ec2.models import launch_templates
    from moto.ec2.utils import parse_user_data

    original = launch_templates.LaunchTemplate.create_version

    def create_version(self, data, *args, **kwargs):
        if isinstance(data.get("UserData"), (str, bytes)):
            data = {**data, "UserData": parse_user_data(data["UserData"])}
        return original(self, data, *args, **kwargs)

    launch_templates.LaunchTemplate.create_version = create_version


@gap
def ec2_launch_template_own_tags():
    """EC2 CreateLaunchTemplate: moto copies the request's TagSpecifications of resource type
    `launch-template` (the tags of the template itself) into the version's LaunchTemplateData,
    where AWS never puts them; DescribeLaunchTemplateVersions then reports a tag specification
    the configuration does not have."""
    from moto.ec2.responses import launch_templates

    original = launch_templates.LaunchTemplates.create_launch_template

    def create_launch_template(self):
        result = original(self)
        template = self.ec2_backend.get_launch_template_by_name(self._get_param("LaunchTemplateName"))
        for version in template.versions:
            specs = version.data.get("TagSpecifications")
            if specs:
                version.data["TagSpecifications"] = [s for s in specs if s.get("ResourceType") != "launch-template"]
        return result

    launch_templates.LaunchTemplates.create_launch_template = create_launch_template


@gap
def lambda_invoke_without_docker():
    """Lambda Invoke: moto runs a function in a Docker container of its runtime, and there is no
    Docker here ("error running docker"), so every aws_lambda_invocation failed. Node.js functions
    run here instead, as the Lambda runtime runs them: the function's zip unpacked, its handler
    called once with the event, the SDK v3 clients the runtime provides taken from this project's
    node_modules, every AWS call going to this emulator. A thrown error is the invocation's
    FunctionError (errorType, errorMessage), as Lambda answers it; the function's timeout holds.
    Any other runtime stays a gap (EmulatorGap)."""
    import subprocess
    import tempfile
    import zipfile

    from moto import settings
    from moto.awslambda import models

    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    runner = (
        "const [file, name] = process.argv.slice(1);"
        "const event = JSON.parse(require('fs').readFileSync(0, 'utf8') || '{}');"
        "Promise.resolve().then(() => require(file)[name](event, {}))"
        ".then((r) => process.stdout.write('\\n' + JSON.stringify(r === undefined ? null : r)))"
        ".catch((e) => { process.stdout.write('\\n' + JSON.stringify({ errorType: (e && e.name) || 'Error', errorMessage: String((e && e.message) || e) })); process.exitCode = 1; });"
    )

    def invoke_lambda(self, event=None):
        if not str(self.run_time).startswith("nodejs"):
            raise NotImplementedError(f"Invoke of a {self.run_time} function (only Node.js functions run without Docker)")
        self.logs_backend.ensure_log_group(self.logs_group_name)
        module, _, name = self.handler.rpartition(".")
        env = {
            "PATH": os.environ.get("PATH", ""),
            "NODE_PATH": os.path.join(root, "node_modules"),
            "NODE_EXTRA_CA_CERTS": os.environ["EMULATOR_CA_FILE"],
            "AWS_ENDPOINT_URL": f"https://127.0.0.1:{settings.moto_server_port()}",
            "AWS_REGION": self.region,
            "AWS_ACCESS_KEY_ID": "emulator",
            "AWS_SECRET_ACCESS_KEY": "emulator",
            "AWS_LAMBDA_FUNCTION_NAME": self.function_name,
            **(self.environment_vars or {}),
        }
        with tempfile.TemporaryDirectory() as task:
            zipfile.ZipFile(io.BytesIO(self.code_bytes)).extractall(task)
            try:
                run = subprocess.run(
                    ["node", "-e", runner, os.path.join(task, module), name],
                    input=json.dumps(event if event is not None else {}),
                    env=env, capture_output=True, text=True, timeout=int(self.timeout), cwd=task,
                )
                printed, _, result = run.stdout.rpartition("\n")
                logs, failed = run.stderr + printed, run.returncode != 0
            except subprocess.TimeoutExpired:
                logs, failed = "", True
                result = json.dumps({"errorType": "Sandbox.Timedout", "errorMessage": f"Task timed out after {self.timeout} seconds"})
        self.save_logs(logs or "(no output)")
        return result, failed, logs

    models.LambdaFunction._invoke_lambda = invoke_lambda


@gap
def lambda_logging_config():
    """Lambda CreateFunction, UpdateFunctionConfiguration and GetFunction: moto drops
    LoggingConfig, so a function's `logging_config` drifted after every apply. Stored and answered
    as Lambda answers it: LogFormat Text and LogGroup /aws/lambda/<function> unless set, and the
    JSON format's ApplicationLogLevel and SystemLogLevel INFO unless set."""
    from moto.awslambda import models

    def logging_config(function, requested):
        config = {"LogFormat": "Text", "LogGroup": f"/aws/lambda/{function.function_name}", **(requested or {})}
        if config["LogFormat"] == "JSON":
            config = {"ApplicationLogLevel": "INFO", "SystemLogLevel": "INFO", **config}
        return config

    original_init = models.LambdaFunction.__init__
    original_get = models.LambdaFunction.get_configuration
    original_update = models.LambdaFunction.update_configuration

    def init(self, account_id, spec, *args, **kwargs):
        original_init(self, account_id, spec, *args, **kwargs)
        self.logging_config = logging_config(self, spec.get("LoggingConfig"))

    def get_configuration(self, *args, **kwargs):
        return {**original_get(self, *args, **kwargs), "LoggingConfig": self.logging_config}

    def update_configuration(self, config_updates):
        if "LoggingConfig" in config_updates:
            self.logging_config = logging_config(self, config_updates["LoggingConfig"])
        return original_update(self, config_updates)

    models.LambdaFunction.__init__ = init
    models.LambdaFunction.get_configuration = get_configuration
    models.LambdaFunction.update_configuration = update_configuration


@gap
def ec2_subnet_ipv6_association_state():
    """EC2 CreateSubnet/DescribeSubnets: a subnet's IPv6 CIDR association state is answered as the
    text of a Python dict ("{'State': 'associated'}"), so the provider finds no associated block
    (data.aws_subnet's ipv6_cidr_block empty) and a dual-stack load balancer's precondition fails.
    AWS answers the state itself: "associated"."""
    from moto.ec2.models import subnets

    def ipv6_cidr_block_association_set(self):
        return [
            {
                "ipv6CidrBlock": association["ipv6CidrBlock"],
                "associationId": association["associationId"],
                "ipv6CidrBlockState": {"state": association["ipv6CidrBlockState"]["State"]},
            }
            for association in self.ipv6_cidr_block_associations.values()
            if association["ipv6CidrBlockState"]["State"] == "associated"
        ]

    subnets.Subnet.ipv6_cidr_block_association_set = property(ipv6_cidr_block_association_set)


@gap
def acm_dns_validation():
    """ACM RequestCertificate with DNS validation (aws_acm_certificate_validation waits for it):
    moto issues an Amazon-issued certificate once 60 s have passed (MOTO_ACM_VALIDATION_WAIT),
    whether its validation record exists or not. AWS issues it once every CNAME that
    DescribeCertificate asks for is published: so does this, looking each record up in the
    emulator's Route 53 zones, and never issues by time alone."""
    from moto import settings
    from moto.acm import models
    from moto.route53.models import route53_backends

    settings.ACM_VALIDATION_WAIT = float("inf")
    original = models.CertBundle.check

    def published(account_id):
        found = set()
        for zone in route53_backends[account_id]["aws"].zones.values():
            for record in zone.rrsets:
                for value in record.records:
                    value = value if isinstance(value, str) else value.get("Value", "")
                    found.add((record.type, record.name.rstrip(".").lower(), value.rstrip(".").lower()))
        return found

    def check(self):
        original(self)
        if self.type != "AMAZON_ISSUED" or self.status != "PENDING_VALIDATION":
            return
        wanted = {
            (o["ResourceRecord"]["Type"], o["ResourceRecord"]["Name"].rstrip(".").lower(), o["ResourceRecord"]["Value"].rstrip(".").lower())
            for o in self.describe()["Certificate"].get("DomainValidationOptions", [])
        }
        if wanted and wanted <= published(self.arn.split(":")[4]):
            self.status = "ISSUED"

    models.CertBundle.check = check


def account_fixture_ids():
    """Not a gap: how the harness creates what an example says already exists in the account
    (its `vpcId`, its `subnetIds`, an egress rule's `securityGroupIds`, a `certificateArn`, a `waf.webAclArn`, a `domain.hostedZoneId`),
    under those IDs. moto names resources with a `_custom_id_` tag for the services that support
    it (moto.utilities.id_generator); EC2 CreateVpc, CreateSubnet and CreateSecurityGroup, ACM ImportCertificate and
    WAFv2 CreateWebACL are given the same here, Route 53 CreateHostedZone (no tags) a
    `_custom_id_:<ID>` CallerReference. The estate never sends either."""
    from moto.ec2.models import security_groups, subnets, vpcs

    def custom_id(tags):
        if isinstance(tags, dict):
            if tags.get("Key") == "_custom_id_":
                return tags.get("Value")
            if "_custom_id_" in tags:
                return tags["_custom_id_"]
            tags = list(tags.values())
        if isinstance(tags, list):
            for item in tags:
                found = custom_id(item)
                if found:
                    return found
        return None

    def named(module, generator, method):
        original = getattr(module.__dict__[method.split(".")[0]], method.split(".")[1])

        def create(self, *args, **kwargs):
            wanted = custom_id(kwargs.get("tags"))
            if not wanted:
                return original(self, *args, **kwargs)
            default = getattr(module, generator)
            setattr(module, generator, lambda: wanted)
            try:
                return original(self, *args, **kwargs)
            finally:
                setattr(module, generator, default)

        setattr(module.__dict__[method.split(".")[0]], method.split(".")[1], create)

    named(vpcs, "random_vpc_id", "VPCBackend.create_vpc")
    named(subnets, "random_subnet_id", "SubnetBackend.create_subnet")
    named(security_groups, "random_security_group_id", "SecurityGroupBackend.create_security_group")

    # ACM ImportCertificate (an existing certificate the context names by ARN): the `_custom_id_`
    # tag is the certificate ID of the ARN; the tag itself is not stored.
    from moto.acm import models as acm

    original_import = acm.AWSCertificateManagerBackend.import_certificate

    def import_certificate(self, certificate, private_key, chain, arn, tags):
        wanted = custom_id(tags)
        if not wanted or arn is not None:
            return original_import(self, certificate, private_key, chain, arn, tags)
        default = acm.make_arn_for_certificate
        acm.make_arn_for_certificate = lambda account_id, region: f"arn:aws:acm:{region}:{account_id}:certificate/{wanted}"
        try:
            return original_import(self, certificate, private_key, chain, None, [t for t in tags if t.get("Key") != "_custom_id_"])
        finally:
            acm.make_arn_for_certificate = default

    acm.AWSCertificateManagerBackend.import_certificate = import_certificate

    # WAFv2 CreateWebACL (a shared web ACL the context names by ARN: .../webacl/<name>/<id>): the
    # `_custom_id_` tag is the ID; the tag itself is not stored.
    from moto.wafv2 import models as wafv2

    original_web_acl = wafv2.WAFV2Backend.create_web_acl

    def create_web_acl(self, name, visibility_config, default_action, scope, description, tags, *args, **kwargs):
        wanted = custom_id(tags)
        if not wanted:
            return original_web_acl(self, name, visibility_config, default_action, scope, description, tags, *args, **kwargs)
        self._generate_id = lambda: wanted
        try:
            return original_web_acl(self, name, visibility_config, default_action, scope, description, [t for t in tags if t.get("Key") != "_custom_id_"], *args, **kwargs)
        finally:
            del self._generate_id

    wafv2.WAFV2Backend.create_web_acl = create_web_acl

    # Route 53 CreateHostedZone (a zone the context names by ID) takes no tags: a CallerReference
    # `_custom_id_:<zone ID>` gives the ID, through moto's own custom-ID registry.
    from moto.route53 import models as route53
    from moto.utilities.id_generator import moto_id_manager

    original_zone = route53.Route53Backend.create_hosted_zone

    def create_hosted_zone(self, name, private_zone, caller_reference=None, vpcid=None, vpcregion=None, comment=None, delegation_set_id=None):
        if not (caller_reference or "").startswith("_custom_id_:"):
            return original_zone(self, name, private_zone, caller_reference, vpcid, vpcregion, comment, delegation_set_id)
        identifier = route53.HostedZoneIdentifier(self.account_id, name, delegation_set_id)
        moto_id_manager.set_custom_id(identifier, caller_reference.split(":", 1)[1])
        try:
            return original_zone(self, name, private_zone, caller_reference, vpcid, vpcregion, comment, delegation_set_id)
        finally:
            moto_id_manager.unset_custom_id(identifier)

    route53.Route53Backend.create_hosted_zone = create_hosted_zone


account_fixture_ids()


ISO_TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})?$")
# JSON protocol services whose responses moto writes with ISO-8601 strings where AWS (and the
# SDKs the provider uses) send epoch seconds.
EPOCH_TIMESTAMP_TARGETS = ("CodeDeploy_20141006.", "CodeCommit_20150413.", "CodePipeline_20150709.")
GAPS.append("codedeploy_codecommit_codepipeline_timestamps")


def to_epoch(value):
    if isinstance(value, dict):
        return {key: to_epoch(item) for key, item in value.items()}
    if isinstance(value, list):
        return [to_epoch(item) for item in value]
    if isinstance(value, str) and ISO_TIMESTAMP.match(value):
        parsed = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=datetime.timezone.utc)
        return parsed.timestamp()
    return value


def answered(app, environ):
    """`app`'s whole answer to a request, for a middleware that rewrites or keeps it: (status, headers, body)."""
    captured = {}

    def capture(status, headers, exc_info=None):
        captured["status"], captured["headers"] = status, headers
        return lambda data: None

    body = b"".join(app(environ, capture))
    return captured["status"], captured["headers"], body


def respond(start_response, status, headers, body):
    """Sends an answer whose body may have been rewritten: its Content-Length is the body's."""
    start_response(status, [(k, v) for k, v in headers if k.lower() != "content-length"] + [("Content-Length", str(len(body)))])
    return [body]


class EpochTimestamps:
    """CodeDeploy, CodeCommit and CodePipeline (Get*/List*/Create* responses): timestamps as
    epoch seconds, as AWS sends them; the provider rejects moto's ISO-8601 strings."""

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        if not environ.get("HTTP_X_AMZ_TARGET", "").startswith(EPOCH_TIMESTAMP_TARGETS):
            return self.app(environ, start_response)
        status, headers, body = answered(self.app, environ)
        try:
            body = json.dumps(to_epoch(json.loads(body))).encode()
        except ValueError:
            pass
        return respond(start_response, status, headers, body)


class FailFast:
    """An operation moto does not implement raises NotImplementedError (werkzeug answers 500), and
    a moto bug raises or answers 500: the provider retries a 500 for minutes. Answer 400
    `EmulatorGap` naming the operation instead, so an uncovered gap fails the run at once."""

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        # The request body, kept to name a Query-protocol operation (its Action= field) on failure.
        # (A chunked body, which has no length, is left to moto untouched.)
        request = b""
        if environ.get("CONTENT_LENGTH"):
            request = environ["wsgi.input"].read(int(environ["CONTENT_LENGTH"]))
            environ["wsgi.input"] = io.BytesIO(request)
        try:
            status, headers, body = answered(self.app, environ)
        except Exception as error:  # noqa: BLE001 - every uncaught error is reported as a gap
            traceback.print_exc()
            status, headers, body = "500 Internal Server Error", [], f"{type(error).__name__}: {error}".encode()
        if status.startswith("500"):
            last = [line for line in body.decode(errors="replace").splitlines() if line.strip()][-1:] or ["500"]
            action = re.search(rb"(?:^|&)Action=(\w+)", request)
            operation = (
                environ.get("HTTP_X_AMZ_TARGET")
                or (action and action.group(1).decode())
                or f"{environ.get('REQUEST_METHOD')} {environ.get('PATH_INFO')}"
            )
            body = json.dumps({"__type": "EmulatorGap", "message": f"{operation}: {last[0]}"}).encode()
            status = "400 Bad Request"
            headers = [("Content-Type", "application/x-amz-json-1.1"), ("x-amzn-ErrorType", "EmulatorGap")]
            print(f"EMULATOR GAP {body.decode()}", file=sys.stderr, flush=True)
        return respond(start_response, status, headers, body)


GAPS.append("concurrent_requests_race")


class OneRequestAtATime:
    """Any API, concurrently (the provider sends up to ten requests at once): moto's models are
    not thread-safe. Two RevokeSecurityGroupIngress calls on one group each rebuild its rule list
    from what they read, so one undoes the other (seen: "InvalidPermission.NotFound" for a rule
    the state still had, in a destroy). AWS applies each request atomically; so does this, one
    request at a time. Lambda Invoke is the exception: the function it runs calls back into
    this emulator, and its own calls take their turn."""

    INVOKE = re.compile(r"^/[0-9-]+/functions/[^/]+/invocations$")

    def __init__(self, app):
        import threading

        self.app = app
        self.lock = threading.Lock()

    def __call__(self, environ, start_response):
        if self.INVOKE.match(environ.get("PATH_INFO", "")):
            return self.app(environ, start_response)
        # The body is read before the turn is taken: a client slow to send it must not hold up
        # every other one (one that sent 10 of 1,000 bytes froze the emulator for 120 s).
        if environ.get("CONTENT_LENGTH"):
            environ["wsgi.input"] = io.BytesIO(environ["wsgi.input"].read(int(environ["CONTENT_LENGTH"])))
        with self.lock:
            return list(self.app(environ, start_response))


GAPS.append("lost_responses_retried")


class AnswerRetriesOnce:
    """Any API, retried by the client: werkzeug's server closes the connection after every
    response, and now and then the client never reads the answer; the AWS SDK then sends the
    same call again (same `amz-sdk-invocation-id`, `amz-sdk-request: attempt=2`), about 2 in
    1,000 calls in a run (measured with a request trace, all four default-size stacks). For a
    mutating call the retry ran it twice: IAM `CreateInstanceProfile` 409, CodeDeploy
    `DeploymentGroupAlreadyExistsException`, EC2 revoke `InvalidPermission.NotFound`, failures
    AWS would not give, since AWS's answer reaches the client. A retry of a call already answered
    gets that answer again, as the client should have read it (logged: EMULATOR RETRY). A call
    the provider sends twice on purpose carries a new invocation ID and runs again."""

    KEEP = 2000

    def __init__(self, app):
        import collections

        self.app = app
        self.answers = collections.OrderedDict()

    def __call__(self, environ, start_response):
        invocation = environ.get("HTTP_AMZ_SDK_INVOCATION_ID")
        if not invocation:
            return self.app(environ, start_response)
        attempt = re.search(r"attempt=(\d+)", environ.get("HTTP_AMZ_SDK_REQUEST", ""))
        if attempt and int(attempt.group(1)) > 1 and invocation in self.answers:
            status, headers, body = self.answers[invocation]
            operation = environ.get("HTTP_X_AMZ_TARGET") or f"{environ.get('REQUEST_METHOD')} {environ.get('PATH_INFO')}"
            print(f"EMULATOR RETRY {operation} {invocation} answered as its first attempt ({status})", file=sys.stderr, flush=True)
            return respond(start_response, status, headers, body)
        status, headers, body = answered(self.app, environ)
        # Answers the SDK retries for their own sake (throttling, 5xx) are not kept: their retry
        # must run again.
        if not status.startswith(("429", "5")):
            self.answers[invocation] = (status, headers, body)
        while len(self.answers) > self.KEEP:
            self.answers.popitem(last=False)
        return respond(start_response, status, headers, body)


def certificate(state_dir):
    """A self-signed certificate for 127.0.0.1; clients trust it through AWS_CA_BUNDLE."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID
    import ipaddress

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1")), x509.DNSName("localhost")]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_file = os.path.join(state_dir, "emulator-ca.pem")
    key_file = os.path.join(state_dir, "emulator-key.pem")
    with open(cert_file, "wb") as handle:
        handle.write(cert.public_bytes(serialization.Encoding.PEM))
    with open(key_file, "wb") as handle:
        handle.write(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    return cert_file, key_file


class LazyHandshake(ssl.SSLContext):
    """The TLS handshake in each connection's own thread, not in the accepting one: werkzeug
    wraps the listening socket, so by default one client that never finishes its handshake (a
    provider killed mid-connect) blocks every later connection."""

    def wrap_socket(self, sock, *args, **kwargs):
        kwargs["do_handshake_on_connect"] = False
        return super().wrap_socket(sock, *args, **kwargs)


def tls_context(cert_file, key_file):
    context = LazyHandshake(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_file, key_file)
    return context


class Handler(WSGIRequestHandler):
    # A connection idle this long is dropped, so no thread waits forever on a dead client.
    timeout = 120


def backend_names_once():
    """Not a gap, the emulator's cost: moto names the backend of every request by listing its
    package folder and testing each of its ~200 entries for being a folder
    (`list_of_moto_modules`), inside the dispatcher's lock: a third of the busy samples of a
    sampled profile of webapp-staging's suite. The folder does not change while it runs: listed
    once."""
    from moto import backends

    names = tuple(backends.list_of_moto_modules())
    backends.list_of_moto_modules = lambda: names


backend_names_once()


class HarnessCalls:
    """Not an AWS API: the test harness's own AWS calls (emulator.ts `awsCalls`), a batch per
    request, run here with boto3 (the library under the AWS CLI, already loaded by moto) and sent
    to this emulator over HTTPS like any client's, so they take the same path, gaps and turn
    (OneRequestAtATime) as the provider's requests. A process per batch cost ~1 CPU-s (an
    interpreter, boto3, its service models); here a batch costs what its calls cost.

    POST /_harness/calls {"region": region, "calls": [[service, Operation, {params}], ...]}:
    200 and the answers, a JSON list in the calls' order, each paginated as the AWS CLI
    paginates; the first failing call ends the batch: 400 naming the call and the error."""

    PATH = "/_harness/calls"

    def __init__(self, app, url, ca_file):
        self.app, self.url, self.ca_file = app, url, ca_file
        self.clients = {}

    def client(self, service, region):
        from botocore.config import Config

        key = (service, region)
        if key not in self.clients:
            self.clients[key] = harness_session().client(
                service, region_name=region, endpoint_url=self.url, verify=self.ca_file,
                aws_access_key_id="emulator", aws_secret_access_key="emulator",
                config=Config(retries={"max_attempts": 1}),
            )
        return self.clients[key]

    def answer(self, service, region, operation, params):
        from botocore import xform_name

        client, name = self.client(service, region), xform_name(operation)
        if client.can_paginate(name):
            return client.get_paginator(name).paginate(**params).build_full_result()
        result = getattr(client, name)(**params)
        result.pop("ResponseMetadata", None)
        return result

    def __call__(self, environ, start_response):
        if environ.get("PATH_INFO") != self.PATH or environ.get("REQUEST_METHOD") != "POST":
            return self.app(environ, start_response)
        answers = []
        status = "200 OK"
        try:
            request = json.loads(environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0)))
            calls, region = request["calls"], request["region"]
            if not isinstance(calls, list) or not all(isinstance(c, list) and len(c) == 3 for c in calls):
                raise ValueError("calls: a list of [service, Operation, {params}]")
        except (ValueError, KeyError, TypeError) as error:
            body = f"a batch is {{\"region\": region, \"calls\": [[service, Operation, {{params}}], ...]}}: {type(error).__name__}: {error}".encode()
            start_response("400 Bad Request", [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))])
            return [body]
        for service, operation, params in calls:
            try:
                answers.append(self.answer(service, region, operation, params))
            except Exception as error:  # noqa: BLE001 - reported with the call that failed
                status, answers = "400 Bad Request", f"{service} {operation} {json.dumps(params)}: {type(error).__name__}: {error}"
                break
        body = json.dumps(answers, default=lambda v: v.isoformat() if isinstance(v, datetime.datetime) else str(v)).encode()
        start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
        return [body]


@functools.cache
def harness_session():
    """One boto3 session per process: its service models are loaded once (in the factory, for
    every emulator it forks)."""
    import boto3

    return boto3.session.Session()


def application():
    """The emulator's WSGI application: moto's dispatcher behind the gap middlewares."""
    dispatcher = DomainDispatcherApplication(create_backend_app)
    return dispatcher, OneRequestAtATime(AnswerRetriesOnce(FailFast(EpochTimestamps(dispatcher))))


def serve(port, state_dir, app):
    """Serves `app` on https://127.0.0.1:<port> until killed; its certificate and key in `state_dir`."""
    os.environ["MOTO_PORT"] = str(port)
    cert_file, key_file = certificate(state_dir)
    os.environ["EMULATOR_CA_FILE"] = cert_file
    url = f"https://127.0.0.1:{port}"
    print(f"ready {url} gaps={','.join(GAPS)}", flush=True)
    run_simple("127.0.0.1", port, HarnessCalls(app, url, cert_file), threaded=True, ssl_context=tls_context(cert_file, key_file), request_handler=Handler)


# moto's backend names where they differ from the provider's endpoint keys (emulator.ts EMULATED_SERVICES).
MOTO_BACKENDS = {"lambda": "awslambda"}


def factory(socket_path, services):
    """A fork server (`emulator.py --factory <socket> <service,...>`): loads moto, its gaps, each
    named service's backend and application and boto3's models for them once, then forks a fresh
    emulator per request. Each emulator is a private copy of this process, so it starts with
    nothing of another's state; it no longer spends ~5 CPU-s importing what every emulator
    imports. Request (one line on the unix socket): `<port> <state-dir>`; answer: the emulator's
    process ID, or `error <reason>`. An emulator's output goes to <state-dir>/emulator.log. Ends, stopping every
    emulator it started, when its stdin closes; an emulator also ends with it (PR_SET_PDEATHSIG).
    A request it cannot serve (malformed, a state folder that does not exist) is answered
    `error <reason>`, and it goes on."""
    import contextlib
    import ctypes
    import select
    import signal
    import socket

    from moto import backend_index

    known = {name for name, _ in backend_index.backend_url_patterns}
    dispatcher, app = application()
    session = harness_session()
    for service in services:
        backend = MOTO_BACKENDS.get(service, service)
        if backend in known:
            dispatcher.app_instances[backend] = create_backend_app(backend)
        try:
            session.client(service, region_name="us-east-1", endpoint_url="https://127.0.0.1:1", aws_access_key_id="x", aws_secret_access_key="x")
        except Exception:  # noqa: BLE001 - a name boto3 does not know is loaded when first used, if ever
            pass
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(socket_path)
    listener.listen(16)
    children = set()
    print(f"factory {socket_path}", flush=True)
    while True:
        for pid in list(children):
            if os.waitpid(pid, os.WNOHANG)[0] == pid:
                children.discard(pid)
        readable, _, _ = select.select([listener, sys.stdin], [], [], 1.0)
        if sys.stdin in readable and not os.read(sys.stdin.fileno(), 4096):
            break
        if listener not in readable:
            continue
        connection, _ = listener.accept()
        with connection, connection.makefile("r") as request:
            # A request it cannot serve is answered with its reason; the factory goes on.
            try:
                port, state_dir = request.readline().split(maxsplit=1)
                port, state_dir = int(port), state_dir.strip()
                if not os.path.isdir(state_dir):
                    raise ValueError(f"the state folder {state_dir} does not exist")
            except ValueError as error:
                with contextlib.suppress(OSError):  # a client gone before its answer
                    connection.sendall(f"error {error}\n".encode())
                continue
            pid = os.fork()
            if pid == 0:
                # The client waits for the connection's end: only the factory holds it open.
                request.close()
                connection.close()
                listener.close()
                if sys.platform.startswith("linux"):
                    ctypes.CDLL(None).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG: end with the factory
                log = os.open(os.path.join(state_dir, "emulator.log"), os.O_WRONLY | os.O_CREAT | os.O_APPEND)
                null = os.open(os.devnull, os.O_RDONLY)
                os.dup2(null, 0)
                os.dup2(log, 1)
                os.dup2(log, 2)
                sys.stdin = open(os.devnull)
                code = 0
                try:
                    serve(port, state_dir, app)
                except BaseException:  # noqa: BLE001 - the child never returns into the factory's loop
                    traceback.print_exc()
                    code = 1
                finally:
                    sys.stdout.flush()
                    sys.stderr.flush()
                    os._exit(code)
            children.add(pid)
            with contextlib.suppress(OSError):  # a client gone before its answer: the emulator is stopped with the rest
                connection.sendall(f"{pid}\n".encode())
                connection.shutdown(socket.SHUT_RDWR)
    for pid in children:
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            pass


def main():
    if sys.argv[1] == "--factory":
        factory(sys.argv[2], [s for s in sys.argv[3].split(",") if s])
        return
    serve(int(sys.argv[1]), sys.argv[2], application()[1])


if __name__ == "__main__":
    main()
