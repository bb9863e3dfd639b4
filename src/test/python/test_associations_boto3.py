"""End-to-end tests of Steward through boto3, as a user's Python code would drive it.

The server's URL comes from the environment variable STEWARD_ENDPOINT (PythonClientsTest
starts a server and sets it). Run on its own with:

    STEWARD_ENDPOINT=http://127.0.0.1:4583 python3 -m unittest -v src/test/python/test_associations_boto3.py

It needs the standard library, boto3 and botocore, and PyYAML (to parse GetDocument's YAML
independently): pip install -r src/test/python/requirements.txt. Tests that list or page use a fresh
account (a random 12-digit access key id is its own account) so they never see each other's
associations, nor those of other clients run against the same server.
"""

import json
import os
import random
import re
import unittest
import uuid

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

REGION = "us-east-1"
ALL_NODES = [{"Key": "InstanceIds", "Values": ["*"]}]
LEGACY_INSTANCE = "mi-0123456789abcdef0"
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
BUILT_IN_DOCUMENTS = [
    "AWS-RunShellScript",
    "AWS-RunPowerShellScript",
    "AWS-UpdateSSMAgent",
    "AWS-GatherSoftwareInventory",
    "AWS-ConfigureAWSPackage",
    "AWS-RunPatchBaseline",
]
_random = random.SystemRandom()


def endpoint():
    url = os.environ.get("STEWARD_ENDPOINT")
    if not url:
        raise RuntimeError("set STEWARD_ENDPOINT to the URL of a running Steward, e.g. http://127.0.0.1:4583")
    return url


def client(access_key="test", region=REGION, validate=True):
    return boto3.client(
        "ssm",
        endpoint_url=endpoint(),
        region_name=region,
        aws_access_key_id=access_key,
        aws_secret_access_key="test",
        config=Config(parameter_validation=validate, retries={"max_attempts": 1, "mode": "standard"}),
    )


def fresh_account_key():
    """A random 12-digit access key id: Steward makes it an account of its own."""
    while True:
        key = str(_random.randrange(100_000_000_000, 1_000_000_000_000))
        if key != "111122223333":
            return key


def unique(prefix):
    return "%s-%s" % (prefix, uuid.uuid4().hex[:12])


def shell(commands=("echo hi",), **extra):
    request = {"Name": "AWS-RunShellScript", "Targets": ALL_NODES, "Parameters": {"commands": list(commands)}}
    request.update(extra)
    return request


def without_metadata(response):
    return {k: v for k, v in response.items() if k != "ResponseMetadata"}


class SsmTestCase(unittest.TestCase):
    maxDiff = None

    @classmethod
    def setUpClass(cls):
        cls.ssm = client()

    def assertError(self, code, call, *args, **kwargs):
        """Calls call(*args, **kwargs), which must fail with the AWS error code; returns the error."""
        with self.assertRaises(ClientError, msg="expected %s" % code) as raised:
            call(*args, **kwargs)
        error = raised.exception.response
        self.assertEqual(code, error["Error"]["Code"], error)
        self.assertEqual(400, error["ResponseMetadata"]["HTTPStatusCode"], error)
        self.assertTrue(error["ResponseMetadata"].get("RequestId"), "every error carries a request id: %s" % error)
        self.assertTrue(error["Error"].get("Message"), "every error carries a message: %s" % error)
        return error

    def create(self, ssm=None, **request):
        return (ssm or self.ssm).create_association(**request)["AssociationDescription"]

    def list_ids(self, ssm, *filters):
        request = {"AssociationFilterList": [{"key": k, "value": v} for k, v in filters]} if filters else {}
        pages = ssm.get_paginator("list_associations").paginate(**request)
        return [a["AssociationId"] for page in pages for a in page["Associations"]]


