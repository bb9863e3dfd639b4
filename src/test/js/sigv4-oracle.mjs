// The AWS SDK for JavaScript v3 and its SigV4 signer (@smithy/signature-v4) as oracles against a
// Steward started with a credentials file. Run by steward.auth.SignatureClientsTest as
// `node --test sigv4-oracle.mjs` with STEWARD_ENDPOINT and the keys in the environment.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash, createHmac } from "node:crypto";
import { SSMClient, ListAssociationsCommand, CreateAssociationCommand } from "@aws-sdk/client-ssm";
import { SignatureV4 } from "@smithy/signature-v4";

const endpoint = process.env.STEWARD_ENDPOINT;
const url = new URL(endpoint);
const key = { accessKeyId: process.env.STEWARD_KEY, secretAccessKey: process.env.STEWARD_SECRET };
const session = {
  accessKeyId: process.env.STEWARD_SESSION_KEY,
  secretAccessKey: process.env.STEWARD_SESSION_SECRET,
  sessionToken: process.env.STEWARD_TOKEN,
};
const create = {
  Name: "AWS-RunShellScript",
  Targets: [{ Key: "InstanceIds", Values: ["*"] }],
  Parameters: { commands: ["echo js"] },
};

const ssm = (credentials) => new SSMClient({ endpoint, region: "us-east-1", credentials, maxAttempts: 1 });
const count = async () => (await ssm(key).send(new ListAssociationsCommand({ MaxResults: 50 }))).Associations.length;

class Sha256 {
  constructor(secret) {
    this.hash = secret ? createHmac("sha256", secret) : createHash("sha256");
  }
  update(data) {
    this.hash.update(data);
  }
  async digest() {
    return new Uint8Array(this.hash.digest());
  }
}
const signer = (credentials) =>
  new SignatureV4({ credentials, region: "us-east-1", service: "ssm", sha256: Sha256 });

function request(method, path, body, query = {}) {
  const headers = { host: url.host };
  if (body !== undefined) headers["content-type"] = "application/json";
  return { method, protocol: url.protocol, hostname: url.hostname, port: Number(url.port), path, query, headers, body };
}

async function send(signed) {
  const parts = [];
  for (const [name, value] of Object.entries(signed.query ?? {})) {
    for (const one of [].concat(value)) parts.push(`${encodeURIComponent(name)}=${encodeURIComponent(one)}`);
  }
  const query = parts.join("&");
  const headers = { ...signed.headers };
  delete headers.host;
  const response = await fetch(`${endpoint}${signed.path}${query ? `?${query}` : ""}`, {
    method: signed.method,
    headers,
    body: signed.body,
  });
  return { status: response.status, body: await response.json() };
}

async function rejects(promise, name) {
  await assert.rejects(promise, (e) => {
    assert.equal(e.name, name, e.message);
    assert.equal(e.$metadata.httpStatusCode, 400);
    return true;
  });
}

test("the SDK's requests are verified, and wrong keys create nothing", async () => {
  const before = await count();
  await ssm(key).send(new CreateAssociationCommand(create));
  assert.equal(await count(), before + 1);
  await rejects(ssm({ ...key, secretAccessKey: "wrong" }).send(new CreateAssociationCommand(create)),
    "InvalidSignatureException");
  await rejects(ssm({ ...key, accessKeyId: "AKIAUNKNOWN000000003" }).send(new CreateAssociationCommand(create)),
    "UnrecognizedClientException");
  await rejects(ssm({ ...session, sessionToken: "forged" }).send(new CreateAssociationCommand(create)),
    "UnrecognizedClientException");
  assert.equal(await count(), before + 1);
  await ssm(session).send(new ListAssociationsCommand({}));
});

test("the SDK's signer signs control API paths with escapes as the server verifies them", async () => {
  const put = await signer(key).sign(request("PUT", "/_steward/alarms/js%20alarm%2Fone", '{"State":"ALARM"}'));
  assert.deepEqual(await send(put), { status: 200, body: { Name: "js alarm/one", State: "ALARM" } });
  const get = await signer(key).sign(request("GET", "/_steward/nodes", undefined, { b: "2", a: ["x y", "1"] }));
  assert.equal((await send(get)).status, 200);
  const forged = await signer({ ...key, secretAccessKey: "wrong" }).sign(request("GET", "/_steward/nodes"));
  assert.equal((await send(forged)).body.__type, "InvalidSignatureException");
});

test("presigned requests are accepted until they expire", async () => {
  const presigned = await signer(key).presign(request("GET", "/_steward/nodes"), { expiresIn: 300 });
  assert.ok(presigned.query["X-Amz-Signature"]);
  const ok = await send(presigned);
  assert.equal(ok.status, 200, JSON.stringify(ok.body));
  const old = await signer(key).presign(request("GET", "/_steward/nodes"), {
    expiresIn: 60,
    signingDate: new Date(Date.now() - 10 * 60 * 1000),
  });
  const expired = await send(old);
  assert.equal(expired.status, 400);
  assert.equal(expired.body.__type, "InvalidSignatureException");
  assert.match(expired.body.Message, /^Signature expired: /);
});
