"""A self-contained HTML report: inline CSS, no scripts or assets from anywhere else.

Coverage per operation (cases, status codes, rules seen), the outcomes, the rule catalogue
with where each rule was exercised, and each finding with the exchanges that show it.
"""

from __future__ import annotations

import json
from html import escape
from typing import Any

from fla_conformance.certify.findings import Finding
from fla_conformance.certify.reports.json import to_json
from fla_conformance.certify.runner import Report

CSS = """
body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:1100px;color:#222}
h1{font-size:1.6em}h2{margin-top:2em;border-bottom:1px solid #ccc}
table{border-collapse:collapse;width:100%;margin:.5em 0}
th,td{border:1px solid #ddd;padding:.25em .5em;text-align:left;vertical-align:top}
th{background:#f4f4f4}.passed{color:#1a7f37}.failed{color:#c62828}.skipped{color:#a66b00}
.badge{display:inline-block;padding:.1em .6em;border-radius:1em;color:#fff}
.ok{background:#1a7f37}.ko{background:#c62828}code,pre{font:12px ui-monospace,monospace}
pre{background:#f7f7f7;padding:.5em;overflow-x:auto;max-height:30em}
details{margin:.3em 0}.dim{color:#777}
"""


def render_html(report: Report) -> str:
    data = to_json(report)
    verdict = "ko" if report.failed else "ok"
    label = "findings" if report.failed else "no findings"
    parts = [
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
        "<title>fla certify report</title>", f"<style>{CSS}</style></head><body>",
        f"<h1>fla certify <span class='badge {verdict}'>{label}</span></h1>",
        _summary(data), _coverage(data), _outcomes(data), _rules(report, data),
        _findings(report.run.findings), "</body></html>",
    ]
    return report.run.masker.text("\n".join(parts)) + "\n"


def _row(*cells: Any, head: bool = False) -> str:
    tag = "th" if head else "td"
    return "<tr>" + "".join(f"<{tag}>{cell}</{tag}>" for cell in cells) + "</tr>"


def _summary(data: dict[str, Any]) -> str:
    s = data["summary"]
    rows = [
        ("target", escape(str(data["target"].get("baseUrl")))),
        ("spec hash", f"<code>{data['specHash']}</code>"),
        ("rule catalogue", escape(data["ruleCatalogueVersion"])),
        ("seed", data["seed"]),
        ("options", f"<code>{escape(json.dumps(data['options']))}</code>"),
        ("cases", f"{data['cases']} in {data['seconds']} s ({data['casesPerSecond']} cases/s)"),
        ("outcomes", f"{s['passed']} passed, {s['failed']} failed, {s['skipped']} skipped"),
        ("findings", f"{s['failures']} failures, {s['warnings']} warnings"),
    ]
    return "<table>" + "".join(_row(f"<b>{k}</b>", v) for k, v in rows) + "</table>"


def _coverage(data: dict[str, Any]) -> str:
    rows = [_row("operation", "cases", "status codes", "rules seen", head=True)]
    for operation, cov in data["coverage"].items():
        statuses = ", ".join(f"{k}: {v}" for k, v in cov["statuses"].items())
        rules = ", ".join(f"{escape(k)} ({v})" for k, v in cov["rules"].items()) or "-"
        rows.append(_row(escape(operation), cov["cases"], statuses, rules))
    return "<h2>Coverage per operation</h2><table>" + "".join(rows) + "</table>"


def _outcomes(data: dict[str, Any]) -> str:
    rows = [_row("part", "name", "status", "requests", "reason", head=True)]
    for o in data["outcomes"]:
        status = f"<span class='{o['status']}'>{o['status']}</span>"
        rows.append(_row(o["part"], escape(o["name"]), status, o["cases"], escape(o["reason"])))
    return "<h2>Outcomes</h2><table>" + "".join(rows) + "</table>"


def _rules(report: Report, data: dict[str, Any]) -> str:
    seen: dict[str, list[str]] = {}
    for operation, cov in data["coverage"].items():
        for rule in cov["rules"]:
            seen.setdefault(rule, []).append(operation)
    found = {f.rule for f in report.run.findings if f.rule}
    rows = [_row("rule", "class", "description", "exercised in", "finding", head=True)]
    for rule in report.contract.rules.values():
        where = ", ".join(seen.get(rule.id, [])) or "<span class='dim'>not exercised</span>"
        mark = "<span class='failed'>yes</span>" if rule.id in found else ""
        rows.append(_row(rule.id, rule.anomaly_class, escape(rule.description), where, mark))
    return "<h2>Coverage per rule</h2><table>" + "".join(rows) + "</table>"


def _findings(findings: list[Finding]) -> str:
    if not findings:
        return "<h2>Findings</h2><p class='passed'>Nothing found.</p>"
    items = ["<h2>Findings</h2>"]
    for number, finding in enumerate(findings, start=1):
        items.append(f"<h3>{number}. [{finding.severity}] {escape(finding.check)} "
                     f"<span class='dim'>{escape(finding.operation)}</span></h3>")
        items.append(f"<p>{escape(finding.message)}</p>")
        for exchange in finding.exchanges:
            text = json.dumps(exchange.to_json(), indent=2, ensure_ascii=False, default=str)
            items.append(f"<details><summary><code>{escape(exchange.method)} "
                         f"{escape(exchange.url)} → {exchange.status}</code></summary>"
                         f"<pre>{escape(text)}</pre></details>")
    return "\n".join(items)
