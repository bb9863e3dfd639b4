"""Run Command through the real `aws` CLI: send-command, list-commands, list-command-invocations,
get-command-invocation, cancel-command and the `aws ssm wait command-executed` waiter.

    STEWARD_ENDPOINT=http://127.0.0.1:4583 python3 -m unittest -v src/test/python/test_commands_cli.py
"""

import json
import os
import subprocess
import sys
import time
import unittest
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_executions_boto3 import Control, fresh_account_key
from test_executions_cli import aws_command, cli_environment, endpoint

CALL_TIMEOUT_SECONDS = 60


class CommandsCliTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.key = fresh_account_key()
        cls.env = cli_environment(cls.key)
        cls.base = aws_command() + ["--endpoint-url", endpoint(), "--output", "json"]
        cls.control = Control(cls.key)
        cls.group = "g-" + uuid.uuid4().hex[:10]
        cls.node = cls.control.call("POST", "/_steward/nodes", {
            "Tags": [{"Key": "group", "Value": cls.group}],
            "Behavior": {"Status": "Success", "DurationMillis": 100, "Stdout": "hi from the cli\n"}})["InstanceId"]

    def aws(self, *args):
        completed = subprocess.run(self.base + list(args), env=self.env, capture_output=True, text=True,
                                   timeout=CALL_TIMEOUT_SECONDS, stdin=subprocess.DEVNULL)
        return completed

    def aws_ok(self, *args):
        completed = self.aws(*args)
        self.assertEqual(0, completed.returncode, completed.stderr)
        return json.loads(completed.stdout) if completed.stdout.strip() else {}

    def test_send_wait_and_read(self):
        sent = self.aws_ok("ssm", "send-command", "--document-name", "AWS-RunShellScript",
                           "--targets", "Key=tag:group,Values=" + self.group,
                           "--parameters", "commands=echo hi", "--comment", "from the cli")["Command"]
        command_id = sent["CommandId"]
        self.aws_ok("ssm", "wait", "command-executed", "--command-id", command_id, "--instance-id", self.node)
        got = self.aws_ok("ssm", "get-command-invocation", "--command-id", command_id, "--instance-id", self.node)
        self.assertEqual("Success", got["Status"])
        self.assertEqual("hi from the cli\n", got["StandardOutputContent"])
        text = self.aws("ssm", "get-command-invocation", "--command-id", command_id, "--instance-id", self.node,
                        "--query", "StandardOutputContent", "--output", "text")
        self.assertEqual("hi from the cli", text.stdout.strip())
        deadline = time.monotonic() + 60
        while True:
            listed = self.aws_ok("ssm", "list-commands", "--command-id", command_id)["Commands"][0]
            if listed["Status"] not in ("Pending", "InProgress"):
                break
            self.assertLess(time.monotonic(), deadline)
            time.sleep(0.1)
        self.assertEqual(("Success", 1, 1), (listed["Status"], listed["TargetCount"], listed["CompletedCount"]))
        invocations = self.aws_ok("ssm", "list-command-invocations", "--command-id", command_id, "--details")
        self.assertEqual("hi from the cli\n", invocations["CommandInvocations"][0]["CommandPlugins"][0]["Output"])
        filtered = self.aws_ok("ssm", "list-commands", "--filters", "key=DocumentName,value=AWS-RunShellScript")
        self.assertIn(command_id, [c["CommandId"] for c in filtered["Commands"]])

    def test_paging_and_filters(self):
        sent = [self.aws_ok("ssm", "send-command", "--document-name", "AWS-RunShellScript", "--instance-ids",
                            self.node, "--parameters", "commands=echo page")["Command"]["CommandId"] for _ in range(3)]
        # --page-size 1 makes the CLI walk the pages itself, one command per request.
        listed = self.aws_ok("ssm", "list-commands", "--instance-id", self.node, "--page-size", "1")["Commands"]
        ids = [c["CommandId"] for c in listed]
        self.assertEqual(len(ids), len(set(ids)))
        self.assertEqual(list(reversed(sent)), ids[:3], "newest first")
        first = self.aws_ok("ssm", "list-command-invocations", "--instance-id", self.node, "--max-items", "2")
        self.assertEqual(2, len(first["CommandInvocations"]))
        rest = self.aws_ok("ssm", "list-command-invocations", "--instance-id", self.node, "--starting-token",
                           first["NextToken"])
        self.assertEqual(set(ids), {i["CommandId"] for i in first["CommandInvocations"] + rest["CommandInvocations"]})
        after = self.aws_ok("ssm", "list-commands", "--filters", "key=InvokedAfter,value=2999-01-01T00:00:00Z")
        self.assertEqual([], after["Commands"])
        before = self.aws_ok("ssm", "list-commands", "--instance-id", self.node, "--filters",
                             "key=InvokedBefore,value=2999-01-01T00:00:00Z", "key=Status,value=Pending")
        self.assertTrue(all(c["Status"] == "Pending" for c in before["Commands"]))
        bad = self.aws("ssm", "list-commands", "--filters", "key=ExecutionStage,value=Sometimes")
        self.assertIn("InvalidFilterKey", bad.stderr)

    def test_cancel_and_errors(self):
        sent = self.aws_ok("ssm", "send-command", "--document-name", "AWS-RunShellScript", "--instance-ids",
                           self.node, "--parameters", "commands=sleep 1")["Command"]
        self.aws_ok("ssm", "cancel-command", "--command-id", sent["CommandId"])
        failed = self.aws("ssm", "cancel-command", "--command-id", "00000000-0000-0000-0000-000000000000")
        self.assertNotEqual(0, failed.returncode)
        self.assertIn("InvalidCommandId", failed.stderr)
        missing = self.aws("ssm", "get-command-invocation", "--command-id", sent["CommandId"], "--instance-id",
                           "mi-0123456789abcdef0")
        self.assertIn("InvocationDoesNotExist", missing.stderr)
        bad = self.aws("ssm", "send-command", "--document-name", "AWS-RunShellScript", "--instance-ids",
                       self.node, "--parameters", "nope=1")
        self.assertIn("InvalidParameters", bad.stderr)


if __name__ == "__main__":
    unittest.main()
