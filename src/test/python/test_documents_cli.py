"""Documents users write, through the real `aws` CLI, as a new user would try them.

Each call starts a Python interpreter (about half a second), so the calls are few. The suite works
in an account of its own (a random 12-digit access key id).

    STEWARD_ENDPOINT=http://127.0.0.1:4583 python3 -m unittest -v src/test/python/test_documents_cli.py
"""

import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import unittest
import uuid

CALL_TIMEOUT_SECONDS = 60

DOCUMENT = {
    "schemaVersion": "2.2",
    "description": "Writes a greeting",
    "parameters": {"greeting": {"type": "String", "default": "hello", "allowedPattern": "^[a-z]+$"}},
    "mainSteps": [{"action": "aws:runShellScript", "name": "greet",
                   "inputs": {"runCommand": ["echo {{ greeting }} > /tmp/greeting"]}}],
}


def endpoint():
    url = os.environ.get("STEWARD_ENDPOINT")
    if not url:
        raise RuntimeError("set STEWARD_ENDPOINT to the URL of a running Steward, e.g. http://127.0.0.1:4583")
    return url


def aws_command():
    found = shutil.which("aws")
    return [found] if found else [sys.executable, "-m", "awscli"]


class DocumentsCliTest(unittest.TestCase):
    maxDiff = None

    @classmethod
    def setUpClass(cls):
        env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
        missing = os.path.join(os.path.dirname(os.path.abspath(__file__)), "no-such-aws-config")
        env.update({
            "AWS_ACCESS_KEY_ID": str(random.SystemRandom().randrange(100_000_000_000, 1_000_000_000_000)),
            "AWS_SECRET_ACCESS_KEY": "test",
            "AWS_DEFAULT_REGION": "us-east-1",
            "AWS_CONFIG_FILE": missing,
            "AWS_SHARED_CREDENTIALS_FILE": missing,
            "AWS_EC2_METADATA_DISABLED": "true",
            "AWS_RETRY_MODE": "standard",
            "AWS_MAX_ATTEMPTS": "1",
        })
        cls.env = env
        cls.base = aws_command() + ["--endpoint-url", endpoint(), "--output", "json"]
        cls.dir = tempfile.mkdtemp(prefix="steward-cli-docs")

    def run_aws(self, *args):
        return subprocess.run(self.base + list(args), env=self.env, capture_output=True, text=True,
                              timeout=CALL_TIMEOUT_SECONDS, stdin=subprocess.DEVNULL)

    def aws(self, *args):
        result = self.run_aws(*args)
        self.assertEqual(0, result.returncode, "aws %s\n%s" % (" ".join(args), result.stderr))
        return json.loads(result.stdout) if result.stdout.strip() else {}

    def aws_fails(self, code, *args):
        result = self.run_aws(*args)
        self.assertNotEqual(0, result.returncode, result.stdout)
        self.assertIn("An error occurred (%s)" % code, result.stderr)
        return result.stderr

    def file(self, name, text):
        path = os.path.join(self.dir, name)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        return "file://" + path

    def test_a_new_user_writes_a_document_and_associates_it(self):
        name = "My-Doc-" + uuid.uuid4().hex[:6]
        mydoc = self.file("mydoc.json", json.dumps(DOCUMENT, indent=2))
        created = self.aws("ssm", "create-document", "--name", name, "--document-type", "Command",
                           "--content", mydoc, "--tags", "Key=team,Value=ops")["DocumentDescription"]
        self.assertEqual("1", created["DocumentVersion"])
        self.assertEqual(["Linux", "MacOS"], created["PlatformTypes"])

        yaml_text = self.aws("ssm", "get-document", "--name", name, "--document-format", "YAML")["Content"]
        self.assertIn("mainSteps:", yaml_text)
        v2 = self.file("mydoc.yaml", yaml_text.replace("Writes a greeting", "Writes a greeting, v2"))
        updated = self.aws("ssm", "update-document", "--name", name, "--content", v2, "--document-format", "YAML",
                           "--document-version", "$LATEST", "--version-name", "second")["DocumentDescription"]
        self.assertEqual(("2", "YAML"), (updated["DocumentVersion"], updated["DocumentFormat"]))
        self.aws("ssm", "update-document-default-version", "--name", name, "--document-version", "2")
        versions = self.aws("ssm", "list-document-versions", "--name", name)["DocumentVersions"]
        self.assertEqual([("1", False), ("2", True)], [(v["DocumentVersion"], v["IsDefaultVersion"]) for v in versions])

        mine = self.aws("ssm", "list-documents", "--filters", "Key=Owner,Values=Self")["DocumentIdentifiers"]
        self.assertEqual([name], [d["Name"] for d in mine])
        # --page-size 1: the CLI follows NextToken page by page and prints everything.
        paged = self.aws("ssm", "list-document-versions", "--name", name, "--page-size", "1")
        self.assertEqual(["1", "2"], [v["DocumentVersion"] for v in paged["DocumentVersions"]])
        amazon = self.aws("ssm", "list-documents", "--filters", "Key=Owner,Values=Amazon", "--page-size", "2")
        self.assertEqual(6, len(amazon["DocumentIdentifiers"]))
        self.aws("ssm", "add-tags-to-resource", "--resource-type", "Document", "--resource-id", name,
                 "--tags", "Key=env,Value=dev")
        tags = self.aws("ssm", "list-tags-for-resource", "--resource-type", "Document", "--resource-id", name)
        self.assertEqual({"env": "dev", "team": "ops"}, {t["Key"]: t["Value"] for t in tags["TagList"]})

        stderr = self.aws_fails("InvalidParameters", "ssm", "create-association", "--name", name,
                                "--targets", "Key=InstanceIds,Values=*", "--parameters", "greeting=Hello World")
        self.assertIn('Parameter "greeting" value "Hello World" does not match its allowedPattern', stderr)
        association = self.aws("ssm", "create-association", "--name", name, "--targets", "Key=InstanceIds,Values=*",
                               "--parameters", "greeting=hi")["AssociationDescription"]
        self.assertEqual("$DEFAULT", association["DocumentVersion"])
        self.aws_fails("AssociatedInstances", "ssm", "delete-document", "--name", name)
        self.aws("ssm", "delete-association", "--association-id", association["AssociationId"])
        self.aws("ssm", "delete-document", "--name", name)
        stderr = self.aws_fails("InvalidDocument", "ssm", "describe-document", "--name", name)
        self.assertIn("does not exist", stderr)

    def test_sharing_and_refusals(self):
        name = "Shared-" + uuid.uuid4().hex[:6]
        self.aws("ssm", "create-document", "--name", name, "--content", json.dumps(DOCUMENT))
        self.aws("ssm", "modify-document-permission", "--name", name, "--permission-type", "Share",
                 "--account-ids-to-add", "123456789012")
        shared = self.aws("ssm", "describe-document-permission", "--name", name, "--permission-type", "Share")
        self.assertEqual(["123456789012"], shared["AccountIds"])
        self.aws_fails("ValidationException", "ssm", "create-document", "--name", "AWS-Mine", "--content",
                       json.dumps(DOCUMENT))
        stderr = self.aws_fails("InvalidDocumentContent", "ssm", "create-document", "--name", name + "-bad",
                                "--content", json.dumps(dict(DOCUMENT, mainSteps=[{"action": "aws:runShellScript",
                                                                                   "inputs": {}}])))
        self.assertIn("mainSteps[0].name", stderr)
        self.aws_fails("DuplicateDocumentContent", "ssm", "update-document", "--name", name,
                       "--content", json.dumps(DOCUMENT), "--document-version", "$LATEST")


if __name__ == "__main__":
    unittest.main()
