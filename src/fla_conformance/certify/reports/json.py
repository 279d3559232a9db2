"""The JSON evidence: everything needed to judge and to replay a run, INSS masked."""

from __future__ import annotations

import json
from typing import Any

from fla_conformance.certify.findings import FAILURE, WARNING
from fla_conformance.certify.record import FAILED, PASSED, SKIPPED
from fla_conformance.certify.runner import Report
from fla_conformance.identifiers import mask_inss

FORMAT = "fla-certify-report/1"


def to_json(report: Report) -> dict[str, Any]:
    from fla_conformance import __version__

    run = report.run
    outcomes = [o.to_json() for o in run.outcomes]
    return {
        "format": FORMAT,
        "tool": {"name": "fla-conformance", "version": __version__,
                 "schemathesis": _schemathesis_version()},
        "specHash": report.contract.hash,
        "ruleCatalogueVersion": report.contract.version,
        "seed": report.options.seed,
        "options": report.options.public(),
        "target": report.target,
        "employees": [mask_inss(number) for number in run.masker.known_order],
        "startedAt": report.started,
        "seconds": round(report.seconds, 3),
        "cases": run.cases,
        "casesPerSecond": round(report.cases_per_second, 1),
        "summary": {
            "failures": sum(f.severity == FAILURE for f in run.findings),
            "warnings": sum(f.severity == WARNING for f in run.findings),
            **{status: sum(o["status"] == status for o in outcomes)
               for status in (PASSED, FAILED, SKIPPED)},
        },
        "outcomes": outcomes,
        "coverage": run.coverage.to_json(),
        "findings": [finding.to_json() for finding in run.findings],
    }


def render_json(report: Report) -> str:
    text = json.dumps(to_json(report), indent=2, ensure_ascii=False, default=str)
    return report.run.masker.text(text) + "\n"


def _schemathesis_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("schemathesis")
    except PackageNotFoundError:
        return "unknown"