class CreateAndDescribeTest(SsmTestCase):
    def test_create_association_defaults(self):
        name = unique("defaults")
        created = self.create(**shell(["echo hi"], AssociationName=name, ScheduleExpression="rate(30 minutes)"))
        self.assertEqual("1", created["AssociationVersion"])
        self.assertEqual({"Status": "Pending", "DetailedStatus": "Creating"}, created["Overview"])
        self.assertEqual("$DEFAULT", created["DocumentVersion"])
        self.assertEqual("AWS-RunShellScript", created["Name"])
        self.assertEqual(name, created["AssociationName"])
        self.assertEqual(ALL_NODES, created["Targets"])
        self.assertEqual({"commands": ["echo hi"]}, created["Parameters"])
        self.assertEqual("rate(30 minutes)", created["ScheduleExpression"])
        self.assertFalse(created["ApplyOnlyAtCronInterval"])
        self.assertRegex(created["AssociationId"], UUID)
        self.assertEqual(created["Date"], created["LastUpdateAssociationDate"])
        self.assertNotIn("InstanceId", created)

        described = self.ssm.describe_association(AssociationId=created["AssociationId"])["AssociationDescription"]
        # It runs at once (selecting no node, it succeeds), so only its run state may differ.
        self.assertEqual(definition(created), definition(described))

    def test_describe_by_id_version_and_latest(self):
        association_id = self.create(**shell(["echo one"]))["AssociationId"]
        updated = self.ssm.update_association(AssociationId=association_id, AssociationVersion="1",
                                              Parameters={"commands": ["echo two"]})["AssociationDescription"]
        self.assertEqual("2", updated["AssociationVersion"])

        v1 = self.ssm.describe_association(AssociationId=association_id, AssociationVersion="1")["AssociationDescription"]
        self.assertEqual("1", v1["AssociationVersion"])
        self.assertEqual({"commands": ["echo one"]}, v1["Parameters"])
        v2 = self.ssm.describe_association(AssociationId=association_id, AssociationVersion="2")["AssociationDescription"]
        self.assertEqual({"commands": ["echo two"]}, v2["Parameters"])
        latest = self.ssm.describe_association(AssociationId=association_id,
                                               AssociationVersion="$LATEST")["AssociationDescription"]
        self.assertEqual("2", latest["AssociationVersion"])
        current = self.ssm.describe_association(AssociationId=association_id)["AssociationDescription"]
        self.assertEqual(latest, current)
        self.assertError("InvalidAssociationVersion", self.ssm.describe_association,
                         AssociationId=association_id, AssociationVersion="3")

    def test_legacy_document_and_instance(self):
        ssm = client(fresh_account_key())
        created = self.create(ssm, Name="AWS-UpdateSSMAgent", InstanceId=LEGACY_INSTANCE)
        self.assertEqual(LEGACY_INSTANCE, created["InstanceId"])
        self.assertEqual("AWS-UpdateSSMAgent", created["Name"])
        self.assertEqual("Pending", created["Status"]["Name"])
        self.assertEqual("1", created["AssociationVersion"])

        found = ssm.describe_association(Name="AWS-UpdateSSMAgent", InstanceId=LEGACY_INSTANCE)["AssociationDescription"]
        self.assertEqual(created["AssociationId"], found["AssociationId"])
        self.assertError("AssociationAlreadyExists", ssm.create_association,
                         Name="AWS-UpdateSSMAgent", InstanceId=LEGACY_INSTANCE)
        self.assertEqual([created["AssociationId"]], self.list_ids(ssm), "the refused duplicate stored nothing")

        ssm.delete_association(Name="AWS-UpdateSSMAgent", InstanceId=LEGACY_INSTANCE)
        self.assertError("AssociationDoesNotExist", ssm.describe_association,
                         Name="AWS-UpdateSSMAgent", InstanceId=LEGACY_INSTANCE)
        again = self.create(ssm, Name="AWS-UpdateSSMAgent", InstanceId=LEGACY_INSTANCE)
        self.assertNotEqual(created["AssociationId"], again["AssociationId"], "deleted, so it can be made again")

    def test_create_association_batch(self):
        ssm = client(fresh_account_key())
        response = ssm.create_association_batch(Entries=[
            {"Name": "AWS-RunShellScript", "Targets": ALL_NODES, "Parameters": {"commands": ["echo ok"]}},
            {"Name": "No-Such-Document", "Targets": ALL_NODES},
            {"Name": "AWS-UpdateSSMAgent", "Targets": ALL_NODES},
        ])
        successful = response["Successful"]
        failed = response["Failed"]
        self.assertEqual(["AWS-RunShellScript", "AWS-UpdateSSMAgent"], [s["Name"] for s in successful])
        for description in successful:
            self.assertEqual("1", description["AssociationVersion"])
            self.assertEqual("Pending", description["Overview"]["Status"])
        self.assertEqual(1, len(failed))
        self.assertEqual("No-Such-Document", failed[0]["Entry"]["Name"])
        self.assertEqual(ALL_NODES, failed[0]["Entry"]["Targets"])
        self.assertEqual("Client", failed[0]["Fault"])
        self.assertTrue(failed[0]["Message"])
        self.assertEqual([s["AssociationId"] for s in successful], self.list_ids(ssm))
        for description in successful:
            self.assertEqual(definition(description), definition(ssm.describe_association(
                AssociationId=description["AssociationId"])["AssociationDescription"]))


