"""End-to-end tests of Steward through the real `aws` CLI, run as a user would run it.

The server's URL comes from the environment variable STEWARD_ENDPOINT. Each test shells out
to `aws ... --endpoint-url $STEWARD_ENDPOINT --output json` with fixed test credentials and
no config files, so nothing on the machine leaks in. Every CLI call starts a Python
interpreter (about half a second), so the calls are few: about twenty in all.

    STEWARD_ENDPOINT=http://127.0.0.1:4583 python3 -m unittest -v src/test/python/test_cli.py
"""

import json
import os
import shutil
import subprocess
import sys
import unittest
import uuid

CALL_TIMEOUT_SECONDS = 60


def endpoint():
    url = os.environ.get("STEWARD_ENDPOINT")
    if not url:
        raise RuntimeError("set STEWARD_ENDPOINT to the URL of a running Steward, e.g. http://127.0.0.1:4583")
    return url


def aws_command():
    found = shutil.which("aws")
    return [found] if found else [sys.executable, "-m", "awscli"]


def cli_environment():
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    missing = os.path.join(os.path.dirname(os.path.abspath(__file__)), "no-such-aws-config")
    env.update({
        "AWS_ACCESS_KEY_ID": "test",
        "AWS_SECRET_ACCESS_KEY": "test",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_CONFIG_FILE": missing,
        "AWS_SHARED_CREDENTIALS_FILE": missing,
        "AWS_EC2_METADATA_DISABLED": "true",
        "AWS_RETRY_MODE": "standard",
        "AWS_MAX_ATTEMPTS": "1",
    })
    return env


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


