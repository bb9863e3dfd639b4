// Steward's run history through the AWS SDK for JavaScript v3, driven by node's own test
// runner. The Java suite starts the server, makes the runs, and passes their ids in.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  SSMClient,
  DescribeAssociationExecutionsCommand,
  DescribeAssociationExecutionTargetsCommand,
  DescribeAssociationCommand,
  paginateDescribeAssociationExecutions,
  paginateDescribeAssociationExecutionTargets,
} from "@aws-sdk/client-ssm";

const endpoint = process.env.STEWARD_ENDPOINT;
const associationId = process.env.STEWARD_ASSOCIATION_ID;
const expectedRuns = Number(process.env.STEWARD_EXPECTED_RUNS);
const client = (accessKeyId = "test") =>
  new SSMClient({
    endpoint,
    region: "us-east-1",
    credentials: { accessKeyId, secretAccessKey: "test" },
    maxAttempts: 1,
  });
const ssm = client();

async function all(pageSize, filters) {
  const runs = [];
  const tokens = new Set();
  const pages = paginateDescribeAssociationExecutions(
    { client: ssm, pageSize },
    { AssociationId: associationId, Filters: filters },
  );
  for await (const page of pages) {
    runs.push(...page.AssociationExecutions);
    if (page.NextToken) {
      assert.ok(!tokens.has(page.NextToken), "a token is never repeated");
      tokens.add(page.NextToken);
    }
  }
  return runs;
}

async function errorOf(promise) {
  try {
    await promise;
  } catch (e) {
    assert.ok(e.$metadata.requestId, "errors carry x-amzn-RequestId");
    return e.name;
  }
  assert.fail("expected an error");
}

test("the paginator walks the whole history newest first, every run once", async () => {
  for (const size of [1, 7, 50]) {
    const runs = await all(size);
    assert.equal(runs.length, expectedRuns, `page size ${size}`);
    assert.equal(new Set(runs.map((r) => r.ExecutionId)).size, expectedRuns);
    for (let i = 1; i < runs.length; i++) {
      assert.ok(runs[i].CreatedTime <= runs[i - 1].CreatedTime, "newest first");
    }
  }
});

test("every member of an execution arrives typed", async () => {
  const [run] = (await ssm.send(new DescribeAssociationExecutionsCommand({ AssociationId: associationId, MaxResults: 1 })))
    .AssociationExecutions;
  assert.equal(run.AssociationId, associationId);
  assert.match(run.AssociationVersion, /^[1-9][0-9]*$/);
  assert.match(run.ExecutionId, /^[0-9a-f-]{36}$/);
  assert.ok(run.CreatedTime instanceof Date, "timestamps parse as dates");
  assert.ok(run.LastExecutionDate instanceof Date);
  assert.match(run.ResourceCountByStatus, /^\{([A-Za-z]+=\d+(, )?)*\}$/);
  assert.ok(["Success", "Failed", "TimedOut"].includes(run.Status));
});

test("filters select exactly what they name, combined with AND", async () => {
  const everything = await all(50);
  const failed = await all(50, [{ Key: "Status", Value: "Failed", Type: "EQUAL" }]);
  assert.deepEqual(failed.map((r) => r.ExecutionId), everything.filter((r) => r.Status === "Failed").map((r) => r.ExecutionId));
  const middle = everything[Math.floor(everything.length / 2)];
  const older = await all(50, [{ Key: "CreatedTime", Value: middle.CreatedTime.toISOString(), Type: "LESS_THAN" }]);
  assert.deepEqual(older.map((r) => r.ExecutionId), everything.filter((r) => r.CreatedTime < middle.CreatedTime).map((r) => r.ExecutionId));
  const one = await all(50, [
    { Key: "ExecutionId", Value: middle.ExecutionId, Type: "EQUAL" },
    { Key: "Status", Value: middle.Status, Type: "EQUAL" },
  ]);
  assert.deepEqual(one.map((r) => r.ExecutionId), [middle.ExecutionId]);
});

test("targets page with their own paginator", async () => {
  const [run] = (await ssm.send(new DescribeAssociationExecutionsCommand({ AssociationId: associationId, MaxResults: 1 })))
    .AssociationExecutions;
  const targets = [];
  for await (const page of paginateDescribeAssociationExecutionTargets(
    { client: ssm, pageSize: 1 },
    { AssociationId: associationId, ExecutionId: run.ExecutionId },
  )) {
    targets.push(...page.AssociationExecutionTargets);
  }
  assert.ok(targets.length >= 1);
  for (const t of targets) {
    assert.equal(t.ResourceType, "ManagedInstance");
    assert.equal(t.OutputSource.OutputSourceType, "RunCommand");
    assert.equal(t.OutputSource.OutputSourceId.length, 36);
  }
});

test("errors arrive as the SDK's named exceptions", async () => {
  assert.equal(await errorOf(ssm.send(new DescribeAssociationExecutionsCommand({ AssociationId: "00000000-0000-0000-0000-000000000000" }))),
    "AssociationDoesNotExist");
  assert.equal(await errorOf(client("111122223333").send(new DescribeAssociationExecutionsCommand({ AssociationId: associationId }))),
    "AssociationDoesNotExist");
  assert.equal(await errorOf(ssm.send(new DescribeAssociationExecutionsCommand({ AssociationId: associationId, NextToken: "forged" }))),
    "InvalidNextToken");
  assert.equal(await errorOf(ssm.send(new DescribeAssociationExecutionsCommand({ AssociationId: associationId, MaxResults: 51 }))),
    "ValidationException");
  assert.equal(await errorOf(ssm.send(new DescribeAssociationExecutionTargetsCommand({
    AssociationId: associationId, ExecutionId: "00000000-0000-0000-0000-000000000000" }))), "AssociationExecutionDoesNotExist");
  assert.equal(await errorOf(ssm.send(new DescribeAssociationExecutionsCommand({
    AssociationId: associationId, Filters: [{ Key: "Status", Value: "Success", Type: "LESS_THAN" }] }))), "ValidationException");
  const described = await ssm.send(new DescribeAssociationCommand({ AssociationId: associationId }));
  assert.ok(described.AssociationDescription.LastExecutionDate instanceof Date);
});
