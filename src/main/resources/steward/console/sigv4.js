// AWS Signature Version 4 on the browser's WebCrypto. Written here rather than taken from a
// library because no SigV4 signer is published as a WebJar on Maven Central (aws4fetch and
// @smithy/signature-v4 are npm-only, and bundling one would make the server's build need node).
// It signs exactly what Steward's verifier and the AWS SDKs agree on; src/test/js checks it
// against @smithy/signature-v4 byte for byte.

const encoder = new TextEncoder();

function hex(buffer) {
  return Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, "0")).join("");
}

async function sha256Hex(text) {
  return hex(await crypto.subtle.digest("SHA-256", encoder.encode(text)));
}

async function hmac(key, text) {
  const raw = typeof key === "string" ? encoder.encode(key) : key;
  const cryptoKey = await crypto.subtle.importKey("raw", raw, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  return new Uint8Array(await crypto.subtle.sign("HMAC", cryptoKey, encoder.encode(text)));
}

/** RFC 3986 escaping, as SigV4 wants it: everything but A-Z a-z 0-9 - _ . ~ */
export function escapeRfc3986(text) {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase());
}

function canonicalPath(path) {
  // Non-S3 services sign each segment of the path as sent, escaped once more.
  return path.split("/").map(escapeRfc3986).join("/") || "/";
}

function canonicalQuery(search) {
  const pairs = [];
  for (const [key, value] of new URLSearchParams(search)) {
    pairs.push([escapeRfc3986(key), escapeRfc3986(value)]);
  }
  pairs.sort(([ak, av], [bk, bv]) => (ak < bk ? -1 : ak > bk ? 1 : av < bv ? -1 : av > bv ? 1 : 0));
  return pairs.map(([k, v]) => `${k}=${v}`).join("&");
}

export function amzDate(date) {
  return date.toISOString().replace(/[:-]|\.\d{3}/g, "");
}

/**
 * Signs a request. `request` is {method, url (absolute), headers (object), body (string)};
 * the answer is the headers to send, with Authorization and X-Amz-Date (and the session token
 * when there is one). `host` is signed but left out of the answer: a browser sets it itself.
 */
export async function sign(request, credentials, region, service, now = new Date()) {
  const url = new URL(request.url);
  const time = amzDate(now);
  const day = time.slice(0, 8);
  const headers = {};
  for (const [name, value] of Object.entries(request.headers || {})) {
    headers[name.toLowerCase()] = String(value).trim().replace(/\s+/g, " ");
  }
  headers["host"] = url.host;
  headers["x-amz-date"] = time;
  if (credentials.sessionToken) {
    headers["x-amz-security-token"] = credentials.sessionToken;
  }
  const names = Object.keys(headers).sort();
  const signedHeaders = names.join(";");
  const canonicalRequest = [
    request.method.toUpperCase(),
    canonicalPath(url.pathname),
    canonicalQuery(url.search),
    names.map((n) => `${n}:${headers[n]}\n`).join(""),
    signedHeaders,
    await sha256Hex(request.body || ""),
  ].join("\n");
  const scope = `${day}/${region}/${service}/aws4_request`;
  const stringToSign = ["AWS4-HMAC-SHA256", time, scope, await sha256Hex(canonicalRequest)].join("\n");
  let key = await hmac("AWS4" + credentials.secretAccessKey, day);
  for (const part of [region, service, "aws4_request"]) {
    key = await hmac(key, part);
  }
  const signature = hex(await hmac(key, stringToSign));
  const answer = { ...headers };
  delete answer.host;
  answer["authorization"] =
    `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
  return answer;
}
