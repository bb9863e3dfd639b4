// Compliance through the AWS SDK for JavaScript v3, driven by node's own test runner. The Java
// suite starts the server, registers a succeeding and a failing node, runs an AUTO association
// (ComplianceSeverity MEDIUM) and a MANUAL one on both, and passes their ids in.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  SSMClient,
  PutComplianceItemsCommand,
  ListComplianceItemsCommand,
  ListResourceComplianceSummariesCommand,
  ListComplianceSummariesCommand,
  paginateListComplianceItems,
  paginateListResourceComplianceSummaries,
  paginateListComplianceSummaries,
} from "@aws-sdk/client-ssm";

const endpoint = process.env.STEWARD_ENDPOINT;
const okNode = process.env.STEWARD_OK_NODE;
const badNode = process.env.STEWARD_BAD_NODE;
const autoId = process.env.STEWARD_AUTO_ASSOCIATION;
const manualId = process.env.STEWARD_MANUAL_ASSOCIATION;
const client = (accessKeyId = "test") =>
  new SSMClient({
    endpoint,
    region: "us-east-1",
    credentials: { accessKeyId, secretAccessKey: "test" },
    maxAttempts: 1,
  });
const ssm = client();
const at = new Date("2024-05-01T10:00:00Z");

async function errorOf(promise) {
  try {
    await promise;
  } catch (e) {
    assert.ok(e.$metadata.requestId, "errors carry x-amzn-RequestId");
    assert.equal(e.$metadata.httpStatusCode, 400);
    return e.name;
  }
  assert.fail("expected an error");
}

async function items(resourceId, filters, pageSize = 50) {
  const found = [];
  for await (const page of paginateListComplianceItems({ client: ssm, pageSize },
    { ResourceIds: resourceId ? [resourceId] : undefined, Filters: filters })) {
    found.push(...page.ComplianceItems);
  }
  return found;
}

function put(resourceId, complianceType, entries, extra = {}) {
  return ssm.send(new PutComplianceItemsCommand({
    ResourceId: resourceId, ResourceType: "ManagedInstance", ComplianceType: complianceType,
    ExecutionSummary: { ExecutionTime: at }, Items: entries, ...extra,
  }));
}

test("the AUTO association left one item per node; the MANUAL one left none", async () => {
  const bad = await items(badNode);
  assert.equal(bad.length, 1);
  assert.equal(bad[0].Id, autoId);
  assert.equal(bad[0].ComplianceType, "Association");
  assert.equal(bad[0].Status, "NON_COMPLIANT");
  assert.equal(bad[0].Severity, "MEDIUM");
  assert.equal(bad[0].Title, "");
  assert.ok(bad[0].ExecutionSummary.ExecutionTime instanceof Date);
  assert.deepEqual(bad[0].Details, { DocumentName: "AWS-RunShellScript", DocumentVersion: "1" });
  const ok = await items(okNode, [{ Key: "Status", Values: ["COMPLIANT"], Type: "EQUAL" }]);
  assert.deepEqual(ok.map((i) => i.Id), [autoId]);
});

test("summaries count the mixed run, then a PARTIAL report of the MANUAL association", async () => {
  let summaries = (await ssm.send(new ListComplianceSummariesCommand({}))).ComplianceSummaryItems;
  assert.equal(summaries.length, 1);
  assert.equal(summaries[0].CompliantSummary.CompliantCount, 1);
  assert.equal(summaries[0].NonCompliantSummary.NonCompliantCount, 1);
  assert.equal(summaries[0].NonCompliantSummary.SeveritySummary.MediumCount, 1);

  await put(okNode, "Association", [{ Id: manualId, Severity: "CRITICAL", Status: "NON_COMPLIANT" }],
    { UploadType: "PARTIAL" });
  summaries = (await ssm.send(new ListComplianceSummariesCommand({}))).ComplianceSummaryItems;
  assert.equal(summaries[0].CompliantSummary.CompliantCount, 0, "the ok node is now non-compliant too");
  assert.equal(summaries[0].NonCompliantSummary.NonCompliantCount, 2);
  assert.equal(summaries[0].NonCompliantSummary.SeveritySummary.CriticalCount, 1);
  const mine = (await ssm.send(new ListResourceComplianceSummariesCommand({
    Filters: [{ Key: "ResourceId", Values: [okNode] }],
  }))).ResourceComplianceSummaryItems;
  assert.equal(mine.length, 1);
  assert.equal(mine[0].OverallSeverity, "CRITICAL");
  assert.equal(mine[0].CompliantSummary.CompliantCount, 1);
  assert.equal(mine[0].NonCompliantSummary.NonCompliantCount, 1);
});

