"""End-to-end tests of association runs and their history through the real `aws` CLI.

The server's URL comes from the environment variable STEWARD_ENDPOINT. The simulated nodes
the runs need are registered through Steward's control API (SigV4-signed with botocore, which
the CLI ships with), and the waits for runs to settle poll with boto3; everything under test
goes through `aws ssm ... --endpoint-url $STEWARD_ENDPOINT --output json`, with credentials of
a fresh account (a random 12-digit access key id) and no config files. Every CLI call starts a
Python interpreter (about half a second), so the calls are few: about fifteen in all.

    STEWARD_ENDPOINT=http://127.0.0.1:4583 python3 -m unittest -v src/test/python/test_executions_cli.py
"""

import datetime
import json
import os
import random
import shutil
import subprocess
import sys
import time
import unittest
import urllib.error
import urllib.request
import uuid

import boto3
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.config import Config
from botocore.credentials import Credentials

REGION = "us-east-1"
CALL_TIMEOUT_SECONDS = 60
SETTLE_SECONDS = 60
UNFINISHED = ("Pending", "InProgress")
_random = random.SystemRandom()


def endpoint():
    url = os.environ.get("STEWARD_ENDPOINT")
    if not url:
        raise RuntimeError("set STEWARD_ENDPOINT to the URL of a running Steward, e.g. http://127.0.0.1:4583")
    return url.rstrip("/")


def fresh_account_key():
    """A random 12-digit access key id: Steward makes it an account of its own."""
    while True:
        key = str(_random.randrange(100_000_000_000, 1_000_000_000_000))
        if key != "111122223333":
            return key


def aws_command():
    found = shutil.which("aws")
    return [found] if found else [sys.executable, "-m", "awscli"]


def cli_environment(access_key):
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    missing = os.path.join(os.path.dirname(os.path.abspath(__file__)), "no-such-aws-config")
    env.update({
        "AWS_ACCESS_KEY_ID": access_key,
        "AWS_SECRET_ACCESS_KEY": "test",
        "AWS_DEFAULT_REGION": REGION,
        "AWS_CONFIG_FILE": missing,
        "AWS_SHARED_CREDENTIALS_FILE": missing,
        "AWS_EC2_METADATA_DISABLED": "true",
        "AWS_RETRY_MODE": "standard",
        "AWS_MAX_ATTEMPTS": "1",
    })
    return env


def register_node(access_key, group, status, duration_millis=0):
    """POST /_steward/nodes, signed for service "ssm" as the account; returns the node's InstanceId."""
    url = endpoint() + "/_steward/nodes"
    data = json.dumps({"Tags": [{"Key": "group", "Value": group}],
                       "Behavior": {"Status": status, "DurationMillis": duration_millis}}).encode("utf-8")
    signed = AWSRequest(method="POST", url=url, data=data, headers={"Content-Type": "application/json"})
    SigV4Auth(Credentials(access_key, "test"), "ssm", REGION).add_auth(signed)
    request = urllib.request.Request(url, data=data, method="POST", headers=dict(signed.headers.items()))
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read().decode("utf-8"))["InstanceId"]
    except urllib.error.HTTPError as e:
        raise AssertionError("registering a node failed: %d %s" % (e.code, e.read().decode("utf-8", "replace")))


def millis(when):
    return round(when.timestamp() * 1000)


