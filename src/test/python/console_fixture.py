"""Makes the association the console test looks at, through boto3: created, then updated once
(so it has two versions to compare); the test then moves the clock a day at a time. Run by
steward.console.ConsoleBrowserTest with STEWARD_ENDPOINT set; prints the association id."""
import os
import sys

import boto3
from botocore.config import Config

ssm = boto3.client(
    "ssm",
    endpoint_url=os.environ["STEWARD_ENDPOINT"],
    region_name="us-east-1",
    aws_access_key_id="test",
    aws_secret_access_key="test",
    config=Config(retries={"max_attempts": 1, "mode": "standard"}),
)

created = ssm.create_association(
    Name="AWS-RunShellScript",
    AssociationName="nightly-disk-check",
    Targets=[{"Key": "tag:console", "Values": ["demo"]}],
    Parameters={"commands": ["df -h /"]},
    ScheduleExpression="rate(1 day)",
)["AssociationDescription"]
association_id = created["AssociationId"]
ssm.update_association(
    AssociationId=association_id,
    AssociationVersion="1",
    AssociationName="nightly-disk-check",
    Targets=[{"Key": "tag:console", "Values": ["demo"]}],
    Parameters={"commands": ["df -h /", "uptime"]},
    ScheduleExpression="cron(0 2 * * ? *)",
    MaxErrors="1",
)
sys.stdout.write(association_id + "\n")
