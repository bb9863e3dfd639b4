"""Reads the Prometheus text exposition format on stdin with the parser of the official Python
client (prometheus_client.parser) and prints what it read as JSON, for the Java tests to assert
on. A line the parser rejects fails this script, and so the test."""
import json
import math
import sys

from prometheus_client.parser import text_string_to_metric_families


def number(value):
    return value if math.isfinite(value) else str(value)


families = []
for family in text_string_to_metric_families(sys.stdin.read()):
    families.append({
        "name": family.name,
        "type": family.type,
        "help": family.documentation,
        "samples": [{"name": s.name, "labels": s.labels, "value": number(s.value)} for s in family.samples],
    })
json.dump(families, sys.stdout)