def iso_millis(when):
    ms = millis(when)
    utc = datetime.datetime.fromtimestamp(ms // 1000, datetime.timezone.utc)
    return utc.strftime("%Y-%m-%dT%H:%M:%S") + ".%03dZ" % (ms % 1000)


class CliResult:
    def __init__(self, args, completed):
        self.args = args
        self.returncode = completed.returncode
        self.stdout = completed.stdout
        self.stderr = completed.stderr

    def json(self):
        return json.loads(self.stdout) if self.stdout.strip() else {}

    def __str__(self):
        return "aws %s\nexit %d\nstdout: %s\nstderr: %s" % (
            " ".join(self.args), self.returncode, self.stdout, self.stderr)


class ExecutionsCliTest(unittest.TestCase):
    """One fresh account with two nodes and one association with five runs, read back through the CLI."""

    maxDiff = None

    @classmethod
    def run_aws(cls, *args):
        completed = subprocess.run(cls.base + list(args), env=cls.env, capture_output=True, text=True,
                                   timeout=CALL_TIMEOUT_SECONDS, stdin=subprocess.DEVNULL)
        return CliResult(args, completed)

    @classmethod
    def aws_ok(cls, *args):
        result = cls.run_aws(*args)
        if result.returncode != 0:
            raise AssertionError(str(result))
        return result.json()

    @classmethod
    def await_runs(cls, count, association_id=None):
        """Waits until the association (the class's one unless named) has at least `count` runs, all finished."""
        deadline = time.monotonic() + SETTLE_SECONDS
        while True:
            runs = [e for page in cls.ssm.get_paginator("describe_association_executions").paginate(
                AssociationId=association_id or cls.association_id) for e in page["AssociationExecutions"]]
            if len(runs) >= count and not any(r["Status"] in UNFINISHED for r in runs):
                return runs
            if time.monotonic() > deadline:
                raise AssertionError("runs did not settle: %s" % runs)
            time.sleep(0.05)

    @classmethod
    def setUpClass(cls):
        cls.key = fresh_account_key()
        cls.env = cli_environment(cls.key)
        cls.base = aws_command() + ["--endpoint-url", endpoint(), "--output", "json"]
        cls.ssm = boto3.client("ssm", endpoint_url=endpoint(), region_name=REGION, aws_access_key_id=cls.key,
                               aws_secret_access_key="test",
                               config=Config(retries={"max_attempts": 1, "mode": "standard"}))
        cls.group = "cli-" + uuid.uuid4().hex[:10]
        cls.ok = register_node(cls.key, cls.group, "Success")
        created = cls.aws_ok("ssm", "create-association", "--name", "AWS-RunShellScript",
                             "--targets", "Key=tag:group,Values=%s" % cls.group,
                             "--parameters", "commands=echo hi")["AssociationDescription"]
        cls.association_id = created["AssociationId"]
        cls.await_runs(1)  # Success, on the one node
        cls.failing = register_node(cls.key, cls.group, "Failed")
        cls.await_runs(2)  # Failed, on the late node alone
        cls.started = cls.aws_ok("ssm", "start-associations-once", "--association-ids",
                                 cls.association_id, cls.association_id, cls.association_id)
        cls.history = cls.await_runs(5)

    def aws(self, *args):
        """Runs `aws ARGS` that must succeed, and returns its JSON output."""
        result = self.run_aws(*args)
        self.assertEqual(0, result.returncode, str(result))
        return result.json()

    def aws_fails(self, code, *args):
        """Runs `aws ARGS` that must fail with the AWS error code, and returns its stderr."""
        result = self.run_aws(*args)
        self.assertNotEqual(0, result.returncode, str(result))
        self.assertIn("An error occurred (%s)" % code, result.stderr, str(result))
        self.assertEqual("", result.stdout.strip(), str(result))
        return result.stderr

    def history_ids(self, predicate=lambda e: True):
        return [e["ExecutionId"] for e in self.history if predicate(e)]

    def describe_executions(self, *options):
        return self.aws("ssm", "describe-association-executions", "--association-id", self.association_id, *options)

    def test_start_associations_once_ran_each_id(self):
        self.assertEqual({}, self.started)
        self.assertEqual(5, len(self.history), "one run per id given, after the two of setting up")
        self.assertEqual(["{Failed=1}", "{Success=1}"], [e["ResourceCountByStatus"] for e in self.history[-2:]])
        self.assertEqual("{Failed=1, Success=1}", self.history[0]["ResourceCountByStatus"])

    def test_describe_association_executions_lists_every_run_newest_first(self):
        listed = self.describe_executions()
        self.assertNotIn("NextToken", listed)
        runs = listed["AssociationExecutions"]
        self.assertEqual(self.history_ids(), [e["ExecutionId"] for e in runs])
        for run, known in zip(runs, self.history):
            self.assertEqual(self.association_id, run["AssociationId"])
            self.assertEqual("1", run["AssociationVersion"])
            self.assertEqual(known["Status"], run["Status"])
            self.assertEqual(known["DetailedStatus"], run["DetailedStatus"])
            self.assertEqual(known["ResourceCountByStatus"], run["ResourceCountByStatus"])
            # awscli v1 prints the wire value: epoch seconds with milliseconds.
            self.assertEqual(millis(known["CreatedTime"]), round(float(run["CreatedTime"]) * 1000))
            self.assertEqual(millis(known["LastExecutionDate"]), round(float(run["LastExecutionDate"]) * 1000))

    def test_page_size_pages_through_every_run_once(self):
        everything = self.describe_executions("--page-size", "2")
        self.assertEqual(self.history_ids(), [e["ExecutionId"] for e in everything["AssociationExecutions"]])
        self.assertNotIn("NextToken", everything)

    def test_max_items_resumes_with_starting_token(self):
        first = self.describe_executions("--max-items", "3", "--page-size", "2")
        self.assertEqual(self.history_ids()[:3], [e["ExecutionId"] for e in first["AssociationExecutions"]])
        self.assertIn("NextToken", first)
        rest = self.describe_executions("--max-items", "3", "--page-size", "2", "--starting-token", first["NextToken"])
        self.assertEqual(self.history_ids()[3:], [e["ExecutionId"] for e in rest["AssociationExecutions"]])
        self.assertNotIn("NextToken", rest)

    def test_status_filter(self):
        failed = self.describe_executions("--filters", "Key=Status,Value=Failed,Type=EQUAL")
        self.assertEqual(self.history_ids(lambda e: e["Status"] == "Failed"),
                         [e["ExecutionId"] for e in failed["AssociationExecutions"]])
        self.assertGreaterEqual(len(failed["AssociationExecutions"]), 2)
        self.assertTrue(all(e["Status"] == "Failed" for e in failed["AssociationExecutions"]))

    def test_created_time_filter(self):
        middle = self.history[2]
        before = self.describe_executions(
            "--filters", "Key=CreatedTime,Value=%s,Type=LESS_THAN" % iso_millis(middle["CreatedTime"]))
        self.assertEqual(self.history_ids(lambda e: millis(e["CreatedTime"]) < millis(middle["CreatedTime"])),
                         [e["ExecutionId"] for e in before["AssociationExecutions"]])
        self.assertIn(self.history[-1]["ExecutionId"], [e["ExecutionId"] for e in before["AssociationExecutions"]])

    def test_describe_association_execution_targets(self):
        newest = self.history[0]["ExecutionId"]
        targets = self.aws("ssm", "describe-association-execution-targets", "--association-id", self.association_id,
                           "--execution-id", newest)
        self.assertNotIn("NextToken", targets)
        targets = targets["AssociationExecutionTargets"]
        self.assertEqual({self.ok: "Success", self.failing: "Failed"}, {t["ResourceId"]: t["Status"] for t in targets})
        self.assertEqual(2, len(targets), "every target once")
        for target in targets:
            self.assertEqual(self.association_id, target["AssociationId"])
            self.assertEqual(newest, target["ExecutionId"])
            self.assertEqual("1", target["AssociationVersion"])
            self.assertEqual("ManagedInstance", target["ResourceType"])
            self.assertEqual("RunCommand", target["OutputSource"]["OutputSourceType"])
            self.assertEqual(36, len(target["OutputSource"]["OutputSourceId"]))

        only_failed = self.aws("ssm", "describe-association-execution-targets", "--association-id", self.association_id,
                               "--execution-id", newest, "--filters", "Key=Status,Value=Failed")
        self.assertEqual([self.failing], [t["ResourceId"] for t in only_failed["AssociationExecutionTargets"]])

    def test_errors(self):
        unknown = str(uuid.uuid4())
        stderr = self.aws_fails("AssociationDoesNotExist", "ssm", "describe-association-executions",
                                "--association-id", unknown)
        self.assertIn("DescribeAssociationExecutions", stderr)
        self.aws_fails("AssociationExecutionDoesNotExist", "ssm", "describe-association-execution-targets",
                       "--association-id", self.association_id, "--execution-id", unknown)

        # A refused start-associations-once starts nothing. Its own association, so the class's
        # history stays as the other tests know it.
        own = self.aws("ssm", "create-association", "--name", "AWS-RunShellScript",
                       "--targets", "Key=tag:group,Values=%s" % self.group,
                       "--parameters", "commands=echo own")["AssociationDescription"]["AssociationId"]
        self.assertEqual(1, len(self.await_runs(1, own)), "the run at creation")
        self.aws_fails("AssociationDoesNotExist", "ssm", "start-associations-once",
                       "--association-ids", own, unknown)
        self.aws_fails("AssociationDoesNotExist", "ssm", "start-associations-once",
                       "--association-ids", self.association_id, unknown)
        # The positive event that must come after anything the refused calls started: a later,
        # accepted start and its run. Only then is the absence of other runs worth asserting.
        self.assertEqual({}, self.aws("ssm", "start-associations-once", "--association-ids", own))
        runs = self.await_runs(2, own)
        self.assertEqual(2, len(runs), "the run at creation and the accepted start's, none from the refused one")
        self.assertEqual(self.history_ids(), [e["ExecutionId"] for e in self.await_runs(5)],
                         "the refused start-associations-once started nothing")


if __name__ == "__main__":
    unittest.main()