test("Custom uploads replace their type and page past a page", async () => {
  const many = Array.from({ length: 75 }, (_, i) => ({
    Id: `c-${String(i).padStart(3, "0")}`, Severity: "LOW", Status: "COMPLIANT", Details: { n: String(i) },
  }));
  await put(badNode, "Custom:Inventory", many, { ItemContentHash: "v1" });
  const listed = await items(badNode, [{ Key: "ComplianceType", Values: ["Custom:"], Type: "BEGIN_WITH" }], 10);
  assert.deepEqual(listed.map((i) => i.Id), many.map((i) => i.Id));
  await put(badNode, "Custom:Inventory", [], { ItemContentHash: "v1" });
  assert.equal((await items(badNode, [{ Key: "ComplianceType", Values: ["Custom:Inventory"] }])).length, 75);
  await put(badNode, "Custom:Inventory", [{ Id: "only", Severity: "HIGH", Status: "COMPLIANT" }]);
  assert.deepEqual((await items(badNode, [{ Key: "ComplianceType", Values: ["Custom:Inventory"] }])).map((i) => i.Id),
    ["only"]);
  const resources = [];
  for await (const page of paginateListResourceComplianceSummaries({ client: ssm, pageSize: 1 }, {})) {
    resources.push(...page.ResourceComplianceSummaryItems);
  }
  assert.equal(resources.length, 3);
  const types = [];
  for await (const page of paginateListComplianceSummaries({ client: ssm, pageSize: 1 }, {})) {
    types.push(...page.ComplianceSummaryItems.map((s) => s.ComplianceType));
  }
  assert.deepEqual(types, ["Association", "Custom:Inventory"]);
});

test("another account sees nothing and cannot write", async () => {
  const other = client("210987654321");
  assert.deepEqual((await other.send(new ListComplianceItemsCommand({}))).ComplianceItems, []);
  assert.deepEqual((await other.send(new ListComplianceSummariesCommand({}))).ComplianceSummaryItems, []);
  assert.equal(await errorOf(other.send(new PutComplianceItemsCommand({
    ResourceId: okNode, ResourceType: "ManagedInstance", ComplianceType: "Custom:Intrude",
    ExecutionSummary: { ExecutionTime: at }, Items: [],
  }))), "InvalidResourceId");
});

test("errors arrive as the SDK's typed exceptions", async () => {
  assert.equal(await errorOf(put(okNode, "Custom:Typed", [], { ResourceType: "Server" })), "InvalidResourceType");
  assert.equal(await errorOf(put("mi-0123456789abcdef0", "Custom:Typed", [])), "InvalidResourceId");
  assert.equal(await errorOf(put(okNode, "Association", [{ Severity: "LOW", Status: "COMPLIANT" }])),
    "InvalidItemContentException");
  assert.equal(await errorOf(put(okNode, "Association", [{ Id: autoId, Severity: "LOW", Status: "COMPLIANT" }],
    { UploadType: "PARTIAL" })), "InvalidItemContentException");
  assert.equal(await errorOf(ssm.send(new ListComplianceItemsCommand({ Filters: [{ Key: "Nope", Values: ["x"] }] }))),
    "InvalidFilter");
  assert.equal(await errorOf(ssm.send(new ListResourceComplianceSummariesCommand({ NextToken: "forged" }))),
    "InvalidNextToken");
  assert.equal(await errorOf(put(okNode, "Custom:X", [])), "ValidationException");
});
