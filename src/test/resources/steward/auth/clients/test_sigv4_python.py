"""boto3, botocore's own signer and the aws CLI as SigV4 oracles against a Steward started with a
credentials file. Run by steward.auth.SignatureClientsTest with STEWARD_ENDPOINT and the keys in
the environment."""
import json
import os
import subprocess
import time
import unittest
import urllib.error
import urllib.request

import boto3
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.config import Config
from botocore.credentials import Credentials
from botocore.exceptions import ClientError

ENDPOINT = os.environ["STEWARD_ENDPOINT"]
KEY, SECRET = os.environ["STEWARD_KEY"], os.environ["STEWARD_SECRET"]
SESSION_KEY, SESSION_SECRET = os.environ["STEWARD_SESSION_KEY"], os.environ["STEWARD_SESSION_SECRET"]
TOKEN = os.environ["STEWARD_TOKEN"]
REGION = "us-east-1"
CREATE = dict(Name="AWS-RunShellScript", Targets=[{"Key": "InstanceIds", "Values": ["*"]}],
              Parameters={"commands": ["echo boto3"]})


def ssm(key=KEY, secret=SECRET, token=None):
    return boto3.client("ssm", endpoint_url=ENDPOINT, region_name=REGION, aws_access_key_id=key,
                        aws_secret_access_key=secret, aws_session_token=token,
                        config=Config(retries={"max_attempts": 1}))


def count():
    return len([a for page in ssm().get_paginator("list_associations").paginate() for a in page["Associations"]])


def send(method, url, body=b"", headers=None):
    request = urllib.request.Request(url, data=body if method != "GET" else None, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request) as response:
            return response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read())


class Boto3(unittest.TestCase):
    def test_listed_key_creates_and_lists(self):
        before = count()
        ssm().create_association(**CREATE)
        self.assertEqual(before + 1, count())

    def test_session_key_needs_its_token(self):
        ssm(SESSION_KEY, SESSION_SECRET, TOKEN).list_associations()
        with self.assertRaises(ClientError) as e:
            ssm(SESSION_KEY, SESSION_SECRET, TOKEN + "x").list_associations()
        self.assertEqual("UnrecognizedClientException", e.exception.response["Error"]["Code"])

    def test_wrong_keys_are_refused_and_create_nothing(self):
        before = count()
        for key, secret, code in [(KEY, SECRET + "x", "InvalidSignatureException"),
                                  ("AKIAUNKNOWN000000003", SECRET, "UnrecognizedClientException"),
                                  ("test", "test", "UnrecognizedClientException")]:
            with self.assertRaises(ClientError) as e:
                ssm(key, secret).create_association(**CREATE)
            self.assertEqual(code, e.exception.response["Error"]["Code"])
            self.assertEqual(400, e.exception.response["ResponseMetadata"]["HTTPStatusCode"])
        self.assertEqual(before, count())


class BotocoreSigner(unittest.TestCase):
    def signed(self, method, path, body=b"", secret=SECRET):
        request = AWSRequest(method=method, url=ENDPOINT + path, data=body,
                             headers={"Content-Type": "application/json"} if body else {})
        SigV4Auth(Credentials(KEY, secret), "ssm", REGION).add_auth(request)
        return send(method, ENDPOINT + path, body, dict(request.headers))

    def test_control_api_path_with_escapes(self):
        status, alarm = self.signed("PUT", "/_steward/alarms/boto%20alarm%2Fx", b'{"State":"ALARM"}')
        self.assertEqual(200, status, alarm)
        self.assertEqual("boto alarm/x", alarm["Name"])
        status, alarm = self.signed("GET", "/_steward/alarms/boto%20alarm%2Fx")
        self.assertEqual((200, "ALARM"), (status, alarm.get("State")), alarm)
        status, error = self.signed("PUT", "/_steward/alarms/boto%20alarm%2Fx", b'{"State":"OK"}', secret="wrong")
        self.assertEqual((400, "InvalidSignatureException"), (status, error["__type"]))

    def test_query_string_is_canonicalized(self):
        status, nodes = self.signed("GET", "/_steward/nodes?b=2&a=%20x&a=1")
        self.assertEqual(200, status, nodes)


class PresignedUrls(unittest.TestCase):
    HEADERS = {"Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": "AmazonSSM.ListAssociations"}

    def test_presigned_url_is_accepted_until_it_expires(self):
        url = ssm().generate_presigned_url("list_associations", Params={"MaxResults": 5}, ExpiresIn=300)
        self.assertIn("X-Amz-Signature=", url)
        status, body = send("POST", url, b"", self.HEADERS)
        self.assertEqual(200, status, body)
        self.assertIn("Associations", body)
        status, body = send("POST", url, b"", dict(self.HEADERS, **{"X-Amz-Target": "AmazonSSM.DeleteAssociation"}))
        self.assertEqual((400, "InvalidSignatureException"), (status, body["__type"]))

        short = ssm().generate_presigned_url("list_associations", Params={}, ExpiresIn=1)
        time.sleep(2.5)
        status, body = send("POST", short, b"", self.HEADERS)
        self.assertEqual((400, "InvalidSignatureException"), (status, body["__type"]))
        self.assertTrue(body["Message"].startswith("Signature expired: "), body)


class AwsCli(unittest.TestCase):
    def run_cli(self, key, secret, *args):
        env = dict(os.environ, AWS_ACCESS_KEY_ID=key, AWS_SECRET_ACCESS_KEY=secret, AWS_DEFAULT_REGION=REGION,
                   AWS_CONFIG_FILE="/dev/null", AWS_SHARED_CREDENTIALS_FILE="/dev/null", AWS_MAX_ATTEMPTS="1",
                   AWS_PAGER="")
        env.pop("AWS_SESSION_TOKEN", None)
        env.pop("AWS_PROFILE", None)
        return subprocess.run(["aws", "--endpoint-url", ENDPOINT, "ssm", *args, "--output", "json"], env=env,
                              capture_output=True, text=True, timeout=120)

    def test_cli_signs_and_is_verified(self):
        ok = self.run_cli(KEY, SECRET, "list-associations")
        self.assertEqual(0, ok.returncode, ok.stderr)
        self.assertIn("Associations", json.loads(ok.stdout))
        bad = self.run_cli(KEY, "wrong", "list-associations")
        self.assertNotEqual(0, bad.returncode)
        self.assertIn("InvalidSignatureException", bad.stderr)
        unknown = self.run_cli("AKIAUNKNOWN000000003", SECRET, "list-associations")
        self.assertIn("UnrecognizedClientException", unknown.stderr)


if __name__ == "__main__":
    unittest.main()
