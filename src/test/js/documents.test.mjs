// Documents users write, through the AWS SDK for JavaScript v3, driven by node's own test runner.
// The Java suite starts the server and registers one simulated node in a fresh account, tagged
// js-docs=yes; every test here works in that account under names of its own.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash, randomUUID } from "node:crypto";
import {
  SSMClient,
  AddTagsToResourceCommand,
  CreateAssociationCommand,
  CreateDocumentCommand,
  DeleteAssociationCommand,
  DeleteDocumentCommand,
  DescribeAssociationExecutionsCommand,
  DescribeDocumentCommand,
  DescribeDocumentPermissionCommand,
  DescribeEffectiveInstanceAssociationsCommand,
  GetDocumentCommand,
  ListDocumentsCommand,
  ListTagsForResourceCommand,
  ModifyDocumentPermissionCommand,
  RemoveTagsFromResourceCommand,
  UpdateDocumentCommand,
  UpdateDocumentDefaultVersionCommand,
  paginateListDocuments,
  paginateListDocumentVersions,
} from "@aws-sdk/client-ssm";

const endpoint = process.env.STEWARD_ENDPOINT;
const accessKeyId = process.env.STEWARD_ACCESS_KEY;
const nodeId = process.env.STEWARD_NODE_ID;
const client = (key = accessKeyId) =>
  new SSMClient({ endpoint, region: "us-east-1", credentials: { accessKeyId: key, secretAccessKey: "test" }, maxAttempts: 1 });
const ssm = client();
const unique = (prefix) => `${prefix}-${randomUUID().slice(0, 8)}`;

const content = (description = "Greets") =>
  JSON.stringify({
    schemaVersion: "2.2",
    description,
    parameters: {
      greeting: { type: "String", default: "hello", allowedValues: ["hello", "hi"] },
      times: { type: "Integer", default: 1 },
    },
    mainSteps: [{ action: "aws:runShellScript", name: "greet", inputs: { runCommand: ["echo {{ greeting }} {{ times }}"] } }],
  });

async function errorOf(promise) {
  try {
    await promise;
  } catch (e) {
    assert.ok(e.$metadata.requestId, "errors carry x-amzn-RequestId");
    return e.name;
  }
  assert.fail("expected an error");
}

test("a document lives through versions, its default version and deletion", async () => {
  const name = unique("Js-Doc");
  const created = (await ssm.send(new CreateDocumentCommand({ Name: name, Content: content(), VersionName: "v-one",
    Tags: [{ Key: "lang", Value: "js" }] }))).DocumentDescription;
  assert.equal(created.Hash, createHash("sha256").update(content()).digest("hex"));
  assert.equal(created.HashType, "Sha256");
  assert.ok(created.CreatedDate instanceof Date);
  assert.deepEqual(created.PlatformTypes, ["Linux", "MacOS"]);
  assert.equal((await ssm.send(new DescribeDocumentCommand({ Name: name }))).Document.Status, "Active");

  assert.equal(await errorOf(ssm.send(new CreateDocumentCommand({ Name: name, Content: content() }))), "DocumentAlreadyExists");
  assert.equal(await errorOf(ssm.send(new UpdateDocumentCommand({ Name: name, Content: content(), DocumentVersion: "$LATEST" }))),
    "DuplicateDocumentContent");
  assert.equal(await errorOf(ssm.send(new UpdateDocumentCommand({ Name: name, Content: content("2"), VersionName: "v-one" }))),
    "DuplicateDocumentVersionName");
  const two = (await ssm.send(new UpdateDocumentCommand({ Name: name, Content: content("2"), DocumentVersion: "1" })))
    .DocumentDescription;
  assert.equal(two.DocumentVersion, "2");
  assert.equal(await errorOf(ssm.send(new UpdateDocumentCommand({ Name: name, Content: content("3"), DocumentVersion: "1" }))),
    "InvalidDocumentVersion");
  const yaml = (await ssm.send(new GetDocumentCommand({ Name: name, DocumentVersion: "$LATEST", DocumentFormat: "YAML" })))
    .Content;
  assert.match(yaml, /mainSteps:/);
  assert.equal((await ssm.send(new GetDocumentCommand({ Name: name, VersionName: "v-one" }))).Content, content());
  const moved = await ssm.send(new UpdateDocumentDefaultVersionCommand({ Name: name, DocumentVersion: "2" }));
  assert.equal(moved.Description.DefaultVersion, "2");
  assert.equal(await errorOf(ssm.send(new DeleteDocumentCommand({ Name: name, DocumentVersion: "2" }))),
    "InvalidDocumentOperation");
  await ssm.send(new AddTagsToResourceCommand({ ResourceType: "Document", ResourceId: name, Tags: [{ Key: "k", Value: "v" }] }));
  await ssm.send(new RemoveTagsFromResourceCommand({ ResourceType: "Document", ResourceId: name, TagKeys: ["lang"] }));
  assert.deepEqual((await ssm.send(new ListTagsForResourceCommand({ ResourceType: "Document", ResourceId: name }))).TagList,
    [{ Key: "k", Value: "v" }]);
  await ssm.send(new DeleteDocumentCommand({ Name: name }));
  assert.equal(await errorOf(ssm.send(new DescribeDocumentCommand({ Name: name }))), "InvalidDocument");
});

