"""End-to-end tests of compliance through boto3: what association runs leave on their nodes
under SyncCompliance AUTO and MANUAL, PutComplianceItems with Custom types, replacing and
partial uploads, the three List operations with their filters and pages, isolation between
accounts, and every error. Each test works in a fresh account (see test_executions_boto3).

    STEWARD_ENDPOINT=http://127.0.0.1:4583 python3 -m unittest -v src/test/python/test_compliance_boto3.py
"""

import datetime
import os
import sys
import unittest

from botocore.exceptions import ClientError, ParamValidationError

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_executions_boto3 import Fleet, client, fresh_account_key  # noqa: E402

T0 = datetime.datetime(2024, 5, 1, 10, 0, 0, tzinfo=datetime.timezone.utc)


def entry(item_id, severity="LOW", status="COMPLIANT", **extra):
    item = {"Id": item_id, "Severity": severity, "Status": status}
    item.update(extra)
    return item


class ComplianceTestCase(unittest.TestCase):
    maxDiff = None

    def assertError(self, code, call, **kwargs):
        with self.assertRaises(ClientError, msg="expected %s" % code) as raised:
            call(**kwargs)
        error = raised.exception.response
        self.assertEqual(code, error["Error"]["Code"], error)
        self.assertEqual(400, error["ResponseMetadata"]["HTTPStatusCode"], error)
        self.assertTrue(error["Error"]["Message"], error)
        return error["Error"]["Message"]

    @staticmethod
    def put(fleet, node, compliance_type, items, **extra):
        request = {"ResourceId": node, "ResourceType": "ManagedInstance", "ComplianceType": compliance_type,
                   "ExecutionSummary": {"ExecutionTime": T0}, "Items": items}
        request.update(extra)
        return fleet.ssm.put_compliance_items(**request)

    @staticmethod
    def items(fleet, node=None, filters=(), page_size=None):
        args = {"Filters": list(filters)}
        if node:
            args["ResourceIds"] = [node]
            args["ResourceTypes"] = ["ManagedInstance"]
        config = {"PageSize": page_size} if page_size else {}
        pages = fleet.ssm.get_paginator("list_compliance_items").paginate(PaginationConfig=config, **args)
        return [i for page in pages for i in page["ComplianceItems"]]

    @staticmethod
    def resource_summaries(fleet, filters=(), page_size=None):
        config = {"PageSize": page_size} if page_size else {}
        pages = fleet.ssm.get_paginator("list_resource_compliance_summaries").paginate(Filters=list(filters),
                                                                                       PaginationConfig=config)
        return [i for page in pages for i in page["ResourceComplianceSummaryItems"]]

    @staticmethod
    def summaries(fleet, filters=(), page_size=None):
        config = {"PageSize": page_size} if page_size else {}
        pages = fleet.ssm.get_paginator("list_compliance_summaries").paginate(Filters=list(filters),
                                                                              PaginationConfig=config)
        return {i["ComplianceType"]: i for page in pages for i in page["ComplianceSummaryItems"]}


