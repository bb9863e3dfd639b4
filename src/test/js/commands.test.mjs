// Run Command through the AWS SDK for JavaScript v3: SendCommand, the CommandExecuted waiter,
// GetCommandInvocation, the ListCommands and ListCommandInvocations paginators, CancelCommand
// and typed errors. The Java suite starts the server and registers the nodes.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  SSMClient,
  SendCommandCommand,
  GetCommandInvocationCommand,
  ListCommandsCommand,
  CancelCommandCommand,
  paginateListCommands,
  paginateListCommandInvocations,
  waitUntilCommandExecuted,
} from "@aws-sdk/client-ssm";

const endpoint = process.env.STEWARD_ENDPOINT;
const quick = process.env.STEWARD_QUICK_NODE;
const slow = process.env.STEWARD_SLOW_NODE;
const ssm = new SSMClient({
  endpoint,
  region: "us-east-1",
  credentials: { accessKeyId: "test", secretAccessKey: "test" },
  maxAttempts: 1,
});

const send = (extra) =>
  ssm.send(
    new SendCommandCommand({
      DocumentName: "AWS-RunShellScript",
      Parameters: { commands: ["echo js"] },
      ...extra,
    }),
  );

async function errorOf(promise) {
  try {
    await promise;
  } catch (e) {
    return e.name;
  }
  assert.fail("expected an error");
}

test("a command runs, the waiter sees it at once, and its output reads back", async () => {
  const { Command } = await send({ InstanceIds: [quick], Comment: "from js" });
  assert.equal(Command.TargetCount, 1);
  const waited = await waitUntilCommandExecuted(
    { client: ssm, minDelay: 1, maxDelay: 1, maxWaitTime: 60 },
    { CommandId: Command.CommandId, InstanceId: quick },
  );
  assert.equal(waited.state, "SUCCESS");
  const got = await ssm.send(new GetCommandInvocationCommand({ CommandId: Command.CommandId, InstanceId: quick }));
  assert.equal(got.Status, "Success");
  assert.equal(got.ResponseCode, 0);
  assert.equal(got.StandardOutputContent, "hello from js\n");
  assert.equal(got.Comment, "from js");
});

test("the paginators walk every command and invocation once", async () => {
  const ids = [];
  for (let i = 0; i < 5; i++) {
    ids.push((await send({ InstanceIds: [quick] })).Command.CommandId);
  }
  const listed = [];
  for await (const page of paginateListCommands({ client: ssm, pageSize: 2 }, { InstanceId: quick })) {
    listed.push(...page.Commands.map((c) => c.CommandId));
  }
  assert.deepEqual(listed.slice(0, 5), [...ids].reverse(), "newest first");
  assert.equal(new Set(listed).size, listed.length);
  const invocations = [];
  for await (const page of paginateListCommandInvocations(
    { client: ssm, pageSize: 2 },
    { InstanceId: quick, Details: true },
  )) {
    invocations.push(...page.CommandInvocations);
  }
  assert.equal(invocations.length, listed.length);
});

test("cancel ends a running command Cancelled", async () => {
  const { Command } = await send({ InstanceIds: [slow] });
  await ssm.send(new CancelCommandCommand({ CommandId: Command.CommandId }));
  for (let i = 0; i < 600; i++) {
    const [listed] = (await ssm.send(new ListCommandsCommand({ CommandId: Command.CommandId }))).Commands;
    if (listed.Status === "Cancelled") {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  assert.fail("the command was never Cancelled");
});

test("errors arrive as the SDK's typed exceptions", async () => {
  assert.equal(await errorOf(send({ InstanceIds: [quick], DocumentName: "Not-A-Document" })), "InvalidDocument");
  assert.equal(await errorOf(send({ InstanceIds: ["mi-0123456789abcdef0"] })), "InvalidInstanceId");
  assert.equal(
    await errorOf(
      ssm.send(
        new GetCommandInvocationCommand({ CommandId: "00000000-0000-0000-0000-000000000000", InstanceId: quick }),
      ),
    ),
    "InvalidCommandId",
  );
  assert.equal(
    await errorOf(ssm.send(new ListCommandsCommand({ Filters: [{ key: "Status", value: "Bogus" }] }))),
    "InvalidFilterKey",
  );
});
