"""End-to-end tests of documents users write, through boto3.

Every test works in a fresh account (a random 12-digit access key id is an account of its own),
so no test sees another's documents. Nodes are simulated ones registered through Steward's control
API (`POST /_steward/nodes`, SigV4-signed for service "ssm").

The server's URL comes from STEWARD_ENDPOINT (PythonClientsTest starts a server and sets it):

    STEWARD_ENDPOINT=http://127.0.0.1:4583 python3 -m unittest -v src/test/python/test_documents_boto3.py

Only the standard library, boto3 and botocore are needed: YAML is read back through the server.
"""

import hashlib
import json
import os
import random
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
from botocore.exceptions import ClientError

REGION = "us-east-1"
SETTLE_SECONDS = 60
_random = random.SystemRandom()

COMMAND = {
    "schemaVersion": "2.2",
    "description": "Deploys a build",
    "parameters": {
        "build": {"type": "Integer", "description": "Build number"},
        "mode": {"type": "String", "default": "rolling", "allowedValues": ["rolling", "all-at-once"]},
        "hosts": {"type": "StringList", "default": [], "maxItems": 2},
    },
    "mainSteps": [{"action": "aws:runShellScript", "name": "deploy",
                   "inputs": {"runCommand": ["deploy {{ build }} {{ mode }}"]}}],
}

YAML_COMMAND = """\
schemaVersion: '2.2'
description: Deploys a build
parameters:
  build:
    type: Integer
    description: Build number
  mode:
    type: String
    default: rolling
    allowedValues: [rolling, all-at-once]
  hosts:
    type: StringList
    default: []
    maxItems: 2
mainSteps:
  - action: aws:runShellScript
    name: deploy
    inputs:
      runCommand:
        - deploy {{ build }} {{ mode }}
"""


def endpoint():
    url = os.environ.get("STEWARD_ENDPOINT")
    if not url:
        raise RuntimeError("set STEWARD_ENDPOINT to the URL of a running Steward, e.g. http://127.0.0.1:4583")
    return url.rstrip("/")


def fresh_account_key():
    while True:
        key = str(_random.randrange(100_000_000_000, 1_000_000_000_000))
        if key != "111122223333":
            return key


def client(access_key, region=REGION):
    return boto3.client("ssm", endpoint_url=endpoint(), region_name=region, aws_access_key_id=access_key,
                        aws_secret_access_key="test",
                        config=Config(retries={"max_attempts": 1, "mode": "standard"}))


def content(document=None, **changes):
    body = json.loads(json.dumps(document or COMMAND))
    body.update(changes)
    return json.dumps(body, indent=2)


def register_node(access_key, tags):
    """A simulated node of the account, with these tags, whose runs succeed at once."""
    url = endpoint() + "/_steward/nodes"
    data = json.dumps({"Tags": [{"Key": k, "Value": v} for k, v in tags.items()],
                       "Behavior": {"Status": "Success", "DurationMillis": 0}}).encode("utf-8")
    signed = AWSRequest(method="POST", url=url, data=data, headers={"Content-Type": "application/json"})
    SigV4Auth(Credentials(access_key, "test"), "ssm", REGION).add_auth(signed)
    request = urllib.request.Request(url, data=data, method="POST", headers=dict(signed.headers.items()))
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read().decode("utf-8"))["InstanceId"]


def wait_until(what, predicate, seconds=SETTLE_SECONDS):
    deadline = time.monotonic() + seconds
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting for " + what)
        time.sleep(0.05)


class DocumentsTestCase(unittest.TestCase):
    def setUp(self):
        self.key = fresh_account_key()
        self.ssm = client(self.key)

    def error(self, code, call, *args, **kwargs):
        with self.assertRaises(ClientError) as raised:
            call(*args, **kwargs)
        error = raised.exception.response["Error"]
        self.assertEqual(code, error["Code"], error)
        return error["Message"]


