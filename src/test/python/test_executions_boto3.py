"""End-to-end tests of association runs and their history through boto3.

Runs happen on simulated managed nodes that a test registers through Steward's control API
(`POST /_steward/nodes`, SigV4-signed for service "ssm" like the AWS API, so a node belongs to
the account and region the test's boto3 client sees). Every test works in a fresh account (a
random 12-digit access key id is an account of its own) and tags its nodes with a value of its
own, so no test sees another's nodes, associations or runs.

The server's URL comes from the environment variable STEWARD_ENDPOINT (PythonClientsTest
starts a server and sets it). Run on its own with:

    STEWARD_ENDPOINT=http://127.0.0.1:4583 python3 -m unittest -v src/test/python/test_executions_boto3.py

Only the standard library, boto3 and botocore are needed.
"""

import collections
import datetime
import json
import os
import random
import re
import time
import unittest
import urllib.error
import urllib.parse
import urllib.request
import uuid

import boto3
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.config import Config
from botocore.credentials import Credentials
from botocore.exceptions import ClientError

REGION = "us-east-1"
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
UNFINISHED = ("Pending", "InProgress")
NO_SUCH_ID = "00000000-0000-0000-0000-000000000000"
SETTLE_SECONDS = 60
_random = random.SystemRandom()


def endpoint():
    url = os.environ.get("STEWARD_ENDPOINT")
    if not url:
        raise RuntimeError("set STEWARD_ENDPOINT to the URL of a running Steward, e.g. http://127.0.0.1:4583")
    return url.rstrip("/")


def client(access_key, region=REGION, validate=True):
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


class ControlError(Exception):
    def __init__(self, status, body):
        super().__init__("control API answered %d: %s" % (status, body))
        self.status = status
        self.body = body


class Control:
    """Steward's control API (/_steward/...), signed with SigV4 for service "ssm" like the AWS API."""

    def __init__(self, access_key, region=REGION):
        self.credentials = Credentials(access_key, "test")
        self.region = region

    def call(self, method, path, body=None):
        url = endpoint() + path
        data = json.dumps(body).encode("utf-8") if body is not None else b""
        signed = AWSRequest(method=method, url=url, data=data, headers={"Content-Type": "application/json"})
        SigV4Auth(self.credentials, "ssm", self.region).add_auth(signed)
        request = urllib.request.Request(url, data=data if method != "GET" else None, method=method,
                                         headers=dict(signed.headers.items()))
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                text = response.read().decode("utf-8")
        except urllib.error.HTTPError as e:
            raise ControlError(e.code, e.read().decode("utf-8", "replace")) from None
        return json.loads(text) if text.strip() else {}

    def register(self, tags, status="Success", duration_millis=0):
        """Registers a simulated node with these tags ({key: value}); returns its InstanceId."""
        node = self.call("POST", "/_steward/nodes", {
            "Tags": [{"Key": k, "Value": v} for k, v in tags.items()],
            "Behavior": {"Status": status, "DurationMillis": duration_millis},
        })
        return node["InstanceId"]

    def behave(self, instance_id, status, duration_millis=0):
        return self.call("PUT", "/_steward/nodes/%s/behavior" % urllib.parse.quote(instance_id, safe=""),
                         {"Status": status, "DurationMillis": duration_millis})

    def alarm(self, name, state):
        return self.call("PUT", "/_steward/alarms/%s" % urllib.parse.quote(name, safe=""), {"State": state})


class Fleet:
    """One fresh account, its boto3 client and control API client, and a tag value only its nodes carry."""

    def __init__(self):
        self.key = fresh_account_key()
        self.ssm = client(self.key)
        self.control = Control(self.key)
        self.group = "g-" + uuid.uuid4().hex[:10]

    def targets(self):
        return [{"Key": "tag:group", "Values": [self.group]}]

    def node(self, status="Success", duration_millis=0):
        return self.control.register({"group": self.group}, status, duration_millis)

    def nodes(self, count, status="Success", duration_millis=0):
        return [self.node(status, duration_millis) for _ in range(count)]

    def create(self, **extra):
        request = {"Name": "AWS-RunShellScript", "Targets": self.targets(), "Parameters": {"commands": ["echo hi"]}}
        request.update(extra)
        return self.ssm.create_association(**request)["AssociationDescription"]["AssociationId"]

    def runs(self, association_id, **kwargs):
        pages = self.ssm.get_paginator("describe_association_executions").paginate(AssociationId=association_id,
                                                                                  **kwargs)
        return [e for page in pages for e in page["AssociationExecutions"]]

    def await_runs(self, association_id, count):
        """Waits until the association has at least `count` runs and none is Pending or InProgress."""
        deadline = time.monotonic() + SETTLE_SECONDS
        while True:
            runs = self.runs(association_id)
            if len(runs) >= count and not any(r["Status"] in UNFINISHED for r in runs):
                return runs
            if time.monotonic() > deadline:
                raise AssertionError("runs of %s did not settle: %d runs, unfinished %s" % (
                    association_id, len(runs), [r for r in runs if r["Status"] in UNFINISHED]))
            time.sleep(0.05)

    def await_only_run(self, association_id):
        runs = self.await_runs(association_id, 1)
        if len(runs) != 1:
            raise AssertionError("expected one run, got %s" % runs)
        return runs[0]

    def execution_targets(self, association_id, execution_id, **kwargs):
        pages = self.ssm.get_paginator("describe_association_execution_targets").paginate(
            AssociationId=association_id, ExecutionId=execution_id, **kwargs)
        return [t for page in pages for t in page["AssociationExecutionTargets"]]


def millis(when):
    """A timestamp from boto3 as whole milliseconds since the epoch (Steward keeps milliseconds)."""
    return round(when.timestamp() * 1000)


