"""End-to-end tests of compliance through the real `aws` CLI, in its shorthand syntax as the AWS
documentation writes it: put-compliance-items, list-compliance-items with filters,
list-resource-compliance-summaries and list-compliance-summaries, after association runs on
simulated nodes (one succeeding, one failing) and a Custom upload; paging with --page-size;
and the errors, which the CLI prints as "An error occurred (Code)".

    STEWARD_ENDPOINT=http://127.0.0.1:4583 python3 -m unittest -v src/test/python/test_compliance_cli.py
"""

import os
import subprocess
import sys
import time
import unittest
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_executions_cli import (CliResult, aws_command, cli_environment, endpoint, fresh_account_key,  # noqa: E402
                                 register_node)

CALL_TIMEOUT_SECONDS = 60
SETTLE_SECONDS = 60


class ComplianceCliTest(unittest.TestCase):
    """One fresh account: two nodes, one HIGH association that succeeds on one and fails on the other."""

    maxDiff = None

    @classmethod
    def run_aws(cls, *args):
        completed = subprocess.run(cls.base + list(args), env=cls.env, capture_output=True, text=True,
                                   timeout=CALL_TIMEOUT_SECONDS, stdin=subprocess.DEVNULL)
        return CliResult(args, completed)

    @classmethod
    def aws_ok(cls, *args):
        result = cls.run_aws(*args)
        if result.returncode != 0:
            raise AssertionError(str(result))
        return result.json()

    @classmethod
    def setUpClass(cls):
        cls.key = fresh_account_key()
        cls.env = cli_environment(cls.key)
        cls.base = aws_command() + ["--endpoint-url", endpoint(), "--output", "json"]
        group = "cli-" + uuid.uuid4().hex[:10]
        cls.ok = register_node(cls.key, group, "Success")
        cls.bad = register_node(cls.key, group, "Failed")
        cls.association_id = cls.aws_ok("ssm", "create-association", "--name", "AWS-RunShellScript",
                                        "--targets", "Key=tag:group,Values=%s" % group,
                                        "--parameters", "commands=echo hi", "--compliance-severity", "HIGH",
                                        "--sync-compliance", "AUTO")["AssociationDescription"]["AssociationId"]
        deadline = time.monotonic() + SETTLE_SECONDS
        while True:
            runs = cls.aws_ok("ssm", "describe-association-executions", "--association-id",
                              cls.association_id)["AssociationExecutions"]
            if runs and all(r["Status"] not in ("Pending", "InProgress") for r in runs):
                break
            if time.monotonic() > deadline:
                raise AssertionError("the run did not finish: %s" % runs)
            time.sleep(0.1)
        cls.aws_ok("ssm", "put-compliance-items", "--resource-id", cls.ok, "--resource-type", "ManagedInstance",
                   "--compliance-type", "Custom:AVCheck", "--execution-summary", "ExecutionTime=2019-02-18T16:00:00Z",
                   "--items", "Id=Version2.0,Title=ScanHost,Severity=CRITICAL,Status=COMPLIANT",
                   "Id=Defs,Title=Definitions,Severity=LOW,Status=NON_COMPLIANT")

    def aws(self, *args):
        result = self.run_aws(*args)
        self.assertEqual(0, result.returncode, str(result))
        return result.json()

    def aws_fails(self, code, *args):
        result = self.run_aws(*args)
        self.assertNotEqual(0, result.returncode, str(result))
        self.assertIn("An error occurred (%s)" % code, result.stderr, str(result))
        return result.stderr

    def test_list_compliance_items_for_a_node_and_an_association(self):
        items = self.aws("ssm", "list-compliance-items", "--resource-ids", self.bad, "--resource-types",
                         "ManagedInstance")["ComplianceItems"]
        self.assertEqual([("Association", self.association_id, "", "NON_COMPLIANT", "HIGH")],
                         [(i["ComplianceType"], i["Id"], i["Title"], i["Status"], i["Severity"]) for i in items])
        self.assertEqual({"DocumentName": "AWS-RunShellScript", "DocumentVersion": "1"}, items[0]["Details"])
        filtered = self.aws("ssm", "list-compliance-items", "--resource-ids", self.ok, "--resource-types",
                            "ManagedInstance", "--filters", "Key=ComplianceType,Values=Association,Type=EQUAL",
                            "Key=Id,Values=%s,Type=EQUAL" % self.association_id)["ComplianceItems"]
        self.assertEqual(["COMPLIANT"], [i["Status"] for i in filtered])
        custom = self.aws("ssm", "list-compliance-items", "--resource-ids", self.ok, "--filters",
                          "Key=ComplianceType,Values=Custom:AVCheck")["ComplianceItems"]
        self.assertEqual(["Version2.0", "Defs"], [i["Id"] for i in custom])
        self.assertEqual(1550505600, custom[0]["ExecutionSummary"]["ExecutionTime"])
        after = self.aws("ssm", "list-compliance-items", "--resource-ids", self.ok, "--filters",
                         "Key=ExecutionTime,Values=2019-02-18T16:00:00Z,Type=GREATER_THAN")["ComplianceItems"]
        self.assertEqual(["Association"], [i["ComplianceType"] for i in after])

    def test_summaries_count_the_mixed_run_and_the_upload(self):
        summaries = {s["ComplianceType"]: s for s in
                     self.aws("ssm", "list-compliance-summaries")["ComplianceSummaryItems"]}
        self.assertEqual(["Association", "Custom:AVCheck"], sorted(summaries))
        association = summaries["Association"]
        self.assertEqual((1, 1), (association["CompliantSummary"]["CompliantCount"],
                                  association["NonCompliantSummary"]["NonCompliantCount"]))
        self.assertEqual(1, association["NonCompliantSummary"]["SeveritySummary"]["HighCount"])
        self.assertEqual(1, summaries["Custom:AVCheck"]["NonCompliantSummary"]["SeveritySummary"]["LowCount"])
        only = self.aws("ssm", "list-compliance-summaries", "--filters",
                        "Key=ComplianceType,Values=Custom:AVCheck,Type=EQUAL")["ComplianceSummaryItems"]
        self.assertEqual(["Custom:AVCheck"], [s["ComplianceType"] for s in only])

        resources = self.aws("ssm", "list-resource-compliance-summaries")["ResourceComplianceSummaryItems"]
        self.assertEqual(3, len(resources))
        av = [r for r in resources if r["ComplianceType"] == "Custom:AVCheck"][0]
        self.assertEqual(("NON_COMPLIANT", "LOW", 1, 1), (av["Status"], av["OverallSeverity"],
                                                        av["CompliantSummary"]["SeveritySummary"]["CriticalCount"],
                                                        av["NonCompliantSummary"]["NonCompliantCount"]))
        high = self.aws("ssm", "list-resource-compliance-summaries", "--filters",
                        "Key=OverallSeverity,Values=HIGH,Type=EQUAL")["ResourceComplianceSummaryItems"]
        self.assertEqual(sorted([self.ok, self.bad]), sorted(r["ResourceId"] for r in high))

    def test_the_cli_pages_through_every_item(self):
        listed = self.aws("ssm", "list-resource-compliance-summaries", "--page-size", "1")
        self.assertEqual(3, len(listed["ResourceComplianceSummaryItems"]))
        first = self.aws("ssm", "list-compliance-items", "--max-items", "2")
        self.assertEqual(2, len(first["ComplianceItems"]))
        rest = self.aws("ssm", "list-compliance-items", "--starting-token", first["NextToken"])
        self.assertEqual(2, len(rest["ComplianceItems"]))

    def test_errors(self):
        self.assertIn("ManagedInstance", self.aws_fails(
            "InvalidResourceType", "ssm", "put-compliance-items", "--resource-id", self.ok, "--resource-type",
            "Instance", "--compliance-type", "Custom:AVCheck", "--execution-summary",
            "ExecutionTime=2019-02-18T16:00:00Z", "--items", "Id=a,Severity=LOW,Status=COMPLIANT"))
        self.aws_fails("InvalidResourceId", "ssm", "list-compliance-items", "--resource-ids", "mi-0123456789abcdef0")
        self.aws_fails("InvalidFilter", "ssm", "list-compliance-items", "--filters", "Key=Colour,Values=red")
        self.aws_fails("InvalidItemContentException", "ssm", "put-compliance-items", "--resource-id", self.ok,
                       "--resource-type", "ManagedInstance", "--compliance-type", "Custom:AVCheck",
                       "--execution-summary", "ExecutionTime=2019-02-18T16:00:00Z", "--upload-type", "PARTIAL",
                       "--items", "Id=a,Severity=LOW,Status=COMPLIANT")
        self.aws_fails("InvalidNextToken", "ssm", "list-compliance-summaries", "--starting-token", "bogus")


if __name__ == "__main__":
    unittest.main()