class TerraformCallSequenceTest(DocumentsTestCase):
    """The calls Terraform's aws_ssm_document and aws_ssm_association make, in their order."""

    def test_terraform_document_and_association_lifecycle(self):
        ssm = self.ssm
        group = "tf-" + uuid.uuid4().hex[:8]
        register_node(self.key, {"group": group})
        name = "tf-" + uuid.uuid4().hex[:8]
        first = content()

        # aws_ssm_document: create, then wait for Active, then read everything the state holds.
        created = ssm.create_document(Name=name, Content=first, DocumentType="Command", DocumentFormat="JSON",
                                      Tags=[{"Key": "managed-by", "Value": "terraform"}])["DocumentDescription"]
        self.assertIn(created["Status"], ("Creating", "Active"))
        wait_until("Active", lambda: ssm.describe_document(Name=name)["Document"]["Status"] == "Active", 10)
        doc = ssm.describe_document(Name=name)["Document"]
        self.assertEqual(hashlib.sha256(first.encode("utf-8")).hexdigest(), doc["Hash"])
        self.assertEqual("Sha256", doc["HashType"])
        self.assertEqual("1", doc["LatestVersion"])
        self.assertEqual("1", doc["DefaultVersion"])
        self.assertEqual("2.2", doc["SchemaVersion"])
        self.assertEqual(["build", "mode", "hosts"], [p["Name"] for p in doc["Parameters"]])
        self.assertEqual(["Linux", "MacOS"], doc["PlatformTypes"])
        self.assertEqual(self.key, doc["Owner"])
        self.assertIsNotNone(doc["CreatedDate"].tzinfo)
        got = ssm.get_document(Name=name, DocumentVersion="$LATEST", DocumentFormat="JSON")
        self.assertEqual(first, got["Content"])
        permissions = ssm.describe_document_permission(Name=name, PermissionType="Share")
        self.assertEqual([], permissions["AccountIds"])
        self.assertEqual([{"Key": "managed-by", "Value": "terraform"}],
                         ssm.list_tags_for_resource(ResourceType="Document", ResourceId=name)["TagList"])

        # Content changed in the configuration: update from the default version, then make the new one the default.
        second = content(description="Deploys a build, v2")
        updated = ssm.update_document(Name=name, Content=second, DocumentVersion=doc["DefaultVersion"],
                                      DocumentFormat="JSON")["DocumentDescription"]
        self.assertEqual("2", updated["DocumentVersion"])
        moved = ssm.update_document_default_version(Name=name, DocumentVersion=updated["DocumentVersion"])
        self.assertEqual("2", moved["Description"]["DefaultVersion"])
        wait_until("Active", lambda: ssm.describe_document(Name=name)["Document"]["Status"] == "Active", 10)
        doc = ssm.describe_document(Name=name)["Document"]
        self.assertEqual(("2", "2"), (doc["LatestVersion"], doc["DefaultVersion"]))
        self.assertEqual(hashlib.sha256(second.encode("utf-8")).hexdigest(), doc["Hash"])

        # aws_ssm_association with wait_for_success_timeout_seconds.
        association = ssm.create_association(Name=name, Targets=[{"Key": "tag:group", "Values": [group]}],
                                             Parameters={"build": ["12"]})["AssociationDescription"]
        association_id = association["AssociationId"]
        wait_until("association Success", lambda: ssm.describe_association(AssociationId=association_id)
                   ["AssociationDescription"]["Overview"]["Status"] == "Success")
        described = ssm.describe_association(AssociationId=association_id)["AssociationDescription"]
        self.assertEqual(name, described["Name"])
        self.assertEqual("$DEFAULT", described["DocumentVersion"])

        # Destroy: the association, then the document, then wait until it is gone.
        ssm.delete_association(AssociationId=association_id)
        ssm.delete_document(Name=name)

        def gone():
            try:
                ssm.describe_document(Name=name)
                return False
            except ClientError as e:
                return e.response["Error"]["Code"] == "InvalidDocument" and \
                    "does not exist" in e.response["Error"]["Message"]
        wait_until("document deleted", gone, 10)