def iso_millis(when):
    """The '2018-04-10T19:15:38.372Z' form of a boto3 timestamp."""
    ms = millis(when)
    utc = datetime.datetime.fromtimestamp(ms // 1000, datetime.timezone.utc)
    return utc.strftime("%Y-%m-%dT%H:%M:%S") + ".%03dZ" % (ms % 1000)


def iso_seconds(when):
    """The '2019-02-18T16:00:00Z' form of a boto3 timestamp: its whole second."""
    utc = datetime.datetime.fromtimestamp(millis(when) // 1000, datetime.timezone.utc)
    return utc.strftime("%Y-%m-%dT%H:%M:%SZ")


def status_counts(counts):
    """ResourceCountByStatus as Steward (and AWS) write it: '{Failed=1, Success=2}', keys sorted."""
    return "{" + ", ".join("%s=%d" % (k, counts[k]) for k in sorted(counts)) + "}"


def ids(runs):
    return [r["ExecutionId"] for r in runs]


class ExecutionsTestCase(unittest.TestCase):
    maxDiff = None

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

    def assertRunMembers(self, run, association_id, version="1"):
        self.assertEqual(association_id, run["AssociationId"])
        self.assertEqual(version, run["AssociationVersion"])
        self.assertRegex(run["ExecutionId"], UUID)
        self.assertIn(run["Status"], ("Success", "Failed", "TimedOut", "Skipped"))
        self.assertTrue(run["DetailedStatus"], run)
        self.assertIsInstance(run["CreatedTime"], datetime.datetime)
        self.assertIsInstance(run["LastExecutionDate"], datetime.datetime)
        self.assertGreaterEqual(run["LastExecutionDate"], run["CreatedTime"])
        self.assertRegex(run["ResourceCountByStatus"], r"^\{([A-Za-z]+=\d+(, [A-Za-z]+=\d+)*)?\}$")

    def assertTargetMembers(self, target, association_id, run):
        self.assertEqual(association_id, target["AssociationId"])
        self.assertEqual(run["AssociationVersion"], target["AssociationVersion"])
        self.assertEqual(run["ExecutionId"], target["ExecutionId"])
        self.assertEqual("ManagedInstance", target["ResourceType"])
        self.assertRegex(target["ResourceId"], r"^mi-[0-9a-f]{17}$")
        self.assertTrue(target["DetailedStatus"], target)
        self.assertIsInstance(target["LastExecutionDate"], datetime.datetime)
        self.assertEqual("RunCommand", target["OutputSource"]["OutputSourceType"])
        self.assertEqual(36, len(target["OutputSource"]["OutputSourceId"]), target)
        self.assertRegex(target["OutputSource"]["OutputSourceId"], UUID)


class RunsOnNodesTest(ExecutionsTestCase):
    def test_run_on_one_node_records_every_member(self):
        fleet = Fleet()
        node = fleet.node("Success")
        association_id = fleet.create()
        run = fleet.await_only_run(association_id)
        self.assertRunMembers(run, association_id)
        self.assertEqual("Success", run["Status"])
        self.assertEqual("Success", run["DetailedStatus"])
        self.assertEqual("{Success=1}", run["ResourceCountByStatus"])
        self.assertNotIn("AlarmConfiguration", run)
        self.assertNotIn("TriggeredAlarms", run)

        targets = fleet.execution_targets(association_id, run["ExecutionId"])
        self.assertEqual([node], [t["ResourceId"] for t in targets])
        self.assertTargetMembers(targets[0], association_id, run)
        self.assertEqual("Success", targets[0]["Status"])

        description = fleet.ssm.describe_association(AssociationId=association_id)["AssociationDescription"]
        self.assertEqual("Success", description["Overview"]["Status"])
        self.assertEqual({"Success": 1}, description["Overview"]["AssociationStatusAggregatedCount"])
        self.assertEqual(run["LastExecutionDate"], description["LastExecutionDate"])
        self.assertEqual(run["LastExecutionDate"], description["LastSuccessfulExecutionDate"])

    def test_three_nodes_with_mixed_outcomes(self):
        fleet = Fleet()
        ok, also_ok = fleet.nodes(2, "Success")
        failed = fleet.node("Failed")
        association_id = fleet.create()
        run = fleet.await_only_run(association_id)
        self.assertRunMembers(run, association_id)
        self.assertEqual("Failed", run["Status"])
        self.assertEqual("{Failed=1, Success=2}", run["ResourceCountByStatus"])

        targets = fleet.execution_targets(association_id, run["ExecutionId"])
        self.assertEqual(3, len(targets), "every target once")
        self.assertEqual({ok: "Success", also_ok: "Success", failed: "Failed"},
                         {t["ResourceId"]: t["Status"] for t in targets})
        for target in targets:
            self.assertTargetMembers(target, association_id, run)
        self.assertEqual(3, len({t["OutputSource"]["OutputSourceId"] for t in targets}))

        description = fleet.ssm.describe_association(AssociationId=association_id)["AssociationDescription"]
        self.assertEqual("Failed", description["Overview"]["Status"])
        self.assertEqual({"Failed": 1, "Success": 2}, description["Overview"]["AssociationStatusAggregatedCount"])
        self.assertNotIn("LastSuccessfulExecutionDate", description)

        # The same association run again after one node changed its behaviour to time out.
        fleet.control.behave(also_ok, "TimedOut", 0)
        fleet.ssm.start_associations_once(AssociationIds=[association_id])
        runs = fleet.await_runs(association_id, 2)
        self.assertEqual(2, len(runs))
        self.assertEqual(run["ExecutionId"], runs[1]["ExecutionId"], "newest first")
        second = runs[0]
        self.assertRunMembers(second, association_id)
        self.assertEqual("Failed", second["Status"])
        self.assertEqual("{Failed=1, Success=1, TimedOut=1}", second["ResourceCountByStatus"])
        self.assertEqual({ok: "Success", also_ok: "TimedOut", failed: "Failed"},
                         {t["ResourceId"]: t["Status"] for t in fleet.execution_targets(
                             association_id, second["ExecutionId"])})

    def test_hundred_nodes_each_get_their_own_command(self):
        fleet = Fleet()
        nodes = fleet.nodes(100, "Success", 5)
        expected_status = {n: "Success" for n in nodes}
        for index, status in ((7, "Failed"), (42, "Failed"), (64, "Failed"), (99, "TimedOut")):
            fleet.control.behave(nodes[index], status, 5)
            expected_status[nodes[index]] = status
        association_id = fleet.create()
        run = fleet.await_only_run(association_id)
        self.assertRunMembers(run, association_id)
        self.assertEqual("Failed", run["Status"])
        self.assertEqual("{Failed=3, Success=96, TimedOut=1}", run["ResourceCountByStatus"])
        self.assertEqual(status_counts({"Failed": 3, "Success": 96, "TimedOut": 1}), run["ResourceCountByStatus"])

        pages = list(fleet.ssm.get_paginator("describe_association_execution_targets").paginate(
            AssociationId=association_id, ExecutionId=run["ExecutionId"], PaginationConfig={"PageSize": 7}))
        self.assertEqual([7] * 14 + [2], [len(p["AssociationExecutionTargets"]) for p in pages])
        self.assertNotIn("NextToken", pages[-1])
        targets = [t for p in pages for t in p["AssociationExecutionTargets"]]
        self.assertEqual(100, len(targets))
        self.assertEqual(sorted(nodes), sorted(t["ResourceId"] for t in targets), "every target exactly once")
        self.assertEqual(expected_status, {t["ResourceId"]: t["Status"] for t in targets})
        self.assertEqual(100, len({t["OutputSource"]["OutputSourceId"] for t in targets}),
                         "every target ran under a command id of its own")
        for target in targets:
            self.assertTargetMembers(target, association_id, run)

        def matching(**filters):
            return sorted(t["ResourceId"] for t in fleet.execution_targets(
                association_id, run["ExecutionId"], Filters=[{"Key": k, "Value": v} for k, v in filters.items()]))

        self.assertEqual(sorted([nodes[7], nodes[42], nodes[64]]), matching(Status="Failed"))
        self.assertEqual([nodes[99]], matching(Status="TimedOut"))
        self.assertEqual(96, len(matching(Status="Success")))
        self.assertEqual([], matching(Status="Skipped"))
        self.assertEqual([nodes[42]], matching(ResourceId=nodes[42]))
        self.assertEqual([], matching(ResourceId="mi-0000000000000000f"))
        self.assertEqual(sorted(nodes), matching(ResourceType="ManagedInstance"))
        self.assertEqual([nodes[7]], matching(ResourceId=nodes[7], Status="Failed"))
        self.assertEqual([], matching(ResourceId=nodes[7], Status="Success"))
        self.assertError("ValidationException", fleet.ssm.describe_association_execution_targets,
                         AssociationId=association_id, ExecutionId=run["ExecutionId"],
                         Filters=[{"Key": "Bogus", "Value": "x"}])

    def test_newer_run_times_out_the_run_in_flight(self):
        fleet = Fleet()
        node = fleet.node("Success", 30_000)
        association_id = fleet.create()
        first = fleet.ssm.describe_association_executions(AssociationId=association_id)["AssociationExecutions"]
        self.assertEqual(1, len(first), first)
        first = first[0]["ExecutionId"]
        # The newer run must find the first one's target in flight, not still waiting to start.
        deadline = time.monotonic() + SETTLE_SECONDS
        while [t["Status"] for t in fleet.execution_targets(association_id, first)] != ["InProgress"]:
            self.assertLess(time.monotonic(), deadline, "the first run's target never started")
            time.sleep(0.05)
        fleet.ssm.start_associations_once(AssociationIds=[association_id])
        timed_out = fleet.ssm.describe_association_executions(AssociationId=association_id, Filters=[
            {"Key": "ExecutionId", "Value": first, "Type": "EQUAL"}])["AssociationExecutions"]
        self.assertEqual([first], ids(timed_out))
        self.assertEqual("TimedOut", timed_out[0]["Status"])
        self.assertIn("newer run", timed_out[0]["DetailedStatus"])
        targets = fleet.execution_targets(association_id, first)
        self.assertEqual([(node, "TimedOut")], [(t["ResourceId"], t["Status"]) for t in targets])

    def test_node_registered_later_gets_a_run_of_its_own(self):
        fleet = Fleet()
        fleet.node("Success")
        association_id = fleet.create()
        fleet.await_runs(association_id, 1)
        late = fleet.node("Failed")
        runs = fleet.await_runs(association_id, 2)
        self.assertEqual("{Failed=1}", runs[0]["ResourceCountByStatus"])
        self.assertEqual([late], [t["ResourceId"] for t in fleet.execution_targets(association_id,
                                                                                   runs[0]["ExecutionId"])])

    def test_updated_association_runs_its_new_version(self):
        fleet = Fleet()
        fleet.node("Success")
        association_id = fleet.create()
        fleet.await_runs(association_id, 1)
        fleet.ssm.update_association(AssociationId=association_id, Parameters={"commands": ["echo v2"]})
        runs = fleet.await_runs(association_id, 2)
        self.assertEqual(["2", "1"], [r["AssociationVersion"] for r in runs])
        self.assertEqual("2", fleet.execution_targets(association_id, runs[0]["ExecutionId"])[0]["AssociationVersion"])


class StartAssociationsOnceTest(ExecutionsTestCase):
    def test_runs_each_and_checks_every_id_first(self):
        fleet = Fleet()
        fleet.node("Success")
        first = fleet.create()
        second = fleet.create()
        fleet.await_runs(first, 1)
        fleet.await_runs(second, 1)
        response = fleet.ssm.start_associations_once(AssociationIds=[first, second])
        self.assertEqual({}, {k: v for k, v in response.items() if k != "ResponseMetadata"})
        self.assertEqual(2, len(fleet.await_runs(first, 2)))
        self.assertEqual(2, len(fleet.await_runs(second, 2)))

        self.assertError("AssociationDoesNotExist", fleet.ssm.start_associations_once,
                         AssociationIds=[first, str(uuid.uuid4())])
        other = client(fresh_account_key())
        self.assertError("AssociationDoesNotExist", other.start_associations_once, AssociationIds=[first])
        # A later accepted call's runs are the positive event: whatever the refused calls started
        # would be there before them. Then each association has exactly one run more, not two or three.
        fleet.ssm.start_associations_once(AssociationIds=[first, second])
        self.assertEqual(3, len(fleet.await_runs(first, 3)), "a refused call starts nothing")
        self.assertEqual(3, len(fleet.await_runs(second, 3)), "a refused call starts nothing")


class ExecutionHistoryTest(ExecutionsTestCase):
    """One association with a history of about sixty runs, paged and filtered every way and
    checked against the full listing computed client-side."""

    BURSTS = 6

    @classmethod
    def setUpClass(cls):
        cls.fleet = Fleet()
        cls.ssm = cls.fleet.ssm
        cls.fleet.node("Success", 0)
        cls.association_id = cls.fleet.create()
        cls.fleet.await_runs(cls.association_id, 1)  # a Success run
        cls.fleet.node("Failed", 0)
        cls.fleet.await_runs(cls.association_id, 2)  # a Failed run on the late node alone
        for _ in range(cls.BURSTS):
            cls.ssm.start_associations_once(AssociationIds=[cls.association_id] * 10)
        cls.expected_runs = 2 + 10 * cls.BURSTS
        cls.history = cls.fleet.await_runs(cls.association_id, cls.expected_runs)
        cls.other_id = cls.fleet.create(Targets=[{"Key": "tag:group", "Values": ["nobody-" + cls.fleet.group]}])

    def filtered(self, *filters, page_size=50):
        return [i for page in self.filtered_pages(*filters, page_size=page_size) for i in page]

    def filtered_pages(self, *filters, page_size=50):
        """The ids, page by page; every page but the last carries a token, each token once."""
        request = {"Filters": [{"Key": k, "Type": t, "Value": v} for k, t, v in filters]} if filters else {}
        pages = list(self.ssm.get_paginator("describe_association_executions").paginate(
            AssociationId=self.association_id, PaginationConfig={"PageSize": page_size}, **request))
        self.assertNotIn("NextToken", pages[-1])
        tokens = [p["NextToken"] for p in pages[:-1]]
        self.assertEqual(len(pages) - 1, len(set(tokens)), "every page but the last has a token, each once")
        return [ids(p["AssociationExecutions"]) for p in pages]

    def assertPaged(self, expected, page_size, *filters):
        """The filtered listing is `expected`, page_size to a page with only the last page shorter, over several pages."""
        pages = self.filtered_pages(*filters, page_size=page_size)
        self.assertGreater(len(expected), page_size, "enough runs to fill more than one page")
        full, rest = divmod(len(expected), page_size)
        self.assertEqual([page_size] * full + ([rest] if rest else []), [len(p) for p in pages], "page sizes")
        self.assertEqual(expected, [i for p in pages for i in p])

    def expected(self, predicate):
        return ids([e for e in self.history if predicate(e)])

    def test_history_is_complete_newest_first_and_settled(self):
        self.assertEqual(self.expected_runs, len(self.history))
        self.assertEqual(len(self.history), len(set(ids(self.history))), "every run once")
        created = [millis(e["CreatedTime"]) for e in self.history]
        self.assertEqual(sorted(created, reverse=True), created, "newest first")
        for run in self.history:
            self.assertRunMembers(run, self.association_id)
            self.assertNotIn(run["Status"], UNFINISHED)
        self.assertEqual("{Success=1}", self.history[-1]["ResourceCountByStatus"])
        self.assertEqual("Success", self.history[-1]["Status"])
        self.assertEqual("{Failed=1}", self.history[-2]["ResourceCountByStatus"])
        self.assertEqual("Failed", self.history[-2]["Status"])
        self.assertEqual("{Failed=1, Success=1}", self.history[0]["ResourceCountByStatus"],
                         "the newest run is never cut short")

    def test_paginator_walks_every_run_once_newest_first(self):
        for page_size in (1, 7, 50):
            with self.subTest(page_size=page_size):
                pages = list(self.ssm.get_paginator("describe_association_executions").paginate(
                    AssociationId=self.association_id, PaginationConfig={"PageSize": page_size}))
                self.assertGreater(len(pages), 1)
                sizes = [len(p["AssociationExecutions"]) for p in pages]
                self.assertTrue(all(s == page_size for s in sizes[:-1]), sizes)
                self.assertTrue(0 < sizes[-1] <= page_size, sizes)
                tokens = [p["NextToken"] for p in pages if p.get("NextToken")]
                self.assertEqual(len(tokens), len(set(tokens)), "a NextToken is never repeated")
                self.assertEqual(len(pages) - 1, len(tokens), "every page but the last has a token")
                self.assertNotIn("NextToken", pages[-1], "the last page has no token")
                seen = [e for p in pages for e in p["AssociationExecutions"]]
                self.assertEqual(ids(self.history), ids(seen))
                self.assertEqual(self.history, seen, "pages carry the same members as the listing")

    def test_default_page_is_fifty(self):
        first = self.ssm.describe_association_executions(AssociationId=self.association_id)
        self.assertEqual(ids(self.history[:50]), ids(first["AssociationExecutions"]))
        rest = self.ssm.describe_association_executions(AssociationId=self.association_id,
                                                        NextToken=first["NextToken"])
        self.assertEqual(ids(self.history[50:]), ids(rest["AssociationExecutions"]))
        self.assertNotIn("NextToken", rest)

    def test_max_items_resumes_with_starting_token(self):
        paginator = self.ssm.get_paginator("describe_association_executions")
        first = paginator.paginate(AssociationId=self.association_id,
                                   PaginationConfig={"PageSize": 7, "MaxItems": 10}).build_full_result()
        self.assertEqual(ids(self.history[:10]), ids(first["AssociationExecutions"]))
        rest = paginator.paginate(AssociationId=self.association_id, PaginationConfig={
            "PageSize": 7, "StartingToken": first["NextToken"]}).build_full_result()
        self.assertEqual(ids(self.history[10:]), ids(rest["AssociationExecutions"]))
        self.assertNotIn("NextToken", rest)

    def test_execution_id_filter_finds_exactly_that_run(self):
        for run in (self.history[0], self.history[len(self.history) // 2], self.history[-1]):
            self.assertEqual([run["ExecutionId"]], self.filtered(("ExecutionId", "EQUAL", run["ExecutionId"])))
        self.assertEqual([], self.filtered(("ExecutionId", "EQUAL", str(uuid.uuid4()))))
        some = self.history[3]["ExecutionId"]
        self.assertEqual([some], self.filtered(("ExecutionId", "EQUAL", some.upper())),
                         "execution ids compare without regard to case")

    def test_status_filter_matches_only_that_status(self):
        statuses = {e["Status"] for e in self.history}
        self.assertLessEqual({"Success", "Failed"}, statuses)
        for status in sorted(statuses | {"Success", "Failed", "TimedOut", "Skipped"}):
            with self.subTest(status=status):
                self.assertEqual(self.expected(lambda e: e["Status"] == status),
                                 self.filtered(("Status", "EQUAL", status)))
        self.assertEqual([], self.filtered(("Status", "EQUAL", "NoSuchStatus")))

    def test_created_time_filters_with_milliseconds(self):
        for run in (self.history[1], self.history[len(self.history) // 2], self.history[-1]):
            at = millis(run["CreatedTime"])
            value = iso_millis(run["CreatedTime"])
            self.assertRegex(value, r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
            with self.subTest(value=value):
                equal = self.filtered(("CreatedTime", "EQUAL", value))
                self.assertIn(run["ExecutionId"], equal)
                self.assertEqual(self.expected(lambda e: millis(e["CreatedTime"]) == at), equal)
                less = self.filtered(("CreatedTime", "LESS_THAN", value))
                self.assertEqual(self.expected(lambda e: millis(e["CreatedTime"]) < at), less)
                greater = self.filtered(("CreatedTime", "GREATER_THAN", value))
                self.assertEqual(self.expected(lambda e: millis(e["CreatedTime"]) > at), greater)
                self.assertEqual(sorted(ids(self.history)), sorted(less + equal + greater),
                                 "LESS_THAN, EQUAL and GREATER_THAN split the history")

    def test_created_time_filters_with_whole_seconds(self):
        seconds = sorted({millis(e["CreatedTime"]) // 1000 for e in self.history})
        for run in (self.history[0], self.history[-1]):
            value = iso_seconds(run["CreatedTime"])
            self.assertRegex(value, r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
            start = millis(run["CreatedTime"]) // 1000 * 1000
            with self.subTest(value=value, seconds_in_history=len(seconds)):
                self.assertEqual(self.expected(lambda e: start <= millis(e["CreatedTime"]) < start + 1000),
                                 self.filtered(("CreatedTime", "EQUAL", value)),
                                 "EQUAL to a whole second matches every run within that second")
                self.assertEqual(self.expected(lambda e: millis(e["CreatedTime"]) < start),
                                 self.filtered(("CreatedTime", "LESS_THAN", value)))
                self.assertEqual(self.expected(lambda e: millis(e["CreatedTime"]) >= start + 1000),
                                 self.filtered(("CreatedTime", "GREATER_THAN", value)),
                                 "GREATER_THAN a whole second means after that second: the three split the history")
        after_newest = iso_seconds(self.history[0]["CreatedTime"] + datetime.timedelta(seconds=1))
        self.assertEqual(ids(self.history), self.filtered(("CreatedTime", "LESS_THAN", after_newest)))
        self.assertEqual([], self.filtered(("CreatedTime", "GREATER_THAN", after_newest)))
        self.assertEqual([], self.filtered(("CreatedTime", "EQUAL", after_newest)))
        before_oldest = iso_seconds(self.history[-1]["CreatedTime"] - datetime.timedelta(seconds=1))
        self.assertEqual(ids(self.history), self.filtered(("CreatedTime", "GREATER_THAN", before_oldest)))
        self.assertEqual([], self.filtered(("CreatedTime", "EQUAL", before_oldest)))
        # The documented example forms, far from any run.
        self.assertEqual([], self.filtered(("CreatedTime", "LESS_THAN", "2019-02-18T16:00:00Z")))
        self.assertEqual([], self.filtered(("CreatedTime", "EQUAL", "2019-02-18T16:00:00Z")))
        self.assertEqual(ids(self.history), self.filtered(("CreatedTime", "GREATER_THAN", "2019-02-18T16:00:00Z")))
        self.assertEqual(ids(self.history), self.filtered(("CreatedTime", "GREATER_THAN", "2018-04-10T19:15:38.372Z")))
        self.assertEqual([], self.filtered(("CreatedTime", "LESS_THAN", "2018-04-10T19:15:38.372Z")))
        self.assertEqual(ids(self.history), self.filtered(("CreatedTime", "LESS_THAN", "2999-12-31T23:59:59.999Z")))

    def test_filters_combine_with_and(self):
        middle = self.history[len(self.history) // 2]
        at = millis(middle["CreatedTime"])
        for status in {e["Status"] for e in self.history}:
            with self.subTest(status=status):
                self.assertEqual(
                    self.expected(lambda e: e["Status"] == status and millis(e["CreatedTime"]) < at),
                    self.filtered(("Status", "EQUAL", status), ("CreatedTime", "LESS_THAN", iso_millis(middle["CreatedTime"]))))
        lo, hi = self.history[-5]["CreatedTime"], self.history[5]["CreatedTime"]
        window = self.expected(lambda e: millis(lo) < millis(e["CreatedTime"]) < millis(hi))
        self.assertEqual(window, self.filtered(("CreatedTime", "GREATER_THAN", iso_millis(lo)),
                                               ("CreatedTime", "LESS_THAN", iso_millis(hi))))
        self.assertTrue(window, "the window holds runs")
        self.assertEqual([], self.filtered(("CreatedTime", "GREATER_THAN", iso_millis(hi)),
                                           ("CreatedTime", "LESS_THAN", iso_millis(lo))))
        self.assertEqual([middle["ExecutionId"]], self.filtered(
            ("ExecutionId", "EQUAL", middle["ExecutionId"]), ("Status", "EQUAL", middle["Status"]),
            ("CreatedTime", "EQUAL", iso_millis(middle["CreatedTime"]))))
        other_status = "Success" if middle["Status"] != "Success" else "Failed"
        self.assertEqual([], self.filtered(("ExecutionId", "EQUAL", middle["ExecutionId"]),
                                           ("Status", "EQUAL", other_status)))
        self.assertEqual([], self.filtered(("ExecutionId", "EQUAL", middle["ExecutionId"]),
                                           ("CreatedTime", "GREATER_THAN", iso_millis(middle["CreatedTime"]))))
        self.assertEqual([], self.filtered(("Status", "EQUAL", "Success"), ("Status", "EQUAL", "Failed")))

    def test_filtered_pages_never_skip_or_repeat(self):
        # The status most runs ended with: how the bursts split between Failed and TimedOut depends on timing.
        status = collections.Counter(e["Status"] for e in self.history).most_common(1)[0][0]
        expected = self.expected(lambda e: e["Status"] == status)
        for page_size in (1, 3):
            with self.subTest(page_size=page_size):
                self.assertPaged(expected, page_size, ("Status", "EQUAL", status))
        at = iso_millis(self.history[4]["CreatedTime"])
        self.assertPaged(self.expected(lambda e: millis(e["CreatedTime"]) < millis(self.history[4]["CreatedTime"])),
                         4, ("CreatedTime", "LESS_THAN", at))

    def test_tokens_are_bound_to_association_and_filters(self):
        token = self.ssm.describe_association_executions(AssociationId=self.association_id, MaxResults=5)["NextToken"]
        # The token as it is works.
        page = self.ssm.describe_association_executions(AssociationId=self.association_id, MaxResults=5, NextToken=token)
        self.assertEqual(ids(self.history[5:10]), ids(page["AssociationExecutions"]))

        middle = len(token) // 2
        tampered = token[:middle] + ("A" if token[middle] != "A" else "B") + token[middle + 1:]
        for bad in (tampered, token[1:], token + "x", "not-a-token"):
            with self.subTest(token=bad):
                self.assertError("InvalidNextToken", self.ssm.describe_association_executions,
                                 AssociationId=self.association_id, NextToken=bad)
        self.assertError("InvalidNextToken", self.ssm.describe_association_executions,
                         AssociationId=self.other_id, NextToken=token)
        self.assertError("InvalidNextToken", self.ssm.describe_association_executions,
                         AssociationId=self.association_id, NextToken=token,
                         Filters=[{"Key": "Status", "Value": "Success", "Type": "EQUAL"}])
        filtered_token = self.ssm.describe_association_executions(
            AssociationId=self.association_id, MaxResults=1,
            Filters=[{"Key": "CreatedTime", "Value": "2019-02-18T16:00:00Z", "Type": "GREATER_THAN"}])["NextToken"]
        self.assertError("InvalidNextToken", self.ssm.describe_association_executions,
                         AssociationId=self.association_id, NextToken=filtered_token)
        self.assertError("InvalidNextToken", self.ssm.describe_association_executions,
                         AssociationId=self.association_id, NextToken=filtered_token,
                         Filters=[{"Key": "CreatedTime", "Value": "2019-02-18T16:00:01Z", "Type": "GREATER_THAN"}])
        self.assertError("InvalidNextToken", self.ssm.list_associations, NextToken=token)
        self.assertError("InvalidNextToken", self.ssm.describe_association_execution_targets,
                         AssociationId=self.association_id, ExecutionId=self.history[0]["ExecutionId"], NextToken=token)

    def test_last_page_of_a_filter_has_no_token(self):
        last = self.ssm.describe_association_executions(AssociationId=self.association_id, MaxResults=50, Filters=[
            {"Key": "ExecutionId", "Value": self.history[0]["ExecutionId"], "Type": "EQUAL"}])
        self.assertEqual([self.history[0]["ExecutionId"]], ids(last["AssociationExecutions"]))
        self.assertNotIn("NextToken", last)
        exact = self.ssm.describe_association_executions(AssociationId=self.association_id,
                                                         MaxResults=len(self.history) - 50, NextToken=self.ssm.
                                                         describe_association_executions(
                                                             AssociationId=self.association_id)["NextToken"])
        self.assertEqual(ids(self.history[50:]), ids(exact["AssociationExecutions"]))
        self.assertNotIn("NextToken", exact, "a page that ends exactly at the last run has no token")

    def test_bad_filters_and_limits_are_validation_errors(self):
        run = self.history[0]["ExecutionId"]
        message = self.assertError("ValidationException", self.ssm.describe_association_executions,
                                   AssociationId=self.association_id,
                                   Filters=[{"Key": "ExecutionId", "Value": run, "Type": "LESS_THAN"}])["Error"]["Message"]
        self.assertIn("ExecutionId", message)
        message = self.assertError("ValidationException", self.ssm.describe_association_executions,
                                   AssociationId=self.association_id,
                                   Filters=[{"Key": "Status", "Value": "Success", "Type": "GREATER_THAN"}])["Error"]["Message"]
        self.assertIn("Status", message)
        for bad_time in ("yesterday", "2019-02-30T10:00:00Z", "2019-02-18 16:00:00", "1550505600"):
            with self.subTest(value=bad_time):
                message = self.assertError("ValidationException", self.ssm.describe_association_executions,
                                           AssociationId=self.association_id, Filters=[
                                               {"Key": "CreatedTime", "Value": bad_time, "Type": "LESS_THAN"}])["Error"]["Message"]
                self.assertIn("CreatedTime", message, "the message names the filter")
        message = self.assertError("ValidationException", self.ssm.describe_association_executions,
                                   AssociationId=self.association_id,
                                   Filters=[{"Key": "ExecutionId", "Value": "not-a-uuid", "Type": "EQUAL"}])["Error"]["Message"]
        self.assertIn("ExecutionId", message)
        self.assertError("ValidationException", self.ssm.describe_association_executions,
                         AssociationId=self.association_id, Filters=[{"Key": "Owner", "Value": "x", "Type": "EQUAL"}])
        self.assertError("ValidationException", self.ssm.describe_association_executions,
                         AssociationId=self.association_id, Filters=[{"Key": "Status", "Value": "x", "Type": "LIKE"}])
        self.assertError("ValidationException", self.ssm.describe_association_executions,
                         AssociationId="not-an-association-id")

        unchecked = client(self.fleet.key, validate=False)
        message = self.assertError("ValidationException", unchecked.describe_association_executions,
                                   AssociationId=self.association_id, MaxResults=51)["Error"]["Message"]
        self.assertIn("maxResults", message)
        self.assertIn("50", message)
        message = self.assertError("ValidationException", unchecked.describe_association_executions,
                                   AssociationId=self.association_id, MaxResults=0)["Error"]["Message"]
        self.assertIn("maxResults", message)
        self.assertError("ValidationException", unchecked.describe_association_executions,
                         AssociationId=self.association_id, Filters=[])
        self.assertError("ValidationException", unchecked.describe_association_execution_targets,
                         AssociationId=self.association_id, ExecutionId=run, MaxResults=51)


class ExecutionErrorsTest(ExecutionsTestCase):
    @classmethod
    def setUpClass(cls):
        cls.fleet = Fleet()
        cls.ssm = cls.fleet.ssm
        cls.fleet.node("Success")
        cls.association_id = cls.fleet.create()
        cls.run_id = cls.fleet.await_only_run(cls.association_id)["ExecutionId"]

    def test_unknown_association_does_not_exist(self):
        for unknown in (NO_SUCH_ID, str(uuid.uuid4())):
            self.assertError("AssociationDoesNotExist", self.ssm.describe_association_executions, AssociationId=unknown)
            self.assertError("AssociationDoesNotExist", self.ssm.describe_association_execution_targets,
                             AssociationId=unknown, ExecutionId=self.run_id)

    def test_association_of_another_account_or_region_does_not_exist(self):
        for other in (client(fresh_account_key()), client(self.fleet.key, region="eu-west-1")):
            with self.subTest(region=other.meta.region_name):
                self.assertError("AssociationDoesNotExist", other.describe_association_executions,
                                 AssociationId=self.association_id)
                self.assertError("AssociationDoesNotExist", other.describe_association_execution_targets,
                                 AssociationId=self.association_id, ExecutionId=self.run_id)
                self.assertError("AssociationDoesNotExist", other.start_associations_once,
                                 AssociationIds=[self.association_id])
        self.assertEqual([self.run_id], ids(self.fleet.runs(self.association_id)), "the owner still sees its run")

    def test_deleted_association_does_not_exist(self):
        association_id = self.fleet.create()
        run = self.fleet.await_only_run(association_id)["ExecutionId"]
        self.ssm.delete_association(AssociationId=association_id)
        self.assertError("AssociationDoesNotExist", self.ssm.describe_association_executions,
                         AssociationId=association_id)
        self.assertError("AssociationDoesNotExist", self.ssm.describe_association_execution_targets,
                         AssociationId=association_id, ExecutionId=run)
        self.assertError("AssociationDoesNotExist", self.ssm.start_associations_once, AssociationIds=[association_id])

    def test_unknown_execution_does_not_exist(self):
        self.assertError("AssociationExecutionDoesNotExist", self.ssm.describe_association_execution_targets,
                         AssociationId=self.association_id, ExecutionId=NO_SUCH_ID)
        other = self.fleet.create()
        other_run = self.fleet.await_only_run(other)["ExecutionId"]
        self.assertError("AssociationExecutionDoesNotExist", self.ssm.describe_association_execution_targets,
                         AssociationId=self.association_id, ExecutionId=other_run)
        self.assertEqual(1, len(self.fleet.execution_targets(other, other_run)))


class InstanceAssociationsTest(ExecutionsTestCase):
    def test_describe_instance_associations_status_reports_each_nodes_latest_result(self):
        fleet = Fleet()
        steady = fleet.node("Success")
        flaky = fleet.node("Failed")
        name = "named-" + uuid.uuid4().hex[:8]
        named = fleet.create(AssociationName=name)
        plain = fleet.create(Name="AWS-RunShellScript", Parameters={"commands": ["echo plain"]})
        fleet.await_runs(named, 1)
        fleet.await_runs(plain, 1)

        def statuses(instance_id):
            infos = [i for page in fleet.ssm.get_paginator("describe_instance_associations_status").paginate(
                InstanceId=instance_id) for i in page["InstanceAssociationStatusInfos"]]
            self.assertEqual(len(infos), len({i["AssociationId"] for i in infos}), "each association once")
            return {i["AssociationId"]: i for i in infos}

        before = statuses(flaky)
        self.assertEqual({named: "Failed", plain: "Failed"}, {k: v["Status"] for k, v in before.items()})
        self.assertEqual({named: "Success", plain: "Success"}, {k: v["Status"] for k, v in statuses(steady).items()})

        fleet.control.behave(flaky, "Success")
        fleet.ssm.start_associations_once(AssociationIds=[named])
        runs = fleet.await_runs(named, 2)
        after = statuses(flaky)
        self.assertEqual({named: "Success", plain: "Failed"}, {k: v["Status"] for k, v in after.items()},
                         "the latest run of each association on the node")
        info = after[named]
        self.assertEqual("AWS-RunShellScript", info["Name"])
        self.assertEqual("$DEFAULT", info["DocumentVersion"])
        self.assertEqual("1", info["AssociationVersion"])
        self.assertEqual(flaky, info["InstanceId"])
        self.assertEqual(name, info["AssociationName"])
        self.assertEqual("Success", info["DetailedStatus"])
        latest_target = [t for t in fleet.execution_targets(named, runs[0]["ExecutionId"]) if t["ResourceId"] == flaky]
        self.assertEqual(1, len(latest_target))
        self.assertEqual(latest_target[0]["LastExecutionDate"], info["ExecutionDate"])
        self.assertGreater(info["ExecutionDate"], before[named]["ExecutionDate"])
        self.assertEqual(before[plain]["ExecutionDate"], after[plain]["ExecutionDate"], "the other one did not run")
        self.assertNotIn("AssociationName", after[plain])
        self.assertEqual("Failed", after[plain]["DetailedStatus"])

        paged = list(fleet.ssm.get_paginator("describe_instance_associations_status").paginate(
            InstanceId=flaky, PaginationConfig={"PageSize": 1}))
        self.assertEqual([1, 1], [len(p["InstanceAssociationStatusInfos"]) for p in paged])
        self.assertEqual(set(after), {i["AssociationId"] for p in paged for i in p["InstanceAssociationStatusInfos"]})

        self.assertError("InvalidInstanceId", fleet.ssm.describe_instance_associations_status,
                         InstanceId="mi-0123456789abcdef0")
        self.assertError("InvalidInstanceId", client(fresh_account_key()).describe_instance_associations_status,
                         InstanceId=flaky)

    def test_update_association_status_of_a_legacy_association(self):
        ssm = client(fresh_account_key())
        instance = "mi-0%s" % uuid.uuid4().hex[:16]
        created = ssm.create_association(Name="AWS-UpdateSSMAgent", InstanceId=instance)["AssociationDescription"]
        when = datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc)
        status = {"Date": when, "Name": "Failed", "Message": "agent reported a failure"}
        updated = ssm.update_association_status(Name="AWS-UpdateSSMAgent", InstanceId=instance,
                                                AssociationStatus=status)["AssociationDescription"]
        self.assertEqual(created["AssociationId"], updated["AssociationId"])
        self.assertEqual(instance, updated["InstanceId"])
        self.assertEqual("AWS-UpdateSSMAgent", updated["Name"])
        self.assertEqual("Failed", updated["Status"]["Name"])
        self.assertEqual("agent reported a failure", updated["Status"]["Message"])
        self.assertEqual(when, updated["Status"]["Date"])
        described = ssm.describe_association(Name="AWS-UpdateSSMAgent", InstanceId=instance)["AssociationDescription"]
        self.assertEqual(updated["Status"], described["Status"])

        self.assertError("StatusUnchanged", ssm.update_association_status, Name="AWS-UpdateSSMAgent",
                         InstanceId=instance, AssociationStatus=status)
        recovered = ssm.update_association_status(Name="AWS-UpdateSSMAgent", InstanceId=instance, AssociationStatus={
            "Date": when + datetime.timedelta(minutes=1), "Name": "Success", "Message": "ok"})["AssociationDescription"]
        self.assertEqual("Success", recovered["Status"]["Name"])
        self.assertError("StatusUnchanged", ssm.update_association_status, Name="AWS-UpdateSSMAgent",
                         InstanceId=instance, AssociationStatus={
                             "Date": when + datetime.timedelta(minutes=1), "Name": "Success", "Message": "ok"})

        self.assertError("AssociationDoesNotExist", ssm.update_association_status, Name="AWS-RunPatchBaseline",
                         InstanceId=instance, AssociationStatus=status)
        self.assertError("AssociationDoesNotExist", ssm.update_association_status, Name="AWS-UpdateSSMAgent",
                         InstanceId="mi-0123456789abcdef1", AssociationStatus=status)
        self.assertError("AssociationDoesNotExist", client(fresh_account_key()).update_association_status,
                         Name="AWS-UpdateSSMAgent", InstanceId=instance, AssociationStatus=status)
        ssm.delete_association(Name="AWS-UpdateSSMAgent", InstanceId=instance)
        self.assertError("AssociationDoesNotExist", ssm.update_association_status, Name="AWS-UpdateSSMAgent",
                         InstanceId=instance, AssociationStatus={"Date": when, "Name": "Pending", "Message": "x"})

    def test_describe_effective_instance_associations_pages_with_every_max_results(self):
        fleet = Fleet()
        node = fleet.node("Success")
        elsewhere = fleet.control.register({"group": "other-" + fleet.group})
        selecting = []
        for i in range(7):
            selecting.append(fleet.create(Parameters={"commands": ["echo %d" % i]}))
            if i == 3:
                fleet.create(Targets=[{"Key": "tag:group", "Values": ["other-" + fleet.group]}])
        fleet.ssm.update_association(AssociationId=selecting[2], Parameters={"commands": ["echo again"]})
        shell = json.loads(fleet.ssm.get_document(Name="AWS-RunShellScript")["Content"])

        for max_results in range(1, 6):
            with self.subTest(max_results=max_results):
                seen, tokens, token = [], [], None
                while True:
                    request = {"InstanceId": node, "MaxResults": max_results}
                    if token:
                        request["NextToken"] = token
                    page = fleet.ssm.describe_effective_instance_associations(**request)
                    self.assertLessEqual(len(page["Associations"]), max_results)
                    seen.extend(page["Associations"])
                    token = page.get("NextToken")
                    if not token:
                        break
                    self.assertEqual(max_results, len(page["Associations"]), "only the last page may be short")
                    tokens.append(token)
                self.assertEqual(len(tokens), len(set(tokens)), "a NextToken is never repeated")
                self.assertEqual(selecting, [a["AssociationId"] for a in seen], "each once, in creation order")
                for association in seen:
                    self.assertEqual(node, association["InstanceId"])
                    self.assertEqual(shell, json.loads(association["Content"]))
                self.assertEqual(["1", "1", "2", "1", "1", "1", "1"], [a["AssociationVersion"] for a in seen])

        via_paginator = [a["AssociationId"] for p in fleet.ssm.get_paginator(
            "describe_effective_instance_associations").paginate(InstanceId=node, PaginationConfig={"PageSize": 2})
            for a in p["Associations"]]
        self.assertEqual(selecting, via_paginator)
        default = fleet.ssm.describe_effective_instance_associations(InstanceId=node)
        self.assertEqual(selecting[:5], [a["AssociationId"] for a in default["Associations"]], "five by default")
        self.assertEqual(1, len(fleet.ssm.describe_effective_instance_associations(
            InstanceId=elsewhere)["Associations"]))

        unchecked = client(fleet.key, validate=False)
        self.assertError("ValidationException", unchecked.describe_effective_instance_associations,
                         InstanceId=node, MaxResults=6)
        self.assertError("ValidationException", unchecked.describe_effective_instance_associations,
                         InstanceId=node, MaxResults=0)
        self.assertError("InvalidNextToken", fleet.ssm.describe_effective_instance_associations,
                         InstanceId=elsewhere, NextToken=default["NextToken"])
        self.assertError("InvalidInstanceId", fleet.ssm.describe_effective_instance_associations,
                         InstanceId="mi-0123456789abcdef0")


if __name__ == "__main__":
    unittest.main()
