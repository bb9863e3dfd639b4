// Every call the console makes: the public AWS API (awsJson1_1, X-Amz-Target AmazonSSM.*) and
// Steward's /_steward/ control API, each signed with the key held in this tab's sessionStorage.
import { sign } from "./sigv4.js";

const SESSION = "steward.console.session";

export class ApiError extends Error {
  constructor(code, message, status) {
    super(message || code);
    this.code = code;
    this.status = status;
  }
}

export function session() {
  try {
    return JSON.parse(sessionStorage.getItem(SESSION));
  } catch {
    return null;
  }
}

export function saveSession(value) {
  sessionStorage.setItem(SESSION, JSON.stringify(value));
}

export function forget() {
  sessionStorage.removeItem(SESSION);
}

export function canSign() {
  return window.isSecureContext && !!(window.crypto && crypto.subtle);
}

async function send(method, path, headers, body, credentials) {
  const current = credentials || session();
  if (!current) {
    throw new ApiError("NotSignedIn", "Sign in first.", 0);
  }
  const url = new URL(path, location.origin).toString();
  const signed = await sign({ method, url, headers, body }, current, current.region, "ssm");
  let response;
  try {
    response = await fetch(url, { method, headers: signed, body: body || undefined, credentials: "omit", cache: "no-store" });
  } catch (e) {
    throw new ApiError("NetworkError", `Steward did not answer (${e.message}).`, 0);
  }
  const text = await response.text();
  let json = {};
  try {
    json = text ? JSON.parse(text) : {};
  } catch {
    json = { message: text };
  }
  if (!response.ok) {
    const type = json.__type || response.headers.get("x-amzn-errortype") || `HTTP ${response.status}`;
    const code = type.split("#").pop().split(":")[0];
    throw new ApiError(code, json.message || json.Message || code, response.status);
  }
  return json;
}

/** One SSM operation, e.g. ssm("ListAssociations", {MaxResults: 50}). */
export function ssm(operation, input = {}, credentials) {
  return send("POST", "/", {
    "content-type": "application/x-amz-json-1.1",
    "x-amz-target": "AmazonSSM." + operation,
  }, JSON.stringify(input), credentials);
}

/** Steward's control API, e.g. control("GET", "/_steward/clock"). */
export function control(method, path, input) {
  const body = input === undefined ? "" : JSON.stringify(input);
  return send(method, path, body ? { "content-type": "application/json" } : {}, body);
}

/** A sentence a person can act on, for an error from either API. */
export function explain(error) {
  switch (error.code) {
    case "InvalidSignatureException":
      return "Steward refused the signature: the secret access key does not match this access key ID, " +
        "or this computer's clock is more than 15 minutes off. (" + error.message + ")";
    case "UnrecognizedClientException":
      return "Steward does not know this access key ID, or its session token is wrong. (" + error.message + ")";
    case "MissingAuthenticationToken":
    case "IncompleteSignature":
      return "The request was not signed properly (" + error.code + "): " + error.message;
    case "UnknownOperationException":
      return "This Steward does not implement that operation yet (" + error.message + ").";
    default:
      return `${error.code}: ${error.message}`;
  }
}