class DocumentOperationsTest(DocumentsTestCase):
    def test_every_operation_and_its_errors(self):
        ssm = self.ssm
        ssm.create_document(Name="Ops-Doc", Content=content(), VersionName="one")
        self.error("DocumentAlreadyExists", ssm.create_document, Name="Ops-Doc", Content=content())
        self.assertIn("reserved", self.error("ValidationException", ssm.create_document, Name="amazon-thing",
                                             Content=content()))
        self.error("InvalidDocumentSchemaVersion", ssm.create_document, Name="Ops-Bad", Content=content(schemaVersion="9.9"))
        message = self.error("InvalidDocumentContent", ssm.create_document, Name="Ops-Bad",
                             Content=content(mainSteps=[{"action": "aws:nope", "name": "x", "inputs": {}}]))
        self.assertIn("mainSteps[0].action", message)
        self.error("MaxDocumentSizeExceeded", ssm.create_document, Name="Ops-Big",
                   Content=content(description="x" * 70000))
        self.error("DuplicateDocumentContent", ssm.update_document, Name="Ops-Doc", Content=content(),
                   DocumentVersion="$LATEST")
        self.error("DuplicateDocumentVersionName", ssm.update_document, Name="Ops-Doc", Content=content(description="2"),
                   VersionName="one")
        ssm.update_document(Name="Ops-Doc", Content=content(description="2"), VersionName="two")
        self.error("InvalidDocumentVersion", ssm.update_document, Name="Ops-Doc", Content=content(description="3"),
                   DocumentVersion="1")
        self.error("InvalidDocumentVersion", ssm.update_document_default_version, Name="Ops-Doc", DocumentVersion="5")
        self.error("InvalidDocument", ssm.update_document, Name="Ops-None", Content=content())
        self.error("InvalidDocumentOperation", ssm.delete_document, Name="Ops-Doc", DocumentVersion="1")
        self.error("InvalidDocumentOperation", ssm.delete_document, Name="AWS-RunShellScript")
        self.assertEqual("two", ssm.describe_document(Name="Ops-Doc", DocumentVersion="2")["Document"]["VersionName"])
        self.assertEqual("1", ssm.get_document(Name="Ops-Doc", VersionName="one")["DocumentVersion"])
        self.error("InvalidDocumentVersion", ssm.get_document, Name="Ops-Doc", DocumentVersion="3")
        self.error("InvalidDocument", ssm.get_document, Name="Ops-None")
        ssm.update_document_default_version(Name="Ops-Doc", DocumentVersion="2")
        ssm.delete_document(Name="Ops-Doc", DocumentVersion="1")
        versions = ssm.list_document_versions(Name="Ops-Doc")["DocumentVersions"]
        self.assertEqual([("2", True)], [(v["DocumentVersion"], v["IsDefaultVersion"]) for v in versions])
        self.error("InvalidDocument", ssm.list_document_versions, Name="Ops-None")
        self.error("InvalidNextToken", ssm.list_document_versions, Name="Ops-Doc", NextToken="nope")
        ssm.modify_document_permission(Name="Ops-Doc", PermissionType="Share", AccountIdsToAdd=["123456789012"],
                                       SharedDocumentVersion="$LATEST")
        shared = ssm.describe_document_permission(Name="Ops-Doc", PermissionType="Share")
        self.assertEqual([{"AccountId": "123456789012", "SharedDocumentVersion": "$LATEST"}],
                         shared["AccountSharingInfoList"])
        self.error("InvalidDocument", ssm.modify_document_permission, Name="Ops-None", PermissionType="Share",
                   AccountIdsToAdd=["123456789012"])
        ssm.add_tags_to_resource(ResourceType="Document", ResourceId="Ops-Doc", Tags=[{"Key": "k", "Value": "v"}])
        self.assertEqual([{"Key": "k", "Value": "v"}], ssm.describe_document(Name="Ops-Doc")["Document"]["Tags"])
        ssm.remove_tags_from_resource(ResourceType="Document", ResourceId="Ops-Doc", TagKeys=["k"])
        self.error("InvalidResourceId", ssm.add_tags_to_resource, ResourceType="Document", ResourceId="Ops-None",
                   Tags=[{"Key": "k", "Value": "v"}])
        self.error("InvalidFilterKey", ssm.list_documents, Filters=[{"Key": "Nope", "Values": ["x"]}])
        ssm.delete_document(Name="Ops-Doc")
        self.error("InvalidDocument", ssm.describe_document, Name="Ops-Doc")

    def test_paginators_walk_more_than_one_page(self):
        ssm = self.ssm
        names = ["Pg-%02d" % i for i in range(12)]
        for name in names:
            ssm.create_document(Name=name, Content=content(description=name))
        for v in range(2, 8):
            ssm.update_document(Name="Pg-00", Content=content(description="v%d" % v), DocumentVersion="$LATEST")
        pages = list(ssm.get_paginator("list_documents").paginate(
            Filters=[{"Key": "Owner", "Values": ["Self"]}], PaginationConfig={"PageSize": 5}))
        self.assertEqual(3, len(pages))
        self.assertEqual(names, [d["Name"] for p in pages for d in p["DocumentIdentifiers"]])
        versions = list(ssm.get_paginator("list_document_versions").paginate(
            Name="Pg-00", PaginationConfig={"PageSize": 3}))
        self.assertEqual(3, len(versions))
        self.assertEqual([str(n) for n in range(1, 8)],
                         [v["DocumentVersion"] for p in versions for v in p["DocumentVersions"]])
        legacy = ssm.list_documents(DocumentFilterList=[{"key": "Owner", "value": "Self"},
                                                        {"key": "Name", "value": "Pg-1"}])
        self.assertEqual(["Pg-10", "Pg-11"], [d["Name"] for d in legacy["DocumentIdentifiers"]])

    def test_json_and_yaml_round_trips(self):
        ssm = self.ssm
        written = YAML_COMMAND
        ssm.create_document(Name="Round-Yaml", Content=written, DocumentFormat="YAML")
        self.assertEqual(written, ssm.get_document(Name="Round-Yaml")["Content"])
        as_json = ssm.get_document(Name="Round-Yaml", DocumentFormat="JSON")
        self.assertEqual("JSON", as_json["DocumentFormat"])
        self.assertEqual(COMMAND, json.loads(as_json["Content"]))
        ssm.create_document(Name="Round-Json", Content=as_json["Content"], DocumentFormat="JSON")
        back = ssm.get_document(Name="Round-Json", DocumentFormat="YAML")["Content"]
        self.assertIn("mainSteps:", back)
        # The YAML Steward wrote reads back (as YAML, then as JSON) to the same document.
        ssm.create_document(Name="Round-Back", Content=back, DocumentFormat="YAML")
        self.assertEqual(COMMAND, json.loads(ssm.get_document(Name="Round-Back", DocumentFormat="JSON")["Content"]))
        a = ssm.describe_document(Name="Round-Yaml")["Document"]
        b = ssm.describe_document(Name="Round-Json")["Document"]
        for member in ("Parameters", "PlatformTypes", "SchemaVersion", "Description"):
            self.assertEqual(a[member], b[member], member)
        self.assertEqual("YAML", a["DocumentFormat"])

    def test_custom_document_associated_and_run_on_simulated_nodes(self):
        ssm = self.ssm
        group = "g-" + uuid.uuid4().hex[:8]
        node = register_node(self.key, {"group": group})
        ssm.create_document(Name="Run-Me", Content=content())
        targets = [{"Key": "tag:group", "Values": [group]}]
        message = self.error("InvalidParameters", ssm.create_association, Name="Run-Me", Targets=targets,
                             Parameters={"build": ["1"], "mode": ["sideways"]})
        self.assertEqual('Parameter "mode" value "sideways" is not one of its allowedValues: rolling, all-at-once.',
                         message)
        message = self.error("InvalidParameters", ssm.create_association, Name="Run-Me", Targets=targets,
                             Parameters={"build": ["one"]})
        self.assertEqual('Parameter "build" is of type Integer; "one" is not a whole number.', message)
        association_id = ssm.create_association(Name="Run-Me", Targets=targets, Parameters={"build": ["3"]},
                                                DocumentVersion="1")["AssociationDescription"]["AssociationId"]
        wait_until("a finished run", lambda: [r for r in ssm.describe_association_executions(
            AssociationId=association_id)["AssociationExecutions"] if r["Status"] == "Success"])
        effective = ssm.describe_effective_instance_associations(InstanceId=node)["Associations"]
        self.assertEqual([content()], [a["Content"] for a in effective if a["AssociationId"] == association_id])
        message = self.error("AssociatedInstances", ssm.delete_document, Name="Run-Me")
        self.assertIn("disassociate", message)
        ssm.delete_association(AssociationId=association_id)
        ssm.delete_document(Name="Run-Me")

    def test_accounts_are_isolated_and_sharing_is_by_arn(self):
        owner, other_key = self.ssm, fresh_account_key()
        other = client(other_key)
        owner.create_document(Name="Team-Doc", Content=content())
        arn = "arn:aws:ssm:%s:%s:document/Team-Doc" % (REGION, self.key)
        self.error("InvalidDocument", other.describe_document, Name="Team-Doc")
        self.error("InvalidDocument", other.get_document, Name=arn)
        owner.modify_document_permission(Name="Team-Doc", PermissionType="Share", AccountIdsToAdd=[other_key])
        self.assertEqual(self.key, other.describe_document(Name=arn)["Document"]["Owner"])
        listed = other.list_documents(Filters=[{"Key": "Owner", "Values": ["Private"]}])["DocumentIdentifiers"]
        self.assertEqual([arn], [d["Name"] for d in listed])
        self.error("InvalidDocument", client(self.key, "eu-west-1").describe_document, Name="Team-Doc")
        owner.modify_document_permission(Name="Team-Doc", PermissionType="Share", AccountIdsToRemove=[other_key])
        self.error("InvalidDocument", other.describe_document, Name=arn)
        for i in range(5):
            owner.create_document(Name="Public-%d" % i, Content=content(description=str(i)))
            owner.modify_document_permission(Name="Public-%d" % i, PermissionType="Share", AccountIdsToAdd=["All"])
        self.assertIn("5", self.error("DocumentPermissionLimit", owner.modify_document_permission, Name="Team-Doc",
                                      PermissionType="Share", AccountIdsToAdd=["all"]))
        public = other.list_documents(Filters=[{"Key": "Owner", "Values": ["Public"]}])["DocumentIdentifiers"]
        self.assertEqual(5, len([d for d in public if d["Owner"] == self.key]))


if __name__ == "__main__":
    unittest.main()