class AssociationComplianceTest(ComplianceTestCase):
    def test_auto_runs_mark_nodes_and_summaries_count_mixed_runs(self):
        fleet = Fleet()
        ok = fleet.nodes(2)
        bad = fleet.node("Failed")
        association_id = fleet.create(ComplianceSeverity="CRITICAL")
        fleet.await_runs(association_id, 1)

        item = self.items(fleet, bad)[0]
        self.assertEqual({"ComplianceType": "Association", "ResourceType": "ManagedInstance", "ResourceId": bad,
                          "Id": association_id, "Title": "", "Status": "NON_COMPLIANT", "Severity": "CRITICAL",
                          "Details": {"DocumentName": "AWS-RunShellScript", "DocumentVersion": "1"}},
                         {k: v for k, v in item.items() if k != "ExecutionSummary"})
        self.assertEqual(["ExecutionTime"], list(item["ExecutionSummary"]))
        by_filter = self.items(fleet, ok[0], [{"Key": "ComplianceType", "Values": ["Association"], "Type": "EQUAL"},
                                              {"Key": "Id", "Values": [association_id], "Type": "EQUAL"}])
        self.assertEqual(["COMPLIANT"], [i["Status"] for i in by_filter])

        summary = self.summaries(fleet)["Association"]
        self.assertEqual(2, summary["CompliantSummary"]["CompliantCount"])
        self.assertEqual(2, summary["CompliantSummary"]["SeveritySummary"]["CriticalCount"])
        self.assertEqual(1, summary["NonCompliantSummary"]["NonCompliantCount"])
        self.assertEqual({"CriticalCount": 1, "HighCount": 0, "MediumCount": 0, "LowCount": 0,
                          "InformationalCount": 0, "UnspecifiedCount": 0},
                         summary["NonCompliantSummary"]["SeveritySummary"])
        failing = self.resource_summaries(fleet, [{"Key": "Status", "Values": ["NON_COMPLIANT"]}])
        self.assertEqual([bad], [s["ResourceId"] for s in failing])
        self.assertEqual("CRITICAL", failing[0]["OverallSeverity"])

        fleet.control.behave(bad, "Success")
        fleet.ssm.start_associations_once(AssociationIds=[association_id])
        fleet.await_runs(association_id, 2)
        self.assertEqual(["COMPLIANT"], [i["Status"] for i in self.items(fleet, bad)], "the later run replaced it")
        summary = self.summaries(fleet)["Association"]
        self.assertEqual((3, 0), (summary["CompliantSummary"]["CompliantCount"],
                                  summary["NonCompliantSummary"]["NonCompliantCount"]))

    def test_manual_association_is_reported_with_a_partial_upload(self):
        fleet = Fleet()
        node = fleet.node()
        manual = fleet.create(SyncCompliance="MANUAL", ComplianceSeverity="HIGH")
        fleet.await_runs(manual, 1)
        self.assertEqual([], self.items(fleet, node), "State Manager writes nothing for MANUAL")
        self.put(fleet, node, "Association", [entry(manual, "HIGH", "NON_COMPLIANT", Title="my check")],
                 UploadType="PARTIAL")
        reported = self.items(fleet, node)
        self.assertEqual([(manual, "NON_COMPLIANT", "HIGH", "my check")],
                         [(i["Id"], i["Status"], i["Severity"], i["Title"]) for i in reported])
        auto = fleet.create(ComplianceSeverity="LOW")
        fleet.await_runs(auto, 1)
        self.assertEqual(sorted([manual, auto]), sorted(i["Id"] for i in self.items(fleet, node)))
        self.assertError("InvalidItemContentException", self.put, fleet=fleet, node=node,
                         compliance_type="Association", items=[entry(auto)], UploadType="PARTIAL")
        fleet.ssm.delete_association(AssociationId=manual)
        self.assertEqual([auto], [i["Id"] for i in self.items(fleet, node)], "its items go with the association")


class UploadTest(ComplianceTestCase):
    def test_custom_types_are_replaced_whole_and_an_unchanged_hash_is_ignored(self):
        fleet = Fleet()
        node = fleet.node()
        self.put(fleet, node, "Custom:AVCheck", [entry("Version2.0", "CRITICAL", Title="ScanHost"),
                                                 entry("Defs", "LOW", "NON_COMPLIANT", Details={"Age": "9d"})],
                 ItemContentHash="h1", ExecutionSummary={"ExecutionTime": T0, "ExecutionId": "x-1",
                                                         "ExecutionType": "Command"})
        listed = self.items(fleet, node)
        self.assertEqual(["Version2.0", "Defs"], [i["Id"] for i in listed])
        self.assertEqual({"ExecutionTime": T0, "ExecutionId": "x-1", "ExecutionType": "Command"},
                         listed[0]["ExecutionSummary"])
        self.assertEqual({"Age": "9d"}, listed[1]["Details"])
        self.assertNotIn("Title", listed[1])

        self.put(fleet, node, "Custom:AVCheck", [], ItemContentHash="h1")
        self.assertEqual(2, len(self.items(fleet, node)), "same hash: ignored")
        self.put(fleet, node, "Custom:AVCheck", [entry("Version3.0", "MEDIUM")], ItemContentHash="h2")
        self.assertEqual(["Version3.0"], [i["Id"] for i in self.items(fleet, node)])

        summary = self.resource_summaries(fleet)[0]
        self.assertEqual(("Custom:AVCheck", "COMPLIANT", "MEDIUM", 1), (summary["ComplianceType"], summary["Status"],
                         summary["OverallSeverity"], summary["CompliantSummary"]["SeveritySummary"]["MediumCount"]))
        later = T0 + datetime.timedelta(hours=1)
        self.put(fleet, node, "Custom:Later", [entry("l")], ExecutionSummary={"ExecutionTime": later})
        self.assertEqual(["l"], [i["Id"] for i in self.items(fleet, node, [
            {"Key": "ExecutionTime", "Values": ["2024-05-01T10:00:00Z"], "Type": "GREATER_THAN"}])])
        self.assertEqual(["Version3.0"], [i["Id"] for i in self.items(fleet, node, [
            {"Key": "ExecutionTime", "Values": ["2024-05-01T10:00:00Z"], "Type": "EQUAL"}])])

    def test_pages_cover_more_than_a_page(self):
        fleet = Fleet()
        nodes = fleet.nodes(3)
        for n in nodes:
            self.put(fleet, n, "Custom:Many", [entry("i%03d" % i) for i in range(60)])
            self.put(fleet, n, "Custom:Few", [entry("f", "HIGH", "NON_COMPLIANT")])
        first = fleet.ssm.list_compliance_items(ResourceIds=[nodes[0]])
        self.assertEqual(50, len(first["ComplianceItems"]))
        self.assertIn("NextToken", first)
        everything = self.items(fleet, page_size=7)
        self.assertEqual(183, len(everything))
        self.assertEqual(183, len({(i["ResourceId"], i["ComplianceType"], i["Id"]) for i in everything}))
        self.assertEqual(6, len(self.resource_summaries(fleet, page_size=4)))
        summaries = self.summaries(fleet, page_size=1)
        self.assertEqual(["Custom:Few", "Custom:Many"], sorted(summaries))
        self.assertEqual(3, summaries["Custom:Few"]["NonCompliantSummary"]["SeveritySummary"]["HighCount"])
        self.assertError("InvalidNextToken", fleet.ssm.list_compliance_items, ResourceIds=[nodes[1]],
                         NextToken=first["NextToken"])