class UpdateAndDeleteTest(SsmTestCase):
    def test_update_makes_a_new_version_and_carries_targets(self):
        created = self.create(**shell(["echo one"], ScheduleExpression="rate(1 day)"))
        updated = self.ssm.update_association(AssociationId=created["AssociationId"],
                                              Parameters={"commands": ["echo two"]})["AssociationDescription"]
        self.assertEqual("2", updated["AssociationVersion"])
        self.assertEqual(created["AssociationId"], updated["AssociationId"])
        self.assertEqual({"commands": ["echo two"]}, updated["Parameters"])
        self.assertEqual(ALL_NODES, updated["Targets"], "targets carry over when the update names none")
        self.assertEqual(created["Date"], updated["Date"])
        self.assertGreaterEqual(updated["LastUpdateAssociationDate"], created["LastUpdateAssociationDate"])

    def test_stale_association_version_is_refused(self):
        association_id = self.create(**shell(["echo"]))["AssociationId"]
        self.ssm.update_association(AssociationId=association_id, AssociationVersion="1",
                                    Parameters={"commands": ["a"]})
        self.assertError("InvalidAssociationVersion", self.ssm.update_association, AssociationId=association_id,
                         AssociationVersion="1", Parameters={"commands": ["b"]})
        current = self.ssm.describe_association(AssociationId=association_id)["AssociationDescription"]
        self.assertEqual("2", current["AssociationVersion"])
        self.assertEqual({"commands": ["a"]}, current["Parameters"], "the losing update changed nothing")
        third = self.ssm.update_association(AssociationId=association_id, AssociationVersion="$LATEST",
                                            Parameters={"commands": ["c"]})["AssociationDescription"]
        self.assertEqual("3", third["AssociationVersion"])

    def test_delete_association(self):
        association_id = self.create(**shell(["echo"]))["AssociationId"]
        response = self.ssm.delete_association(AssociationId=association_id)
        self.assertEqual({}, without_metadata(response))
        self.assertError("AssociationDoesNotExist", self.ssm.describe_association, AssociationId=association_id)
        self.assertError("AssociationDoesNotExist", self.ssm.delete_association, AssociationId=association_id)
        self.assertError("AssociationDoesNotExist", self.ssm.update_association, AssociationId=association_id)
        self.assertError("AssociationDoesNotExist", self.ssm.list_association_versions, AssociationId=association_id)
        self.assertEqual([], self.list_ids(self.ssm, ("AssociationId", association_id)))

    def test_list_association_versions(self):
        association_id = self.create(**shell(["echo one"], AssociationName=unique("versions")))["AssociationId"]
        self.ssm.update_association(AssociationId=association_id, Parameters={"commands": ["echo two"]},
                                    AssociationName="renamed")
        versions = self.ssm.list_association_versions(AssociationId=association_id)
        self.assertNotIn("NextToken", versions)
        versions = versions["AssociationVersions"]
        self.assertEqual(["1", "2"], [v["AssociationVersion"] for v in versions])
        for version in versions:
            self.assertEqual(association_id, version["AssociationId"])
            self.assertEqual("AWS-RunShellScript", version["Name"])
            self.assertEqual(ALL_NODES, version["Targets"])
            self.assertIn("CreatedDate", version)
        self.assertEqual({"commands": ["echo one"]}, versions[0]["Parameters"])
        self.assertEqual({"commands": ["echo two"]}, versions[1]["Parameters"])
        self.assertEqual("renamed", versions[1]["AssociationName"])
        self.assertLessEqual(versions[0]["CreatedDate"], versions[1]["CreatedDate"])


ONLY_AT_CRON = {"ScheduleExpression": "cron(0 3 ? * SUN *)", "ApplyOnlyAtCronInterval": True}
RUN_STATE = ("Overview", "LastExecutionDate", "LastSuccessfulExecutionDate")


def definition(description):
    """An association description without the members that its runs move."""
    return {k: v for k, v in description.items() if k not in RUN_STATE}


