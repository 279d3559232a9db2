"""JUnit XML: one test suite per part, one test case per outcome, its findings as failures."""

from __future__ import annotations

from xml.etree import ElementTree as ET

from fla_conformance.certify.findings import FAILURE, Finding
from fla_conformance.certify.record import SKIPPED
from fla_conformance.certify.runner import Report


def render_junit(report: Report) -> str:
    run = report.run
    root = ET.Element("testsuites", name="fla certify", tests=str(len(run.outcomes)),
                      time=f"{report.seconds:.3f}")
    failures = 0
    for part in dict.fromkeys(o.part for o in run.outcomes):
        outcomes = [o for o in run.outcomes if o.part == part]
        suite = ET.SubElement(root, "testsuite", name=part, tests=str(len(outcomes)))
        failed = skipped = 0
        for outcome in outcomes:
            case = ET.SubElement(suite, "testcase", classname=f"fla.certify.{part}",
                                 name=outcome.name, time=f"{outcome.seconds:.3f}")
            found = [f for f in run.findings if f.unit == outcome.name and f.part == part]
            if outcome.status == SKIPPED:
                skipped += 1
                ET.SubElement(case, "skipped", message=outcome.reason)
            blocking = [f for f in found if f.severity == FAILURE]
            if blocking:
                failed += 1
                failure = ET.SubElement(case, "failure", message=_title(blocking),
                                        type=blocking[0].check)
                failure.text = "\n\n".join(_describe(f) for f in blocking)
            warnings = [f for f in found if f.severity != FAILURE]
            if warnings:
                ET.SubElement(case, "system-out").text = "\n\n".join(map(_describe, warnings))
        suite.set("failures", str(failed))
        suite.set("skipped", str(skipped))
        suite.set("errors", "0")
        failures += failed
    root.set("failures", str(failures))
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    return report.run.masker.text('<?xml version="1.0" encoding="UTF-8"?>\n' + body) + "\n"


def _title(findings: list[Finding]) -> str:
    first = findings[0].message
    return first if len(findings) == 1 else f"{first} (and {len(findings) - 1} more)"


def _describe(finding: Finding) -> str:
    lines = [f"[{finding.severity}] {finding.check} {finding.operation}: {finding.message}"]
    for exchange in finding.exchanges:
        lines.append(f"  {exchange.method} {exchange.url} -> {exchange.status}")
    return "\n".join(lines)