class IsolationAndErrorsTest(ComplianceTestCase):
    def test_another_account_or_region_sees_nothing(self):
        owner = Fleet()
        node = owner.node()
        self.put(owner, node, "Custom:Mine", [entry("m")])
        for stranger in (client(fresh_account_key()), client(owner.key, region="eu-west-1")):
            self.assertEqual([], stranger.list_compliance_items()["ComplianceItems"])
            self.assertEqual([], stranger.list_resource_compliance_summaries()["ResourceComplianceSummaryItems"])
            self.assertEqual([], stranger.list_compliance_summaries()["ComplianceSummaryItems"])
            self.assertError("InvalidResourceId", stranger.list_compliance_items, ResourceIds=[node])
            self.assertError("InvalidResourceId", stranger.put_compliance_items, ResourceId=node,
                             ResourceType="ManagedInstance", ComplianceType="Custom:Mine",
                             ExecutionSummary={"ExecutionTime": T0}, Items=[])
        self.assertEqual(["m"], [i["Id"] for i in self.items(owner, node)])

    def test_every_error(self):
        fleet = Fleet()
        node = fleet.node()
        self.put(fleet, node, "Custom:Keep", [entry("k")])
        message = self.assertError("InvalidResourceType", self.put, fleet=fleet, node=node, compliance_type="Custom:X1",
                                   items=[entry("a")], ResourceType="Document")
        self.assertIn("Document", message)
        self.assertError("InvalidResourceId", self.put, fleet=fleet, node="mi-0123456789abcdef0",
                         compliance_type="Custom:X1", items=[entry("a")])
        self.assertError("InvalidItemContentException", self.put, fleet=fleet, node=node, compliance_type="Association",
                         items=[{"Severity": "LOW", "Status": "COMPLIANT"}])
        self.assertError("InvalidItemContentException", self.put, fleet=fleet, node=node, compliance_type="Custom:X1",
                         items=[entry("same"), entry("same")])
        self.assertError("ItemSizeLimitExceededException", self.put, fleet=fleet, node=node,
                         compliance_type="Custom:X1",
                         items=[entry("big", Details={"d%d" % i: "z" * 4096 for i in range(17)})])
        for i in range(1, 10):
            self.put(fleet, node, "Custom:T%d" % i, [entry("t")])
        self.assertError("ComplianceTypeCountLimitExceededException", self.put, fleet=fleet, node=node,
                         compliance_type="Custom:T10", items=[entry("t")])
        unchecked = client(fleet.key, validate=False)
        message = self.assertError("ValidationException", unchecked.put_compliance_items, ResourceId=node,
                                   ResourceType="ManagedInstance", ComplianceType="Custom:A",
                                   ExecutionSummary={"ExecutionTime": T0}, Items=[])
        self.assertIn("complianceType", message)
        self.assertError("InvalidResourceType", fleet.ssm.list_compliance_items, ResourceTypes=["EC2Instance"])
        for bad in ({"Key": "Colour", "Values": ["red"]}, {"Key": "Severity", "Values": ["SEVERE"]},
                    {"Key": "Status", "Values": ["COMP"], "Type": "BEGIN_WITH"},
                    {"Key": "Id", "Values": ["a", "b"], "Type": "GREATER_THAN"},
                    {"Key": "ExecutionTime", "Values": ["yesterday"], "Type": "LESS_THAN"}):
            self.assertError("InvalidFilter", fleet.ssm.list_compliance_items, Filters=[bad])
        self.assertError("InvalidFilter", fleet.ssm.list_resource_compliance_summaries,
                         Filters=[{"Key": "Title", "Values": ["x"]}])
        self.assertError("InvalidFilter", fleet.ssm.list_compliance_summaries,
                         Filters=[{"Key": "Status", "Values": ["COMPLIANT"]}])
        self.assertError("InvalidNextToken", fleet.ssm.list_compliance_summaries, NextToken="not-a-token")
        with self.assertRaises(ParamValidationError):
            fleet.ssm.list_compliance_items(MaxResults=0)
        kept = sorted({i["ComplianceType"] for i in self.items(fleet, node)})
        self.assertEqual(["Custom:Keep"] + ["Custom:T%d" % i for i in range(1, 10)], kept,
                         "the refused uploads changed nothing")


if __name__ == "__main__":
    unittest.main()
