"""End-to-end tests of Run Command through boto3, with its command_executed waiter.

Each test works in a fresh account (a random 12-digit access key id) with simulated nodes it
registers through Steward's control API; a node's Behavior says how its commands end and what
they print. Run on its own with:

    STEWARD_ENDPOINT=http://127.0.0.1:4583 python3 -m unittest -v src/test/python/test_commands_boto3.py
"""

import datetime
import os
import sys
import time
import unittest
import uuid

from botocore.exceptions import ClientError, WaiterError

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_executions_boto3 import Control, client, fresh_account_key

SETTLE_SECONDS = 60
FAST_WAITER = {"Delay": 1, "MaxAttempts": 60}


class Account:
    def __init__(self):
        self.key = fresh_account_key()
        self.ssm = client(self.key)
        self.control = Control(self.key)
        self.group = "g-" + uuid.uuid4().hex[:10]

    def node(self, status="Success", duration_millis=0, **behavior):
        body = {"Status": status, "DurationMillis": duration_millis}
        body.update(behavior)
        node = self.control.call("POST", "/_steward/nodes", {"Tags": [{"Key": "group", "Value": self.group}],
                                                             "Behavior": body})
        return node["InstanceId"]

    def send(self, **extra):
        request = {"DocumentName": "AWS-RunShellScript", "Parameters": {"commands": ["echo hello"]}}
        request.update(extra)
        return self.ssm.send_command(**request)["Command"]

    def await_command(self, command_id):
        deadline = time.monotonic() + SETTLE_SECONDS
        while True:
            command = self.ssm.list_commands(CommandId=command_id)["Commands"][0]
            if command["Status"] not in ("Pending", "InProgress", "Cancelling"):
                return command
            if time.monotonic() > deadline:
                raise AssertionError("command did not end: %s" % command)
            time.sleep(0.05)

    def await_invocation(self, command_id, instance_id, statuses):
        deadline = time.monotonic() + SETTLE_SECONDS
        while True:
            got = self.ssm.get_command_invocation(CommandId=command_id, InstanceId=instance_id)
            if got["Status"] in statuses:
                return got
            if time.monotonic() > deadline:
                raise AssertionError("invocation never reached %s: %s" % (statuses, got))
            time.sleep(0.05)


