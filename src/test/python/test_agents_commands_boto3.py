"""Run Command on a protocol-level agent through boto3: output and exit codes (cancel is covered by AgentRunCommandEndToEndTest).

    STEWARD_ENDPOINT=http://127.0.0.1:4583 python3 -m unittest -v src/test/python/test_agents_commands_boto3.py
"""

import os
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ssm_test_agent import TestAgent  # noqa: E402
from test_agents_boto3 import REGION, client, endpoint, fresh_account, wait_for  # noqa: E402

RUNNING = ("Pending", "InProgress", "Delayed", "Cancelling")


class AgentCommandsTest(unittest.TestCase):
    def setUp(self):
        self.ssm = client(fresh_account())
        created = self.ssm.create_activation(IamRole="SSMServiceRole", RegistrationLimit=1)
        self.agent = TestAgent(endpoint(), REGION).online(created["ActivationId"], created["ActivationCode"]).start()

    def tearDown(self):
        self.agent.close()

    def finished(self, command_id):
        def done():
            try:
                invocation = self.ssm.get_command_invocation(CommandId=command_id, InstanceId=self.agent.instance_id)
            except self.ssm.exceptions.InvocationDoesNotExist:
                return None
            return invocation if invocation["Status"] not in RUNNING else None
        return wait_for("command " + command_id, done)

    def test_output_and_exit_codes_come_back(self):
        ok = self.ssm.send_command(DocumentName="AWS-RunShellScript", InstanceIds=[self.agent.instance_id],
                                   Parameters={"commands": ["echo hello", "echo oops >&2"]})["Command"]["CommandId"]
        invocation = self.finished(ok)
        self.assertEqual("Success", invocation["Status"])
        self.assertEqual(0, invocation["ResponseCode"])
        self.assertEqual("hello\n", invocation["StandardOutputContent"])
        self.assertEqual("oops\n", invocation["StandardErrorContent"])
        failing = self.ssm.send_command(DocumentName="AWS-RunShellScript", InstanceIds=[self.agent.instance_id],
                                        Parameters={"commands": ["exit 7"]})["Command"]["CommandId"]
        failed = self.finished(failing)
        self.assertEqual("Failed", failed["Status"])
        self.assertEqual(7, failed["ResponseCode"])
        plugins = self.ssm.list_command_invocations(CommandId=failing, Details=True)["CommandInvocations"][0]["CommandPlugins"]
        self.assertEqual([("aws:runShellScript", 7)], [(p["Name"], p["ResponseCode"]) for p in plugins])


if __name__ == "__main__":
    unittest.main()