test("content and names are refused with the model's errors", async () => {
  assert.equal(await errorOf(ssm.send(new CreateDocumentCommand({ Name: "AWS-Js", Content: content() }))), "ValidationException");
  assert.equal(await errorOf(ssm.send(new CreateDocumentCommand({ Name: unique("Js-Bad"), Content: "{\"schemaVersion\":\"7.0\"}" }))),
    "InvalidDocumentSchemaVersion");
  assert.equal(await errorOf(ssm.send(new CreateDocumentCommand({ Name: unique("Js-Bad"),
    Content: content().replace("aws:runShellScript", "aws:runJavaScript") }))), "InvalidDocumentContent");
  assert.equal(await errorOf(ssm.send(new CreateDocumentCommand({ Name: unique("Js-Big"),
    Content: content("x".repeat(70000)) }))), "MaxDocumentSizeExceeded");
  assert.equal(await errorOf(ssm.send(new UpdateDocumentCommand({ Name: "AWS-RunShellScript", Content: content() }))),
    "InvalidDocumentOperation");
  assert.equal(await errorOf(ssm.send(new GetDocumentCommand({ Name: "AWS-RunShellScript", DocumentVersion: "2" }))),
    "InvalidDocumentVersion");
  assert.equal(await errorOf(ssm.send(new ListDocumentsCommand({ Filters: [{ Key: "Colour", Values: ["red"] }] }))),
    "InvalidFilterKey");
  assert.equal(await errorOf(ssm.send(new ListTagsForResourceCommand({ ResourceType: "Document", ResourceId: "Js-None" }))),
    "InvalidResourceId");
});

test("at most five documents are public", async () => {
  const prefix = unique("Js-Public");
  for (let i = 0; i < 6; i++) {
    await ssm.send(new CreateDocumentCommand({ Name: `${prefix}-${i}`, Content: content(`public ${i}`) }));
  }
  for (let i = 0; i < 5; i++) {
    await ssm.send(new ModifyDocumentPermissionCommand({ Name: `${prefix}-${i}`, PermissionType: "Share", AccountIdsToAdd: ["All"] }));
  }
  assert.equal(await errorOf(ssm.send(new ModifyDocumentPermissionCommand({ Name: `${prefix}-5`, PermissionType: "Share",
    AccountIdsToAdd: ["All"] }))), "DocumentPermissionLimit");
  for (let i = 0; i < 5; i++) {
    await ssm.send(new ModifyDocumentPermissionCommand({ Name: `${prefix}-${i}`, PermissionType: "Share",
      AccountIdsToRemove: ["All"] }));
  }
});

test("the paginators walk documents and versions over several pages", async () => {
  const prefix = unique("Js-Page");
  for (let i = 0; i < 5; i++) {
    await ssm.send(new CreateDocumentCommand({ Name: `${prefix}-${i}`, Content: content(`page ${i}`) }));
  }
  for (let v = 2; v <= 4; v++) {
    await ssm.send(new UpdateDocumentCommand({ Name: `${prefix}-0`, Content: content(`v${v}`) }));
  }
  const names = [];
  let pages = 0;
  for await (const page of paginateListDocuments({ client: ssm, pageSize: 2 },
    { Filters: [{ Key: "Owner", Values: ["Self"] }, { Key: "Name", Values: [prefix] }] })) {
    names.push(...page.DocumentIdentifiers.map((d) => d.Name));
    pages++;
  }
  assert.deepEqual(names, [0, 1, 2, 3, 4].map((i) => `${prefix}-${i}`));
  assert.equal(pages, 3);
  const versions = [];
  for await (const page of paginateListDocumentVersions({ client: ssm, pageSize: 3 }, { Name: `${prefix}-0` })) {
    versions.push(...page.DocumentVersions.map((v) => v.DocumentVersion));
  }
  assert.deepEqual(versions, ["1", "2", "3", "4"]);
  assert.equal(await errorOf(ssm.send(new ListDocumentsCommand({ NextToken: "forged" }))), "InvalidNextToken");
});

test("a custom document runs on the simulated node, and is shared by ARN", async () => {
  const name = unique("Js-Run");
  await ssm.send(new CreateDocumentCommand({ Name: name, Content: content() }));
  const targets = [{ Key: "tag:js-docs", Values: ["yes"] }];
  assert.equal(await errorOf(ssm.send(new CreateAssociationCommand({ Name: name, Targets: targets,
    Parameters: { greeting: ["howdy"] } }))), "InvalidParameters");
  const { AssociationId } = (await ssm.send(new CreateAssociationCommand({ Name: name, Targets: targets,
    Parameters: { greeting: ["hi"], times: ["3"] } }))).AssociationDescription;
  let run;
  for (let i = 0; i < 600 && !(run && run.Status === "Success"); i++) {
    [run] = (await ssm.send(new DescribeAssociationExecutionsCommand({ AssociationId }))).AssociationExecutions;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  assert.equal(run.Status, "Success");
  const effective = (await ssm.send(new DescribeEffectiveInstanceAssociationsCommand({ InstanceId: nodeId }))).Associations;
  assert.equal(effective.find((a) => a.AssociationId === AssociationId).Content, content());
  assert.equal(await errorOf(ssm.send(new DeleteDocumentCommand({ Name: name }))), "AssociatedInstances");
  await ssm.send(new DeleteAssociationCommand({ AssociationId }));

  const friend = "210987654321";
  const arn = `arn:aws:ssm:us-east-1:${accessKeyId}:document/${name}`;
  assert.equal(await errorOf(client(friend).send(new DescribeDocumentCommand({ Name: arn }))), "InvalidDocument");
  await ssm.send(new ModifyDocumentPermissionCommand({ Name: name, PermissionType: "Share", AccountIdsToAdd: [friend] }));
  assert.deepEqual((await ssm.send(new DescribeDocumentPermissionCommand({ Name: name, PermissionType: "Share" }))).AccountIds,
    [friend]);
  assert.equal((await client(friend).send(new DescribeDocumentCommand({ Name: arn }))).Document.Owner, accessKeyId);
  await ssm.send(new DeleteDocumentCommand({ Name: name }));
});
