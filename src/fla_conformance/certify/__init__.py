"""The conformance runner: schemathesis and the FLA scenarios against an endpoint → reports/.

>>> from fla_conformance.certify import Options, certify, write_reports
>>> report = certify(Options(max_examples=10))          # the built-in mock    # doctest: +SKIP
>>> report.failed, [f.message for f in report.run.findings]                    # doctest: +SKIP
(False, [])

Findings are results (:class:`Finding`), never exceptions; the kit's own errors are
``FlaError`` s. Heavy imports (schemathesis, hypothesis, the mock) wait until they are needed.
"""

from __future__ import annotations

from fla_conformance.certify.findings import Exchange, Finding, Masker
from fla_conformance.certify.progress import PlainProgress, Progress, RichProgress
from fla_conformance.certify.record import Outcome, Run
from fla_conformance.certify.replay import load_report, replay
from fla_conformance.certify.reports import write_reports
from fla_conformance.certify.runner import Report, certify, selection
from fla_conformance.certify.target import Options, check_safety

__all__ = [
    "Exchange",
    "Finding",
    "Masker",
    "Options",
    "Outcome",
    "PlainProgress",
    "Progress",
    "Report",
    "RichProgress",
    "Run",
    "certify",
    "check_safety",
    "load_report",
    "replay",
    "selection",
    "write_reports",
]
