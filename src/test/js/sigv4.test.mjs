// The console's SigV4 signer (src/main/resources/steward/console/sigv4.js, written on WebCrypto
// for the browser) against the AWS SDK's own signer, @smithy/signature-v4: same request, same
// clock, same headers, byte for byte. Run by steward.console.ConsoleBrowserTest.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createHash, createHmac } from "node:crypto";
import { SignatureV4 } from "@smithy/signature-v4";

const source = readFileSync(new URL("../../main/resources/steward/console/sigv4.js", import.meta.url), "utf8");
const { sign } = await import("data:text/javascript," + encodeURIComponent(source));

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

const now = new Date("2026-03-04T05:06:07.089Z");
const cases = [
  { name: "an SSM call", method: "POST", url: "http://127.0.0.1:4583/", body: '{"MaxResults":1}',
    headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": "AmazonSSM.ListAssociations" } },
  { name: "a control GET with no body", method: "GET", url: "http://localhost:9/_steward/nodes/mi-0123456789abcdef0", body: "",
    headers: {} },
  { name: "a path and query that need escaping", method: "PUT", url: "http://127.0.0.1:4583/_steward/alarms/my%20alarm?b=2&a=x%2Fy&a=1",
    body: '{"State":"OK"}', headers: { "content-type": "application/json" } },
  { name: "a unicode body", method: "POST", url: "http://127.0.0.1:4583/", body: '{"AssociationName":"caf\u00e9 \u2713"}',
    headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": "AmazonSSM.CreateAssociation" } },
];
const credentialSets = [
  { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY" },
  { accessKeyId: "ASIATEMP", secretAccessKey: "s3cret", sessionToken: "token/with+chars=" },
];

for (const c of cases) {
  for (const credentials of credentialSets) {
    test(`signs ${c.name} as the AWS SDK does${credentials.sessionToken ? ", with a session token" : ""}`, async () => {
      const url = new URL(c.url);
      const query = {};
      for (const [k, v] of url.searchParams) query[k] = k in query ? [].concat(query[k], v) : v;
      const sdk = new SignatureV4({ credentials, region: "eu-west-1", service: "ssm", sha256: Sha256, applyChecksum: false });
      const expected = await sdk.sign({
        method: c.method, protocol: url.protocol, hostname: url.hostname, port: url.port ? Number(url.port) : undefined,
        path: url.pathname, query, headers: { ...c.headers, host: url.host }, body: c.body,
      }, { signingDate: now });
      const ours = await sign({ method: c.method, url: c.url, headers: c.headers, body: c.body }, credentials, "eu-west-1", "ssm", now);
      assert.equal(ours.authorization, expected.headers.authorization);
      assert.equal(ours["x-amz-date"], expected.headers["x-amz-date"]);
      assert.equal(ours["x-amz-security-token"], expected.headers["x-amz-security-token"]);
      assert.equal(ours.host, undefined, "a browser sets Host itself");
    });
  }
}