class ListAssociationsFilterTest(SsmTestCase):
    """One fresh account holding two associations, asked with each filter key in turn. They run only
    at their cron interval, so they stay Pending and never run during the test."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other = client(fresh_account_key())
        cls.name = unique("filtered")
        cls.tagged = cls.other.create_association(
            Name="AWS-RunShellScript", AssociationName=cls.name, Parameters={"commands": ["echo"]},
            Targets=[{"Key": "InstanceIds", "Values": ["mi-0aaaaaaaaaaaaaaa1"]}], **ONLY_AT_CRON)["AssociationDescription"]["AssociationId"]
        cls.group = cls.other.create_association(
            Name="AWS-GatherSoftwareInventory",
            Targets=[{"Key": "ResourceGroup", "Values": ["web-servers"]}], **ONLY_AT_CRON)["AssociationDescription"]["AssociationId"]

    def test_no_filter_lists_all_in_creation_order(self):
        response = self.other.list_associations()
        self.assertNotIn("NextToken", response)
        self.assertEqual([self.tagged, self.group], [a["AssociationId"] for a in response["Associations"]])
        first = response["Associations"][0]
        self.assertEqual("AWS-RunShellScript", first["Name"])
        self.assertEqual(self.name, first["AssociationName"])
        self.assertEqual("1", first["AssociationVersion"])
        self.assertEqual("$DEFAULT", first["DocumentVersion"])
        self.assertEqual([{"Key": "InstanceIds", "Values": ["mi-0aaaaaaaaaaaaaaa1"]}], first["Targets"])
        self.assertEqual("cron(0 3 ? * SUN *)", first["ScheduleExpression"])
        self.assertEqual("Pending", first["Overview"]["Status"])

    def test_instance_id(self):
        self.assertEqual([self.tagged], self.list_ids(self.other, ("InstanceId", "mi-0aaaaaaaaaaaaaaa1")))
        self.assertEqual([], self.list_ids(self.other, ("InstanceId", "mi-0ccccccccccccccc3")))

    def test_instance_id_matches_a_legacy_association(self):
        ssm = client(fresh_account_key())
        targeted = self.create(ssm, **shell(Targets=[{"Key": "InstanceIds", "Values": ["mi-0bbbbbbbbbbbbbbb2"]}]))
        legacy = self.create(ssm, Name="AWS-UpdateSSMAgent", InstanceId="mi-0bbbbbbbbbbbbbbb2")
        listed = ssm.list_associations(AssociationFilterList=[{"key": "InstanceId", "value": "mi-0bbbbbbbbbbbbbbb2"}])
        self.assertEqual([targeted["AssociationId"], legacy["AssociationId"]],
                         [a["AssociationId"] for a in listed["Associations"]])
        self.assertEqual("mi-0bbbbbbbbbbbbbbb2", listed["Associations"][1]["InstanceId"])
        self.assertEqual([legacy["AssociationId"]], self.list_ids(ssm, ("Name", "AWS-UpdateSSMAgent")))

    def test_name(self):
        self.assertEqual([self.group], self.list_ids(self.other, ("Name", "AWS-GatherSoftwareInventory")))
        self.assertEqual([self.tagged], self.list_ids(self.other, ("Name", "AWS-RunShellScript")))
        self.assertEqual([], self.list_ids(self.other, ("Name", "AWS-RunPatchBaseline")))

    def test_association_id(self):
        self.assertEqual([self.group], self.list_ids(self.other, ("AssociationId", self.group)))
        self.assertEqual([], self.list_ids(self.other, ("AssociationId", str(uuid.uuid4()))))

    def test_association_status_name(self):
        self.assertEqual([self.tagged, self.group], self.list_ids(self.other, ("AssociationStatusName", "Pending")))
        self.assertEqual([], self.list_ids(self.other, ("AssociationStatusName", "Success")))
        self.assertEqual([], self.list_ids(self.other, ("AssociationStatusName", "Failed")))

    def test_last_executed_before_and_after(self):
        # These two never ran, so they have no execution date either side of any time.
        self.assertEqual([], self.list_ids(self.other, ("LastExecutedBefore", "2099-02-18T16:00:00.123Z")))
        self.assertEqual([], self.list_ids(self.other, ("LastExecutedAfter", "2019-02-18T16:00:00Z")))
        self.assertError("ValidationException", self.other.list_associations,
                         AssociationFilterList=[{"key": "LastExecutedBefore", "value": "yesterday"}])

    def test_association_name(self):
        self.assertEqual([self.tagged], self.list_ids(self.other, ("AssociationName", self.name)))
        self.assertEqual([], self.list_ids(self.other, ("AssociationName", self.name + "-not")))

    def test_resource_group_name(self):
        self.assertEqual([self.group], self.list_ids(self.other, ("ResourceGroupName", "web-servers")))
        self.assertEqual([], self.list_ids(self.other, ("ResourceGroupName", "db-servers")))

    def test_filters_are_combined_with_and(self):
        self.assertEqual([self.tagged], self.list_ids(
            self.other, ("Name", "AWS-RunShellScript"), ("AssociationName", self.name)))
        self.assertEqual([], self.list_ids(
            self.other, ("Name", "AWS-GatherSoftwareInventory"), ("AssociationName", self.name)))
        self.assertEqual([], self.list_ids(
            self.other, ("AssociationId", self.tagged), ("AssociationId", self.group)))


class PaginationTest(SsmTestCase):
    ASSOCIATIONS = 23
    VERSIONS = 10

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.key = fresh_account_key()
        cls.other = client(cls.key)
        cls.prefix = unique("paged")
        cls.created = [cls.other.create_association(**shell(["echo %d" % i], AssociationName="%s-%02d" % (cls.prefix, i)))
                       ["AssociationDescription"]["AssociationId"] for i in range(cls.ASSOCIATIONS)]
        cls.versioned = cls.created[0]
        for i in range(2, cls.VERSIONS + 1):
            cls.other.update_association(AssociationId=cls.versioned, AssociationName="%s-00" % cls.prefix,
                                         Parameters={"commands": ["echo version %d" % i]})

    def raw_pages(self, paginator, **kwargs):
        pages = list(self.other.get_paginator(paginator).paginate(**kwargs))
        tokens = [p["NextToken"] for p in pages if p.get("NextToken")]
        self.assertEqual(len(tokens), len(set(tokens)), "a NextToken is never repeated")
        self.assertEqual(len(pages) - 1, len(tokens), "every page but the last has a token")
        self.assertNotIn("NextToken", pages[-1], "the last page has no token")
        return pages

    def test_list_associations_paginator(self):
        pages = self.raw_pages("list_associations", PaginationConfig={"PageSize": 7})
        self.assertEqual([7, 7, 7, 2], [len(p["Associations"]) for p in pages])
        seen = [a["AssociationId"] for p in pages for a in p["Associations"]]
        self.assertEqual(self.created, seen, "every association once, in creation order")
        names = [a["AssociationName"] for p in pages for a in p["Associations"]]
        self.assertEqual(["%s-%02d" % (self.prefix, i) for i in range(self.ASSOCIATIONS)], names)
        self.assertEqual(str(self.VERSIONS), pages[0]["Associations"][0]["AssociationVersion"])

    def test_list_associations_page_size_that_divides_evenly_has_no_empty_page(self):
        pages = self.raw_pages("list_associations", PaginationConfig={"PageSize": 23})
        self.assertEqual([23], [len(p["Associations"]) for p in pages])
        pages = self.raw_pages("list_associations", PaginationConfig={"PageSize": 1})
        self.assertEqual([1] * self.ASSOCIATIONS, [len(p["Associations"]) for p in pages])

    def test_max_items_resumes_with_starting_token(self):
        paginator = self.other.get_paginator("list_associations")
        first = paginator.paginate(PaginationConfig={"PageSize": 7, "MaxItems": 10}).build_full_result()
        self.assertEqual(self.created[:10], [a["AssociationId"] for a in first["Associations"]])
        rest = paginator.paginate(PaginationConfig={"PageSize": 7, "StartingToken": first["NextToken"]}).build_full_result()
        self.assertEqual(self.created[10:], [a["AssociationId"] for a in rest["Associations"]])
        self.assertNotIn("NextToken", rest)

    def test_filtered_pages(self):
        pages = self.raw_pages("list_associations", PaginationConfig={"PageSize": 2},
                               AssociationFilterList=[{"key": "Name", "value": "AWS-RunShellScript"}])
        self.assertEqual(self.created, [a["AssociationId"] for p in pages for a in p["Associations"]])
        self.assertEqual([2] * 11 + [1], [len(p["Associations"]) for p in pages], "23 associations, two to a page")
        name = "%s-%02d" % (self.prefix, 5)
        pages = self.raw_pages("list_associations", PaginationConfig={"PageSize": 2},
                               AssociationFilterList=[{"key": "Name", "value": "AWS-RunShellScript"},
                                                      {"key": "AssociationName", "value": name}])
        self.assertEqual([[self.created[5]]], [[a["AssociationId"] for a in p["Associations"]] for p in pages])

    def test_list_association_versions_paginator(self):
        pages = self.raw_pages("list_association_versions", AssociationId=self.versioned,
                               PaginationConfig={"PageSize": 3})
        self.assertEqual([3, 3, 3, 1], [len(p["AssociationVersions"]) for p in pages])
        versions = [v["AssociationVersion"] for p in pages for v in p["AssociationVersions"]]
        self.assertEqual([str(i) for i in range(1, self.VERSIONS + 1)], versions, "oldest first, each once")
        commands = [v["Parameters"]["commands"] for p in pages for v in p["AssociationVersions"]]
        self.assertEqual([["echo 0"]] + [["echo version %d" % i] for i in range(2, self.VERSIONS + 1)], commands)

    def test_tampered_next_token_is_invalid(self):
        token = self.other.list_associations(MaxResults=2)["NextToken"]
        tampered = ("B" if token[0] == "A" else "A") + token[1:]
        self.assertError("InvalidNextToken", self.other.list_associations, MaxResults=2, NextToken=tampered)
        self.assertError("InvalidNextToken", self.other.list_associations, NextToken=token + "x")
        self.assertError("InvalidNextToken", self.other.list_associations, NextToken="garbage")
        self.assertError("InvalidNextToken", self.other.list_associations, NextToken=token,
                         AssociationFilterList=[{"key": "Name", "value": "AWS-RunShellScript"}])
        self.assertError("InvalidNextToken", client(fresh_account_key()).list_associations, NextToken=token)
        version_token = self.other.list_association_versions(AssociationId=self.versioned, MaxResults=2)["NextToken"]
        self.assertError("InvalidNextToken", self.other.list_association_versions,
                         AssociationId=self.created[1], NextToken=version_token)
        self.assertEqual(self.created[2:4], [a["AssociationId"] for a in
                                             self.other.list_associations(MaxResults=2, NextToken=token)["Associations"]])

    def test_max_results_over_fifty_is_a_validation_error(self):
        # botocore checks some limits itself; switch that off so the request reaches the server.
        unchecked = client(self.key, validate=False)
        self.assertError("ValidationException", unchecked.list_associations, MaxResults=100)
        self.assertError("ValidationException", unchecked.list_associations, MaxResults=0)
        self.assertError("ValidationException", unchecked.list_association_versions,
                         AssociationId=self.versioned, MaxResults=100)


class TagsTest(SsmTestCase):
    def tags_of(self, association_id):
        tags = self.ssm.list_tags_for_resource(ResourceType="Association", ResourceId=association_id)["TagList"]
        return sorted(tags, key=lambda t: t["Key"])

    def test_tags_at_creation_add_and_remove(self):
        association_id = self.create(**shell(Tags=[{"Key": "env", "Value": "dev"}, {"Key": "team", "Value": "ops"}]))[
            "AssociationId"]
        self.assertEqual([{"Key": "env", "Value": "dev"}, {"Key": "team", "Value": "ops"}], self.tags_of(association_id))

        response = self.ssm.add_tags_to_resource(ResourceType="Association", ResourceId=association_id,
                                                 Tags=[{"Key": "env", "Value": "prod"}, {"Key": "owner", "Value": "me"}])
        self.assertEqual({}, without_metadata(response))
        self.assertEqual([{"Key": "env", "Value": "prod"}, {"Key": "owner", "Value": "me"},
                          {"Key": "team", "Value": "ops"}], self.tags_of(association_id))

        response = self.ssm.remove_tags_from_resource(ResourceType="Association", ResourceId=association_id,
                                                      TagKeys=["env", "absent"])
        self.assertEqual({}, without_metadata(response))
        self.assertEqual([{"Key": "owner", "Value": "me"}, {"Key": "team", "Value": "ops"}],
                         self.tags_of(association_id))

    def test_more_than_fifty_tags_is_too_many(self):
        association_id = self.create(**shell())["AssociationId"]
        fifty = [{"Key": "k%02d" % i, "Value": "v"} for i in range(50)]
        self.ssm.add_tags_to_resource(ResourceType="Association", ResourceId=association_id, Tags=fifty)
        self.assertError("TooManyTagsError", self.ssm.add_tags_to_resource, ResourceType="Association",
                         ResourceId=association_id, Tags=[{"Key": "one-more", "Value": "v"}])
        self.assertEqual(fifty, self.tags_of(association_id))
        self.ssm.add_tags_to_resource(ResourceType="Association", ResourceId=association_id,
                                      Tags=[{"Key": "k00", "Value": "overwritten"}])
        self.assertEqual("overwritten", self.tags_of(association_id)[0]["Value"], "overwriting adds no tag")

    def test_unknown_resource_and_type(self):
        missing = str(uuid.uuid4())
        self.assertError("InvalidResourceId", self.ssm.list_tags_for_resource,
                         ResourceType="Association", ResourceId=missing)
        self.assertError("InvalidResourceId", self.ssm.add_tags_to_resource,
                         ResourceType="Association", ResourceId=missing, Tags=[{"Key": "a", "Value": "b"}])
        self.assertError("InvalidResourceId", self.ssm.remove_tags_from_resource,
                         ResourceType="Association", ResourceId=missing, TagKeys=["a"])
        self.assertError("InvalidResourceType", self.ssm.list_tags_for_resource,
                         ResourceType="OpsItem", ResourceId="oi-0123456789ab")
        self.assertError("InvalidResourceType", self.ssm.add_tags_to_resource,
                         ResourceType="OpsItem", ResourceId="oi-0123456789ab", Tags=[{"Key": "a", "Value": "b"}])

    def test_deleted_association_has_no_tags(self):
        association_id = self.create(**shell(Tags=[{"Key": "env", "Value": "prod"}]))["AssociationId"]
        self.ssm.delete_association(AssociationId=association_id)
        self.assertError("InvalidResourceId", self.ssm.list_tags_for_resource,
                         ResourceType="Association", ResourceId=association_id)


class DocumentsTest(SsmTestCase):
    def test_describe_and_get_each_built_in_document(self):
        for name in BUILT_IN_DOCUMENTS:
            with self.subTest(document=name):
                document = self.ssm.describe_document(Name=name)["Document"]
                self.assertEqual(name, document["Name"])
                self.assertEqual("Amazon", document["Owner"])
                self.assertEqual("Active", document["Status"])
                self.assertIn(document["DocumentType"], ("Command", "Policy"))
                self.assertEqual("Sha256", document["HashType"])
                self.assertRegex(document["Hash"], r"^[0-9a-f]{64}$")
                self.assertEqual(document["DefaultVersion"], document["DocumentVersion"])
                self.assertTrue(document["PlatformTypes"])

                got = self.ssm.get_document(Name=name)
                self.assertEqual(name, got["Name"])
                self.assertEqual("JSON", got["DocumentFormat"])
                self.assertEqual(document["DocumentType"], got["DocumentType"])
                self.assertEqual(document["DocumentVersion"], got["DocumentVersion"])
                content = json.loads(got["Content"])
                self.assertEqual(document["SchemaVersion"], content["schemaVersion"])
                self.assertEqual([p["Name"] for p in document.get("Parameters", [])],
                                 list(content.get("parameters", {}).keys()))

    def test_shell_script_parameters(self):
        parameters = {p["Name"]: p for p in self.ssm.describe_document(Name="AWS-RunShellScript")["Document"]["Parameters"]}
        self.assertEqual("StringList", parameters["commands"]["Type"])
        self.assertNotIn("DefaultValue", parameters["commands"], "commands is required")
        self.assertEqual("3600", parameters["executionTimeout"]["DefaultValue"])

    def test_get_document_as_yaml(self):
        got = self.ssm.get_document(Name="AWS-RunShellScript", DocumentFormat="YAML")
        self.assertEqual("YAML", got["DocumentFormat"])
        self.assertIn("schemaVersion:", got["Content"])
        try:
            import yaml
        except ImportError:
            self.fail("PyYAML is a dependency of this suite, to parse the YAML independently: "
                      "pip install -r src/test/python/requirements.txt")
        as_json = json.loads(self.ssm.get_document(Name="AWS-RunShellScript")["Content"])
        self.assertEqual(as_json, yaml.safe_load(got["Content"]))

    def test_list_documents(self):
        identifiers = [d for page in self.ssm.get_paginator("list_documents").paginate(
            PaginationConfig={"PageSize": 2}) for d in page["DocumentIdentifiers"]]
        names = [d["Name"] for d in identifiers]
        for name in BUILT_IN_DOCUMENTS:
            self.assertIn(name, names)
        self.assertEqual(len(names), len(set(names)), "each document once")
        for identifier in identifiers:
            self.assertEqual("Amazon", identifier["Owner"])
            self.assertIn("DocumentType", identifier)
            self.assertIn("SchemaVersion", identifier)

        windows = [d["Name"] for d in self.ssm.list_documents(
            Filters=[{"Key": "PlatformTypes", "Values": ["Windows"]}])["DocumentIdentifiers"]]
        self.assertIn("AWS-RunPowerShellScript", windows)
        self.assertNotIn("AWS-RunShellScript", windows)
        self.assertEqual([], self.ssm.list_documents(Filters=[{"Key": "Owner", "Values": ["Self"]}])["DocumentIdentifiers"])
        policies = [d["Name"] for d in self.ssm.list_documents(
            Filters=[{"Key": "DocumentType", "Values": ["Policy"]}])["DocumentIdentifiers"]]
        self.assertIn("AWS-GatherSoftwareInventory", policies)
        self.assertNotIn("AWS-RunShellScript", policies)

    def test_unknown_document(self):
        self.assertError("InvalidDocument", self.ssm.describe_document, Name="No-Such-Document")
        self.assertError("InvalidDocument", self.ssm.get_document, Name="No-Such-Document")
        self.assertError("InvalidDocumentVersion", self.ssm.describe_document, Name="AWS-RunShellScript",
                         DocumentVersion="7")


class CreateAssociationErrorsTest(SsmTestCase):
    """Every refused request stores nothing: each test works in a fresh account and checks it stays empty."""

    def setUp(self):
        self.other = client(fresh_account_key())

    def tearDown(self):
        self.assertEqual([], self.other.list_associations()["Associations"], "a refused request stored nothing")

    def test_invalid_document_and_version(self):
        self.assertError("InvalidDocument", self.other.create_association, Name="No-Such-Document", Targets=ALL_NODES)
        self.assertError("InvalidDocumentVersion", self.other.create_association, **shell(DocumentVersion="7"))

    def test_invalid_parameters(self):
        self.assertError("InvalidParameters", self.other.create_association, **shell(
            Parameters={"commands": ["echo"], "notAParameter": ["x"]}))
        self.assertError("InvalidParameters", self.other.create_association, Name="AWS-RunShellScript",
                         Targets=ALL_NODES)

    def test_invalid_schedule(self):
        for bad in ("rate(5 minutes)", "cron(0 0 * * * *)", "cron(0/5 * * * ? *)", "every day"):
            with self.subTest(schedule=bad):
                self.assertError("InvalidSchedule", self.other.create_association, **shell(ScheduleExpression=bad))
        self.assertError("InvalidSchedule", self.other.create_association, **shell(
            ScheduleExpression="rate(1 hour)", ApplyOnlyAtCronInterval=True))

    def test_invalid_target(self):
        self.assertError("InvalidTarget", self.other.create_association, **shell(
            Targets=[{"Key": "NotAKey", "Values": ["x"]}]))
        self.assertError("InvalidTarget", self.other.create_association, Name="AWS-UpdateSSMAgent")

    def test_invalid_target_maps(self):
        self.assertError("InvalidTargetMaps", self.other.create_association, **shell(
            TargetMaps=[{"commands": ["mi-0123456789abcdef0"]}]))


class MultiAccountTest(SsmTestCase):
    def test_other_account_and_region_see_nothing(self):
        association_id = self.create(**shell())["AssociationId"]
        for other in (client("111122223333"), client("test", region="eu-west-1")):
            with self.subTest(region=other.meta.region_name):
                self.assertError("AssociationDoesNotExist", other.describe_association, AssociationId=association_id)
                self.assertError("AssociationDoesNotExist", other.update_association, AssociationId=association_id)
                self.assertError("AssociationDoesNotExist", other.delete_association, AssociationId=association_id)
                self.assertError("AssociationDoesNotExist", other.list_association_versions,
                                 AssociationId=association_id)
                self.assertError("InvalidResourceId", other.list_tags_for_resource,
                                 ResourceType="Association", ResourceId=association_id)
                self.assertEqual([], self.list_ids(other, ("AssociationId", association_id)))
        self.assertEqual(association_id, self.ssm.describe_association(
            AssociationId=association_id)["AssociationDescription"]["AssociationId"])


if __name__ == "__main__":
    unittest.main()