class CliTest(unittest.TestCase):
    maxDiff = None

    @classmethod
    def setUpClass(cls):
        cls.env = cli_environment()
        cls.base = aws_command() + ["--endpoint-url", endpoint(), "--output", "json"]

    def run_aws(self, *args):
        completed = subprocess.run(self.base + list(args), env=self.env, capture_output=True, text=True,
                                   timeout=CALL_TIMEOUT_SECONDS, stdin=subprocess.DEVNULL)
        return CliResult(args, completed)

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

    def test_association_lifecycle(self):
        name = "cli-%s" % uuid.uuid4().hex[:12]
        created = self.aws("ssm", "create-association", "--name", "AWS-RunShellScript",
                           "--targets", "Key=InstanceIds,Values=*", "--parameters", "commands=echo hi",
                           "--association-name", name)["AssociationDescription"]
        association_id = created["AssociationId"]
        self.assertEqual("1", created["AssociationVersion"])
        self.assertEqual("$DEFAULT", created["DocumentVersion"])
        self.assertEqual({"Status": "Pending", "DetailedStatus": "Creating"}, created["Overview"])
        self.assertEqual([{"Key": "InstanceIds", "Values": ["*"]}], created["Targets"])
        self.assertEqual({"commands": ["echo hi"]}, created["Parameters"])

        described = self.aws("ssm", "describe-association", "--association-id", association_id)
        run_state = ("Overview", "LastExecutionDate", "LastSuccessfulExecutionDate")
        self.assertEqual({k: v for k, v in created.items() if k not in run_state},
                         {k: v for k, v in described["AssociationDescription"].items() if k not in run_state})

        updated = self.aws("ssm", "update-association", "--association-id", association_id,
                           "--association-version", "1", "--association-name", name,
                           "--parameters", "commands=echo bye")["AssociationDescription"]
        self.assertEqual("2", updated["AssociationVersion"])
        self.assertEqual({"commands": ["echo bye"]}, updated["Parameters"])
        self.assertEqual(created["Targets"], updated["Targets"])

        versions = self.aws("ssm", "list-association-versions", "--association-id", association_id)
        self.assertEqual(["1", "2"], [v["AssociationVersion"] for v in versions["AssociationVersions"]])
        self.assertEqual([{"commands": ["echo hi"]}, {"commands": ["echo bye"]}],
                         [v["Parameters"] for v in versions["AssociationVersions"]])

        self.assertEqual({}, self.aws("ssm", "add-tags-to-resource", "--resource-type", "Association",
                                      "--resource-id", association_id,
                                      "--tags", "Key=env,Value=prod", "Key=team,Value=ops"))
        tags = self.aws("ssm", "list-tags-for-resource", "--resource-type", "Association",
                        "--resource-id", association_id)["TagList"]
        self.assertEqual([{"Key": "env", "Value": "prod"}, {"Key": "team", "Value": "ops"}],
                         sorted(tags, key=lambda t: t["Key"]))

        listed = self.aws("ssm", "list-associations", "--association-filter-list",
                          "key=Name,value=AWS-RunShellScript", "key=AssociationName,value=%s" % name)
        self.assertEqual([association_id], [a["AssociationId"] for a in listed["Associations"]])
        self.assertEqual("2", listed["Associations"][0]["AssociationVersion"])
        self.assertNotIn("NextToken", listed)

        self.assertEqual({}, self.aws("ssm", "delete-association", "--association-id", association_id))
        stderr = self.aws_fails("AssociationDoesNotExist", "ssm", "describe-association",
                                "--association-id", association_id)
        self.assertIn("DescribeAssociation", stderr)

    def test_list_associations_pages_with_max_items_and_page_size(self):
        name = "cli-paged-%s" % uuid.uuid4().hex[:12]
        entry = {"Name": "AWS-RunShellScript", "AssociationName": name,
                 "Targets": [{"Key": "InstanceIds", "Values": ["*"]}], "Parameters": {"commands": ["echo"]}}
        batch = self.aws("ssm", "create-association-batch", "--entries", json.dumps([entry] * 3))
        self.assertEqual([], batch["Failed"])
        created = [s["AssociationId"] for s in batch["Successful"]]
        self.assertEqual(3, len(set(created)))
        filters = ["--association-filter-list", "key=Name,value=AWS-RunShellScript",
                   "key=AssociationName,value=%s" % name]

        first = self.aws("ssm", "list-associations", *filters, "--max-items", "2", "--page-size", "1")
        self.assertEqual(created[:2], [a["AssociationId"] for a in first["Associations"]])
        self.assertIn("NextToken", first)
        rest = self.aws("ssm", "list-associations", *filters, "--max-items", "2", "--page-size", "1",
                        "--starting-token", first["NextToken"])
        self.assertEqual(created[2:], [a["AssociationId"] for a in rest["Associations"]])
        self.assertNotIn("NextToken", rest)

        everything = self.aws("ssm", "list-associations", *filters, "--page-size", "1")
        self.assertEqual(created, [a["AssociationId"] for a in everything["Associations"]])
        self.assertNotIn("NextToken", everything)

    def test_documents(self):
        document = self.aws("ssm", "describe-document", "--name", "AWS-RunShellScript")["Document"]
        self.assertEqual("AWS-RunShellScript", document["Name"])
        self.assertEqual("Command", document["DocumentType"])
        self.assertEqual("Active", document["Status"])
        self.assertIn("commands", [p["Name"] for p in document["Parameters"]])

        listed = self.aws("ssm", "list-documents", "--filters", "Key=Owner,Values=Amazon")
        names = [d["Name"] for d in listed["DocumentIdentifiers"]]
        for name in ("AWS-RunShellScript", "AWS-RunPowerShellScript", "AWS-UpdateSSMAgent",
                     "AWS-GatherSoftwareInventory", "AWS-ConfigureAWSPackage", "AWS-RunPatchBaseline"):
            self.assertIn(name, names)
        self.assertNotIn("NextToken", listed)

    def test_errors(self):
        self.aws_fails("InvalidDocument", "ssm", "describe-document", "--name", "No-Such-Document")
        self.aws_fails("InvalidDocument", "ssm", "create-association", "--name", "No-Such-Document",
                       "--targets", "Key=InstanceIds,Values=*")
        # MaxResults above 50: the CLI passes it through and the server refuses it.
        stderr = self.aws_fails("ValidationException", "ssm", "list-associations", "--page-size", "100")
        self.assertIn("maxResults", stderr)


if __name__ == "__main__":
    unittest.main()
