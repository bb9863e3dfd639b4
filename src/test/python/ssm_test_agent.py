"""A protocol-level SSM Agent for tests, written from shared/spec/ssm-agent-protocol.md.

It registers with a fresh RSA-2048 key, signs RequestManagedInstanceRoleToken with RSA-PSS
(SHA-256, MGF1-SHA-256, salt 32) over the SigV4 string to sign and sends it chunked, as the
agent does; reports its health with the issued credentials (botocore's SigV4 signer, with the
session token); long-polls ec2messages and really runs the shell commands it gets, in a
temporary directory, answering with the reply payloads the reference shows.

Needs python3 with botocore and cryptography.
"""

import base64
import datetime
import hashlib
import http.client
import json
import os
import shutil
import subprocess
import tempfile
import threading
import urllib.parse
import uuid

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

VERSION = "3.3.987.0"


class CallFailed(Exception):
    def __init__(self, status, code, message):
        super().__init__(f"{status} {code}: {message}")
        self.status = status
        self.code = code


def _iso(t=None):
    t = t or datetime.datetime.now(datetime.timezone.utc)
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"


class TestAgent:
    def __init__(self, endpoint, region="us-east-1"):
        self.endpoint = endpoint
        self.url = urllib.parse.urlparse(endpoint)
        self.region = region
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.fingerprint = str(uuid.uuid4())
        self.instance_id = None
        self.credentials = None
        self.received = []
        self.workdir = tempfile.mkdtemp(prefix="py-test-agent")
        self._polling = False
        self._thread = None
        self._running = {}

    # ---- HTTP ----

    def _post(self, target, body, headers, chunked=False):
        conn = http.client.HTTPConnection(self.url.hostname, self.url.port, timeout=25)
        try:
            all_headers = {"Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": target}
            all_headers.update(headers)
            if chunked:
                conn.request("POST", "/", body=iter([body]), headers=all_headers, encode_chunked=True)
            else:
                conn.request("POST", "/", body=body, headers=all_headers)
            response = conn.getresponse()
            text = response.read().decode("utf-8")
            answer = json.loads(text) if text else {}
            if response.status != 200:
                raise CallFailed(response.status, answer.get("__type"), answer.get("Message"))
            return answer
        finally:
            conn.close()

    def public_key(self):
        der = self.key.public_key().public_bytes(serialization.Encoding.DER,
                                                 serialization.PublicFormat.SubjectPublicKeyInfo)
        return base64.b64encode(der).decode("ascii")

    # ---- registration and credentials ----

    def register(self, activation_id, activation_code):
        body = json.dumps({"ActivationCode": activation_code, "ActivationId": activation_id,
                           "PublicKey": self.public_key(), "PublicKeyType": "Rsa",
                           "Fingerprint": self.fingerprint}).encode()
        self.instance_id = self._post("AmazonSSM.RegisterManagedInstance", body, {}, chunked=True)["InstanceId"]
        return self.instance_id

    def rsa_headers(self, target, body, key=None, when=None):
        when = when or datetime.datetime.now(datetime.timezone.utc)
        amz_date = when.strftime("%Y%m%dT%H%M%SZ")
        host = f"{self.url.hostname}:{self.url.port}"
        payload_hash = hashlib.sha256(body).hexdigest()
        canonical = "\n".join(["POST", "/", "", "content-type:application/x-amz-json-1.1", "host:" + host,
                               "x-amz-date:" + amz_date, "x-amz-target:" + target, "",
                               "content-type;host;x-amz-date;x-amz-target", payload_hash])
        scope = f"{amz_date[:8]}/{self.region}/ssm/aws4_request"
        string_to_sign = "\n".join(["AWS4-HMAC-SHA256", amz_date, scope,
                                    hashlib.sha256(canonical.encode()).hexdigest()])
        signature = (key or self.key).sign(string_to_sign.encode(), padding.PSS(
            mgf=padding.MGF1(hashes.SHA256()), salt_length=32), hashes.SHA256())
        return {"X-Amz-Date": amz_date, "X-Amz-Content-Sha256": payload_hash,
                "Authorization": f"AWS4-HMAC-SHA256 Credential={self.instance_id}/{scope}, "
                                 f"SignedHeaders=content-type;host;x-amz-date;x-amz-target, "
                                 f"Signature={base64.b64encode(signature).decode('ascii')}"}

    def rsa_call(self, operation, payload, key=None):
        target = "AmazonSSM." + operation
        body = json.dumps(payload).encode()
        return self._post(target, body, self.rsa_headers(target, body, key), chunked=True)

    def refresh_credentials(self):
        answer = self.rsa_call("RequestManagedInstanceRoleToken", {"Fingerprint": self.fingerprint})
        for member in ("AccessKeyId", "SecretAccessKey", "SessionToken", "TokenExpirationDate", "UpdateKeyPair"):
            assert member in answer, f"{member} missing from {answer}"
        self.credentials = Credentials(answer["AccessKeyId"], answer["SecretAccessKey"], answer["SessionToken"])
        return answer

    # ---- signed calls ----

    def _signed(self, target, service, payload):
        body = json.dumps(payload).encode()
        request = AWSRequest(method="POST", url=self.endpoint + "/", data=body,
                             headers={"Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": target})
        SigV4Auth(self.credentials, service, self.region).add_auth(request)
        headers = {k: v for k, v in request.headers.items() if k.lower() not in ("content-type", "x-amz-target")}
        return self._post(target, body, headers)

    def ssm(self, operation, payload):
        return self._signed("AmazonSSM." + operation, "ssm", payload)

    def mds(self, operation, payload):
        return self._signed("EC2WindowsMessageDeliveryService." + operation, "ec2messages", payload)

    def report_health(self):
        self.ssm("UpdateInstanceInformation", {
            "InstanceId": self.instance_id, "AgentName": "amazon-ssm-agent", "AgentVersion": VERSION,
            "AgentStatus": "Active", "PlatformType": "Linux", "PlatformName": "Ubuntu", "PlatformVersion": "24.04",
            "IPAddress": "198.51.100.7", "ComputerName": "py-agent", "AvailabilityZone": "", "AvailabilityZoneId": "",
            "SSMConnectionChannel": "ec2messages"})

    def online(self, activation_id, activation_code):
        self.register(activation_id, activation_code)
        self.refresh_credentials()
        self.ssm("UpdateInstanceInformation", {"InstanceId": self.instance_id, "AgentName": "amazon-ssm-agent",
                                               "AgentVersion": VERSION, "PlatformType": "Linux"})
        self.report_health()
        return self

    # ---- commands ----

    def start(self):
        self._polling = True
        self._thread = threading.Thread(target=self._loop, daemon=True)
        self._thread.start()
        return self

    def stop(self):
        self._polling = False

    def close(self):
        self.stop()
        shutil.rmtree(self.workdir, ignore_errors=True)

    def _loop(self):
        while self._polling:
            try:
                answer = self.mds("GetMessages", {"Destination": self.instance_id,
                                                  "MessagesRequestId": str(uuid.uuid4()),
                                                  "VisibilityTimeoutInSeconds": 10})
            except Exception:
                if not self._polling:
                    return
                continue
            for message in answer.get("Messages", []):
                self.received.append(message)
                self._handle(message)

    def _reply(self, message_id, status, runtime, counts):
        payload = {"additionalInfo": {"agent": {"lang": "en-US", "name": "amazon-ssm-agent", "os": "linux",
                                                "osver": "1", "ver": VERSION},
                                      "dateTime": _iso(), "runId": "", "runtimeStatusCounts": counts,
                                      "ableToOpenMGSConnection": False},
                   "documentStatus": status, "documentTraceOutput": "", "runtimeStatus": runtime}
        self.mds("SendReply", {"MessageId": message_id, "ReplyId": str(uuid.uuid4()), "Payload": json.dumps(payload)})

    def _handle(self, message):
        message_id = message["MessageId"]
        payload = json.loads(message["Payload"])
        self._reply(message_id, "InProgress", None, None)
        self.mds("AcknowledgeMessage", {"MessageId": message_id})
        if message["Topic"].startswith("aws.ssm.cancelCommand"):
            process = self._running.get(payload.get("CancelMessageId"))
            if process is not None:
                process.kill()
            return
        if not message["Topic"].startswith("aws.ssm.sendCommand"):
            return
        threading.Thread(target=self._run, args=(message_id, payload), daemon=True).start()

    def _run(self, message_id, payload):
        content = payload["DocumentContent"]
        params = payload.get("Parameters", {})
        steps = []
        if "mainSteps" in content:
            for step in content["mainSteps"]:
                steps.append((step["name"], step["action"], step.get("inputs", {}).get("runCommand", [])))
        else:
            for name, plugin in content.get("runtimeConfig", {}).items():
                for prop in plugin.get("properties", []):
                    steps.append((name, name, prop.get("runCommand", [])))
        results, counts = {}, {}
        for plugin_id, action, run_command in steps:
            commands = self._substitute(run_command, params, content)
            start = _iso()
            directory = tempfile.mkdtemp(dir=self.workdir)
            process = subprocess.Popen(["sh", "-c", "\n".join(commands)], cwd=directory, stdout=subprocess.PIPE,
                                       stderr=subprocess.PIPE, text=True)
            self._running[message_id] = process
            stdout, stderr = process.communicate()
            self._running.pop(message_id, None)
            code = process.returncode
            status = "Cancelled" if code < 0 else "Success" if code == 0 else "Failed"
            code = 137 if code < 0 else code
            output = stdout + ("\n----------ERROR-------\n" + stderr if stderr else "")
            entry = {"status": status, "code": code, "name": action, "output": output[:2500],
                     "standardOutput": stdout, "standardError": stderr, "startDateTime": start,
                     "endDateTime": _iso(), "outputS3BucketName": "", "outputS3KeyPrefix": "", "stepName": ""}
            results[plugin_id] = entry
            counts[status] = counts.get(status, 0) + 1
            self._reply(message_id, "InProgress", {plugin_id: entry}, dict(counts))
        final = "Failed" if "Failed" in counts else "Cancelled" if "Cancelled" in counts else "Success"
        self._reply(message_id, final, results if len(steps) == 1 else {}, counts)

    @staticmethod
    def _substitute(run_command, params, content):
        if isinstance(run_command, str):
            name = run_command.strip()
            if name.startswith("{{") and name.endswith("}}"):
                key = name[2:-2].strip()
                value = params.get(key, content.get("parameters", {}).get(key, {}).get("default", []))
                return value if isinstance(value, list) else [value]
            return [run_command]
        return list(run_command)
