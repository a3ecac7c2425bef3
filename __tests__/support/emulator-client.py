"""AWS API calls of the `npm run test:apply` harness against the emulator, several per process.

The AWS CLI starts a Python interpreter and loads botocore for every call (about 1.5 CPU-s
each); the harness makes dozens per stack. This runs a batch of calls in one process, through
boto3 (the library under the AWS CLI), paginating as the CLI does.

stdin: {"endpoint": url, "region": region, "calls": [[service, Operation, {params}], ...]}
stdout: the answers, a JSON list in the calls' order. The first failing call ends the batch:
exit 1, naming the call and the error on stderr.
"""

import datetime
import json
import sys

import boto3
from botocore import xform_name
from botocore.config import Config


def answer(client, operation, params):
    name = xform_name(operation)
    if client.can_paginate(name):
        return client.get_paginator(name).paginate(**params).build_full_result()
    result = getattr(client, name)(**params)
    result.pop("ResponseMetadata", None)
    return result


def main():
    request = json.load(sys.stdin)
    session = boto3.session.Session(region_name=request["region"])
    config = Config(retries={"max_attempts": 1})
    clients = {}
    answers = []
    for service, operation, params in request["calls"]:
        if service not in clients:
            clients[service] = session.client(service, endpoint_url=request["endpoint"], config=config)
        try:
            answers.append(answer(clients[service], operation, params))
        except Exception as error:  # noqa: BLE001 - reported with the call that failed
            print(f"{service} {operation} {json.dumps(params)}: {type(error).__name__}: {error}", file=sys.stderr)
            sys.exit(1)
    json.dump(answers, sys.stdout, default=lambda v: v.isoformat() if isinstance(v, datetime.datetime) else str(v))


if __name__ == "__main__":
    main()
