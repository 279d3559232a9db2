"""SARIF 2.1.0 for GitHub code scanning: one result per anomaly, at its value's line and column.

The rules are the catalogue's; a result's location is found in the source text by
``_locate``. The log is written as results come, so memory stays flat with ``--requests``.
"""

from __future__ import annotations

import json
from pathlib import PurePath
from typing import IO, Any

from fla_conformance import __version__
from fla_conformance.contract import load_contract
from fla_conformance.validator import _locate
from fla_conformance.validator._model import Anomaly, Result
from fla_conformance.validator.reporters import Input, Reporter, Summary

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/fla-conformance/fla-conformance"


def artifact_uri(source: str) -> str:
    """A relative path stays relative (GitHub resolves it from the repository's root)."""
    if source == "-":
        return "stdin"
    path = PurePath(source)
    return path.as_uri() if path.is_absolute() else path.as_posix()


class SarifReporter(Reporter):
    def __init__(self, out: IO[str], lang: str = "en", summary: Summary | None = None) -> None:
        super().__init__(out, lang, summary)
        rules = load_contract().rules
        self._index = {rule_id: index for index, rule_id in enumerate(rules)}
        self._rules = [_descriptor(rule, lang) for rule in rules.values()]
        self._first = True
        self._notes: list[dict[str, Any]] = []

    def begin(self) -> None:
        driver = {
            "name": "fla-conformance",
            "version": __version__,
            "informationUri": INFORMATION_URI,
            "rules": self._rules,
        }
        head = {"$schema": SCHEMA, "version": "2.1.0"}
        run = json.dumps({"tool": {"driver": driver}, "columnKind": "unicodeCodePoints"})
        self.out.write(json.dumps(head)[:-1] + ', "runs": [' + run[:-1] + ', "results": [')

    def result(self, result: Result, where: Input) -> None:
        if not result.anomalies:
            return
        text = where.text()
        for anomaly in result.anomalies:
            line, column = self._where(anomaly, text, where)
            item = {
                "ruleId": anomaly.error_id,
                "ruleIndex": self._index.get(anomaly.error_id, -1),
                "level": "error" if anomaly.blocking else "warning",
                "message": {"text": f"{_label(anomaly, self.lang)} ({anomaly.path or 'body'})"},
                "locations": [
                    {
                        "physicalLocation": {
                            "artifactLocation": {"uri": artifact_uri(where.file or where.source)},
                            "region": {"startLine": line, "startColumn": column},
                        }
                    }
                ],
                "partialFingerprints": {
                    "flaLocation/v1": f"{anomaly.error_id}:{where.source}:{anomaly.path}"
                },
            }
            self.out.write(("\n" if self._first else ",\n") + json.dumps(item, ensure_ascii=False))
            self._first = False

    def _where(self, anomaly: Anomaly, text: str | None, where: Input) -> tuple[int, int]:
        if text is None:
            return where.line, 1
        if not anomaly.path and not where.prefix:
            offset = _locate.syntax_error_offset(text)  # 0 when it is not about syntax
        elif not anomaly.path:
            offset = _locate.locate(text, list(where.prefix))
        elif anomaly.path[0] in "{?":
            offset = _locate.locate(text, ["path"]) if where.prefix else 0
        else:
            offset = _locate.locate(text, [*where.prefix, *_locate.steps(anomaly.path)])
        line, column = _locate.position(text, offset)
        return line + where.line - 1, column

    def error(self, source: str, message: str) -> None:
        self._notes.append({"level": "error", "message": {"text": f"{source}: {message}"}})

    def end(self) -> None:
        invocation = {
            "executionSuccessful": not self._notes,
            "toolExecutionNotifications": self._notes,
        }
        self.out.write("\n], " + json.dumps({"invocations": [invocation]})[1:-1] + "}]}\n")


def _label(anomaly: Anomaly, lang: str) -> str:
    return anomaly.label.get(lang) or anomaly.label.get("en", anomaly.error_id)


def _descriptor(rule: Any, lang: str) -> dict[str, Any]:
    return {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": rule.labels.get(lang) or rule.labels.get("en", rule.id)},
        "fullDescription": {"text": rule.description},
        "defaultConfiguration": {"level": "error" if rule.blocking else "warning"},
        "properties": {"manual": rule.manual, "kind": rule.kind, "tags": ["fla", rule.kind]},
    }