class CommandsBoto3Test(unittest.TestCase):
    maxDiff = None

    def assertError(self, code, call, **kwargs):
        with self.assertRaises(ClientError) as caught:
            call(**kwargs)
        self.assertEqual(code, caught.exception.response["Error"]["Code"], caught.exception.response)
        self.assertTrue(caught.exception.response["Error"]["Message"])

    def test_waiter_works_at_once_and_output_reads_back(self):
        a = Account()
        node = a.node(duration_millis=300, Stdout="hello from boto3\n", Stderr="careful\n")
        command = a.send(InstanceIds=[node], Comment="boto3")
        # No InvocationDoesNotExist first: the invocation exists when SendCommand answers.
        a.ssm.get_command_invocation(CommandId=command["CommandId"], InstanceId=node)
        a.ssm.get_waiter("command_executed").wait(CommandId=command["CommandId"], InstanceId=node,
                                                  WaiterConfig=FAST_WAITER)
        got = a.ssm.get_command_invocation(CommandId=command["CommandId"], InstanceId=node)
        self.assertEqual("Success", got["Status"])
        self.assertEqual(0, got["ResponseCode"])
        self.assertEqual("hello from boto3\n", got["StandardOutputContent"])
        self.assertEqual("careful\n", got["StandardErrorContent"])
        self.assertEqual("boto3", got["Comment"])
        listed = a.await_command(command["CommandId"])
        self.assertEqual(("Success", "Success", 1, 1, 0), (listed["Status"], listed["StatusDetails"],
                                                             listed["TargetCount"], listed["CompletedCount"],
                                                             listed["ErrorCount"]))
        self.assertIsInstance(listed["RequestedDateTime"], datetime.datetime)
        detailed = a.ssm.list_command_invocations(CommandId=command["CommandId"], Details=True)["CommandInvocations"]
        self.assertEqual("aws:runShellScript", detailed[0]["CommandPlugins"][0]["Name"])
        self.assertIn("hello from boto3", detailed[0]["CommandPlugins"][0]["Output"])

    def test_waiter_fails_for_a_failed_node(self):
        a = Account()
        node = a.node("Failed", ExitCode=2, Stderr="no such file\n")
        command = a.send(InstanceIds=[node])
        with self.assertRaises(WaiterError):
            a.ssm.get_waiter("command_executed").wait(CommandId=command["CommandId"], InstanceId=node,
                                                      WaiterConfig=FAST_WAITER)
        got = a.ssm.get_command_invocation(CommandId=command["CommandId"], InstanceId=node)
        self.assertEqual(("Failed", "Failed", 2), (got["Status"], got["StatusDetails"], got["ResponseCode"]))
        self.assertEqual("Failed", a.await_command(command["CommandId"])["Status"])

    def test_targets_max_concurrency_and_paging(self):
        a = Account()
        nodes = sorted(a.node(duration_millis=200) for _ in range(4))
        command = a.send(Targets=[{"Key": "tag:group", "Values": [a.group]}], MaxConcurrency="2", MaxErrors="0")
        self.assertEqual(4, command["TargetCount"])
        deadline = time.monotonic() + SETTLE_SECONDS
        most = 0
        while True:
            invocations = a.ssm.list_command_invocations(CommandId=command["CommandId"])["CommandInvocations"]
            most = max(most, sum(1 for i in invocations if i["Status"] == "InProgress"))
            if all(i["Status"] == "Success" for i in invocations):
                break
            self.assertLess(time.monotonic(), deadline)
            time.sleep(0.02)
        self.assertLessEqual(most, 2)
        self.assertEqual("Success", a.await_command(command["CommandId"])["Status"])
        paged = [i["InstanceId"] for page in a.ssm.get_paginator("list_command_invocations").paginate(
            CommandId=command["CommandId"], PaginationConfig={"PageSize": 3}) for i in page["CommandInvocations"]]
        self.assertEqual(nodes, paged)
        for _ in range(3):
            a.send(InstanceIds=[nodes[0]])
        pages = list(a.ssm.get_paginator("list_commands").paginate(PaginationConfig={"PageSize": 2}))
        self.assertEqual(2, len(pages))
        self.assertEqual(4, sum(len(p["Commands"]) for p in pages))

    def test_cancel_and_filters(self):
        a = Account()
        node = a.node(duration_millis=60_000)
        command = a.send(InstanceIds=[node])
        a.await_invocation(command["CommandId"], node, ("InProgress",))
        self.assertEqual(1, len(a.ssm.list_commands(Filters=[{"key": "ExecutionStage", "value": "Executing"}])
                                ["Commands"]))
        a.ssm.cancel_command(CommandId=command["CommandId"])
        got = a.await_invocation(command["CommandId"], node, ("Cancelled",))
        self.assertEqual("Cancelled", got["StatusDetails"])
        self.assertEqual("Cancelled", a.await_command(command["CommandId"])["Status"])
        self.assertEqual(1, len(a.ssm.list_commands(Filters=[{"key": "Status", "value": "Cancelled"}])["Commands"]))
        self.assertEqual(0, len(a.ssm.list_commands(Filters=[{"key": "ExecutionStage", "value": "Executing"}])
                                ["Commands"]))
        self.assertEqual(1, len(a.ssm.list_commands(Filters=[{"key": "DocumentName", "value": "AWS-RunShellScript"}])
                                ["Commands"]))
        self.assertEqual(0, len(a.ssm.list_commands(Filters=[{"key": "InvokedAfter",
                                                               "value": "2999-01-01T00:00:00Z"}])["Commands"]))

    def test_every_end_a_command_can_have(self):
        a = Account()
        slow = a.node(duration_millis=60_000)
        timed_out = a.send(InstanceIds=[slow], Parameters={"commands": ["sleep 60"], "executionTimeout": ["1"]})
        got = a.await_invocation(timed_out["CommandId"], slow, ("TimedOut",))
        self.assertEqual("ExecutionTimedOut", got["StatusDetails"])
        self.assertEqual(("TimedOut", "ExecutionTimedOut"),
                         tuple(a.await_command(timed_out["CommandId"])[k] for k in ("Status", "StatusDetails")))
        nobody = a.send(Targets=[{"Key": "tag:group", "Values": ["nobody"]}])
        self.assertEqual(("Success", "NoInstancesInTag", 0), (nobody["Status"], nobody["StatusDetails"],
                                                              nobody["TargetCount"]))
        b = Account()
        b.node()
        b.node("Failed")
        mixed = b.send(Targets=[{"Key": "tag:group", "Values": [b.group]}], MaxErrors="1")
        self.assertEqual(("Success", "Incomplete"),
                         tuple(b.await_command(mixed["CommandId"])[k] for k in ("Status", "StatusDetails")))
        c = Account()
        for _ in range(4):
            c.node("Failed", 20)
        stopped = c.send(Targets=[{"Key": "tag:group", "Values": [c.group]}], MaxConcurrency="1", MaxErrors="1")
        ended = c.await_command(stopped["CommandId"])
        self.assertEqual(("Failed", 2), (ended["Status"], ended["ErrorCount"]))
        details = sorted(i["StatusDetails"] for i in c.ssm.list_command_invocations(
            CommandId=stopped["CommandId"])["CommandInvocations"])
        self.assertEqual(["Failed", "Failed", "Terminated", "Terminated"], details)
        c.control.alarm("alarm-" + c.group, "ALARM")
        alarmed = c.send(Targets=[{"Key": "tag:group", "Values": [c.group]}],
                         AlarmConfiguration={"Alarms": [{"Name": "alarm-" + c.group}]})
        ended = c.await_command(alarmed["CommandId"])
        self.assertEqual("Failed", ended["Status"])
        self.assertEqual([{"Name": "alarm-" + c.group, "State": "ALARM"}], ended["TriggeredAlarms"])

    def test_errors(self):
        a = Account()
        node = a.node()
        self.assertError("InvalidDocument", a.send, InstanceIds=[node], DocumentName="Nope-Nothing")
        self.assertError("InvalidParameters", a.send, InstanceIds=[node], Parameters={"other": ["x"]})
        self.assertError("InvalidInstanceId", a.send, InstanceIds=["mi-0123456789abcdef0"])
        self.assertError("InvalidCommandId", a.ssm.get_command_invocation,
                         CommandId="00000000-0000-0000-0000-000000000000", InstanceId=node)
        command = a.send(InstanceIds=[node])
        self.assertError("InvocationDoesNotExist", a.ssm.get_command_invocation, CommandId=command["CommandId"],
                         InstanceId="mi-0123456789abcdef0")
        self.assertError("InvalidPluginName", a.ssm.get_command_invocation, CommandId=command["CommandId"],
                         InstanceId=node, PluginName="aws:other")
        self.assertError("InvalidFilterKey", a.ssm.list_commands, Filters=[{"key": "Status", "value": "Asleep"}])
        self.assertError("InvalidNextToken", a.ssm.list_command_invocations, NextToken="forged")
        self.assertError("InvalidDocumentVersion", a.send, InstanceIds=[node], DocumentVersion="9")
        self.assertError("DuplicateInstanceId", a.send, InstanceIds=[node, node])
        windows = a.control.call("POST", "/_steward/nodes", {"PlatformType": "Windows"})["InstanceId"]
        self.assertError("UnsupportedPlatformType", a.send, InstanceIds=[windows])
        self.assertError("InvalidDocument", a.send, InstanceIds=[node], DocumentHash="ab" * 32,
                         DocumentHashType="Sha256")
        self.assertError("InvalidOutputFolder", a.send, InstanceIds=[node], OutputS3BucketName="Bad_Bucket")
        self.assertError("InvalidRole", a.send, InstanceIds=[node], ServiceRoleArn="nope")
        self.assertError("InvalidNotificationConfig", a.send, InstanceIds=[node],
                         ServiceRoleArn="arn:aws:iam::000000000000:role/r",
                         NotificationConfig={"NotificationArn": "arn:aws:s3:::b"})
        self.assertError("ValidationException", a.send)
        self.assertError("InvalidInstanceId", a.ssm.cancel_command, CommandId=command["CommandId"],
                         InstanceIds=["mi-0123456789abcdef0"])
        self.assertError("InvalidCommandId", a.ssm.list_command_invocations,
                         CommandId="00000000-0000-0000-0000-000000000000")
        other = Account()
        self.assertError("InvalidCommandId", other.ssm.list_commands, CommandId=command["CommandId"])


if __name__ == "__main__":
    unittest.main()
