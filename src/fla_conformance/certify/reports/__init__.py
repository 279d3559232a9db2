"""The reports of a run: JSON evidence, JUnit XML and a self-contained HTML page."""

from __future__ import annotations

from pathlib import Path

from fla_conformance.certify.reports.html import render_html
from fla_conformance.certify.reports.json import render_json, to_json
from fla_conformance.certify.reports.junit import render_junit
from fla_conformance.certify.runner import Report
from fla_conformance.errors import UsageError

FILES = {"certify.json": render_json, "junit.xml": render_junit, "certify.html": render_html}


def write_reports(report: Report, directory: Path) -> list[Path]:
    """Write the three reports into ``directory`` (created when missing)."""
    try:
        directory.mkdir(parents=True, exist_ok=True)
        written = []
        for name, render in FILES.items():
            path = directory / name
            path.write_text(render(report), encoding="utf-8")
            written.append(path)
    except OSError as exc:
        raise UsageError(f"cannot write the reports to {directory}: {exc.strerror}") from None
    return written


__all__ = ["FILES", "render_html", "render_json", "render_junit", "to_json", "write_reports"]
