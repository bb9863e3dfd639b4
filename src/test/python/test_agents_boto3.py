"""Real machines through boto3: activations, a registering agent, health, scoped credentials and
association runs on an agent, with the protocol-level agent of ssm_test_agent.py.

    STEWARD_ENDPOINT=http://127.0.0.1:4583 python3 -m unittest -v src/test/python/test_agents_boto3.py
"""

import datetime
import json
import os
import random
import sys
import tempfile
import time
import unittest
import uuid

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ssm_test_agent import CallFailed, TestAgent  # noqa: E402

REGION = "us-east-1"


def endpoint():
    url = os.environ.get("STEWARD_ENDPOINT")
    if not url:
        raise RuntimeError("set STEWARD_ENDPOINT to the URL of a running Steward")
    return url


def client(access_key="test", secret="test", token=None):
    return boto3.client("ssm", endpoint_url=endpoint(), region_name=REGION, aws_access_key_id=access_key,
                        aws_secret_access_key=secret, aws_session_token=token,
                        config=Config(retries={"total_max_attempts": 1}))


def wait_for(what, condition, seconds=30):
    deadline = time.time() + seconds
    while True:
        value = condition()
        if value:
            return value
        if time.time() > deadline:
            raise AssertionError("timed out waiting for " + what)
        time.sleep(0.1)


def fresh_account():
    # A 12-digit access key id is its own account: agents registered here never become targets of
    # another suite's associations on the shared server.
    return "".join(str(random.SystemRandom().randrange(10)) for _ in range(12))


