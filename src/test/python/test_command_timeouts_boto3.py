"""Delivery and execution time-outs of Run Command through boto3, on a server whose clock only
moves when told (`steward serve --clock manual`; POST /_steward/clock), so a 30-second
TimeoutSeconds passes without waiting for it.

    STEWARD_ENDPOINT=http://127.0.0.1:4583 python3 -m unittest -v src/test/python/test_command_timeouts_boto3.py
"""

import os
import sys
import time
import unittest

from botocore.exceptions import WaiterError

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_commands_boto3 import Account, FAST_WAITER  # noqa: E402


class CommandTimeoutsBoto3Test(unittest.TestCase):
    def advance(self, account, seconds):
        account.control.call("POST", "/_steward/clock", {"AdvanceSeconds": seconds})

    def test_an_offline_node_ends_delivery_timed_out(self):
        a = Account()
        offline = a.node(Offline=True)
        online = a.node()
        info = a.ssm.describe_instance_information(
            Filters=[{"Key": "InstanceIds", "Values": [offline]}])["InstanceInformationList"][0]
        self.assertEqual("ConnectionLost", info["PingStatus"])
        command = a.send(InstanceIds=[offline, online], TimeoutSeconds=30, MaxErrors="1")
        a.ssm.get_waiter("command_executed").wait(CommandId=command["CommandId"], InstanceId=online,
                                                  WaiterConfig=FAST_WAITER)
        self.assertEqual("Pending", a.ssm.get_command_invocation(CommandId=command["CommandId"],
                                                                 InstanceId=offline)["Status"])
        self.advance(a, 31)
        got = a.await_invocation(command["CommandId"], offline, ("TimedOut",))
        self.assertEqual("DeliveryTimedOut", got["StatusDetails"])
        with self.assertRaises(WaiterError):
            a.ssm.get_waiter("command_executed").wait(CommandId=command["CommandId"], InstanceId=offline,
                                                      WaiterConfig=FAST_WAITER)
        listed = a.await_command(command["CommandId"])
        self.assertEqual(("Success", "Incomplete", 1, 0, 2), (listed["Status"], listed["StatusDetails"],
                                                              listed["DeliveryTimedOutCount"], listed["ErrorCount"],
                                                              listed["CompletedCount"]))
        timed_out = a.ssm.list_commands(Filters=[{"key": "Status", "value": "DeliveryTimedOut"}])["Commands"]
        self.assertEqual([], timed_out, "the command itself did not time out: its node did")
        invocations = a.ssm.list_command_invocations(Filters=[{"key": "Status", "value": "DeliveryTimedOut"}])
        self.assertEqual([offline], [i["InstanceId"] for i in invocations["CommandInvocations"]])

    def test_a_node_alone_offline_times_the_command_out(self):
        a = Account()
        offline = a.node(Offline=True)
        command = a.send(InstanceIds=[offline], TimeoutSeconds=45)
        self.advance(a, 46)
        listed = a.await_command(command["CommandId"])
        self.assertEqual(("TimedOut", "DeliveryTimedOut"), (listed["Status"], listed["StatusDetails"]))
        self.assertEqual(1, len(a.ssm.list_commands(Filters=[{"key": "Status", "value": "TimedOut"}])["Commands"]))


if __name__ == "__main__":
    unittest.main()