class AgentsTest(unittest.TestCase):
    def setUp(self):
        self.ssm = client(fresh_account())
        self.agents = []

    def tearDown(self):
        for agent in self.agents:
            agent.close()

    def agent(self):
        agent = TestAgent(endpoint(), REGION)
        self.agents.append(agent)
        return agent

    def activation(self, limit=1, **extra):
        return self.ssm.create_activation(IamRole="SSMServiceRole", RegistrationLimit=limit, **extra)

    def describe(self, instance_id):
        found = self.ssm.describe_instance_information(
            Filters=[{"Key": "InstanceIds", "Values": [instance_id]}])["InstanceInformationList"]
        self.assertEqual(1, len(found))
        return found[0]

    def test_an_activation_registers_an_agent_that_shows_online(self):
        tag = "py-" + uuid.uuid4().hex[:8]
        created = self.activation(limit=2, DefaultInstanceName="py-lab", Description="boto3",
                                  Tags=[{"Key": "suite", "Value": tag}])
        self.assertEqual(20, len(created["ActivationCode"]))
        agent = self.agent().online(created["ActivationId"], created["ActivationCode"])
        self.assertRegex(agent.instance_id, r"^mi-[0-9a-f]{17}$")
        info = self.describe(agent.instance_id)
        self.assertEqual("Online", info["PingStatus"])
        self.assertEqual(created["ActivationId"], info["ActivationId"])
        self.assertEqual("SSMServiceRole", info["IamRole"])
        self.assertEqual("ManagedInstance", info["ResourceType"])
        self.assertEqual("py-lab", info["Name"])
        self.assertEqual("Ubuntu", info["PlatformName"])
        self.assertEqual("198.51.100.7", info["IPAddress"])
        self.assertIsInstance(info["RegistrationDate"], datetime.datetime)
        described = self.ssm.describe_activations(
            Filters=[{"FilterKey": "ActivationIds", "FilterValues": [created["ActivationId"]]}])["ActivationList"][0]
        self.assertEqual(1, described["RegistrationsCount"])
        self.assertFalse(described["Expired"])
        self.assertEqual([{"Key": "suite", "Value": tag}], self.ssm.list_tags_for_resource(
            ResourceType="ManagedInstance", ResourceId=agent.instance_id)["TagList"])

    def test_bad_activations_and_signatures_are_refused(self):
        created = self.activation(limit=1)
        first = self.agent()
        with self.assertRaises(CallFailed) as wrong:
            first.register(created["ActivationId"], "C" * 20)
        self.assertEqual("InvalidActivation", wrong.exception.code)
        first.register(created["ActivationId"], created["ActivationCode"])
        with self.assertRaises(CallFailed) as limit:
            self.agent().register(created["ActivationId"], created["ActivationCode"])
        self.assertEqual("RegistrationLimitExceeded", limit.exception.code)
        stranger_key = TestAgent(endpoint()).key
        with self.assertRaises(CallFailed) as forged:
            first.rsa_call("RequestManagedInstanceRoleToken", {"Fingerprint": first.fingerprint}, key=stranger_key)
        self.assertEqual("InvalidSignatureException", forged.exception.code)
        target = "AmazonSSM.RequestManagedInstanceRoleToken"
        body = json.dumps({"Fingerprint": first.fingerprint}).encode()
        headers = first.rsa_headers(target, body)
        first._post(target, body, headers, chunked=True)
        with self.assertRaises(CallFailed) as replayed:
            first._post(target, body, headers, chunked=True)
        self.assertEqual("InvalidSignatureException", replayed.exception.code)
        with self.assertRaises(ClientError) as too_long:
            self.ssm.create_activation(IamRole="R", ExpirationDate=datetime.datetime.now(datetime.timezone.utc)
                                       + datetime.timedelta(days=31))
        self.assertEqual("InvalidParameters", too_long.exception.response["Error"]["Code"])

    def test_agent_credentials_in_boto3_act_only_for_their_node(self):
        created = self.activation(limit=2)
        agent = self.agent().online(created["ActivationId"], created["ActivationCode"])
        other = self.agent().online(created["ActivationId"], created["ActivationCode"])
        creds = agent.credentials
        as_agent = client(creds.access_key, creds.secret_key, creds.token)
        for call in (lambda: as_agent.create_activation(IamRole="Escalate"),
                     lambda: as_agent.describe_instance_information(),
                     lambda: as_agent.deregister_managed_instance(InstanceId=other.instance_id),
                     lambda: as_agent.list_associations()):
            with self.assertRaises(ClientError) as denied:
                call()
            self.assertEqual("AccessDeniedException", denied.exception.response["Error"]["Code"])
        # What an agent needs still works: its documents, its own health.
        self.assertIn("runtimeConfig", as_agent.get_document(Name="AWS-RunShellScript")["Content"])
        with self.assertRaises(CallFailed) as foreign:
            agent.mds("GetMessages", {"Destination": other.instance_id, "MessagesRequestId": str(uuid.uuid4())})
        self.assertEqual("AccessDeniedException", foreign.exception.code)

    def test_an_association_runs_on_the_agent_for_real(self):
        created = self.activation()
        agent = self.agent().online(created["ActivationId"], created["ActivationCode"]).start()
        proof = os.path.join(tempfile.mkdtemp(), "proof")
        association = self.ssm.create_association(
            Name="AWS-RunShellScript", Targets=[{"Key": "InstanceIds", "Values": [agent.instance_id]}],
            Parameters={"commands": ["echo ran > " + proof, "echo done"]})["AssociationDescription"]

        def finished():
            runs = self.ssm.describe_association_executions(
                AssociationId=association["AssociationId"])["AssociationExecutions"]
            return runs if runs and runs[0]["Status"] not in ("Pending", "InProgress") else None

        run = wait_for("the run", finished)[0]
        self.assertEqual("Success", run["Status"])
        targets = self.ssm.describe_association_execution_targets(
            AssociationId=association["AssociationId"], ExecutionId=run["ExecutionId"])["AssociationExecutionTargets"]
        self.assertEqual("Success", targets[0]["Status"])
        with open(proof) as f:
            self.assertEqual("ran\n", f.read())
        message = agent.received[0]
        self.assertEqual("aws.ssm." + targets[0]["OutputSource"]["OutputSourceId"] + "." + agent.instance_id,
                         message["MessageId"])

    def test_deregistering_revokes_the_agent(self):
        created = self.activation()
        agent = self.agent().online(created["ActivationId"], created["ActivationCode"])
        self.ssm.deregister_managed_instance(InstanceId=agent.instance_id)
        with self.assertRaises(CallFailed) as revoked:
            agent.report_health()
        self.assertEqual("UnrecognizedClientException", revoked.exception.code)
        with self.assertRaises(ClientError) as gone:
            self.ssm.deregister_managed_instance(InstanceId=agent.instance_id)
        self.assertEqual("InvalidInstanceId", gone.exception.response["Error"]["Code"])
        self.ssm.delete_activation(ActivationId=created["ActivationId"])
        with self.assertRaises(ClientError) as deleted:
            self.ssm.delete_activation(ActivationId=created["ActivationId"])
        self.assertEqual("InvalidActivation", deleted.exception.response["Error"]["Code"])


if __name__ == "__main__":
    unittest.main()
