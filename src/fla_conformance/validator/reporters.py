"""How ``fla validate`` shows its results: text, json, ndjson, junit and sarif reporters.

Every reporter writes to the stream it is handed, one result at a time as it comes (so that
``--requests`` over a huge file keeps memory flat), and never prints elsewhere.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO, Any

from fla_conformance.validator._model import Result

FORMATS = ("text", "json", "ndjson", "junit", "sarif")


@dataclass
class Summary:
    """Counts over a run; with ``strict`` (``--warnings-as-errors``) warnings block too."""

    strict: bool = False
    inputs: int = 0
    invalid: int = 0
    errors: int = 0
    blocking: int = 0
    warnings: int = 0

    def add(self, result: Result) -> bool:
        """Counts a result; True when it fails the run."""
        self.inputs += 1
        blocking = sum(1 for a in result.anomalies if a.anomaly_class == "B")
        self.blocking += blocking
        self.warnings += len(result.anomalies) - blocking
        failed = blocking > 0 or (self.strict and bool(result.anomalies))
        self.invalid += failed
        return failed

    def to_json(self) -> dict[str, int]:
        return {
            "inputs": self.inputs,
            "valid": self.inputs - self.invalid,
            "invalid": self.invalid,
            "unreadable": self.errors,
            "blocking": self.blocking,
            "warnings": self.warnings,
        }


@dataclass
class Input:
    """What a reporter may need about an input beyond its result: where its text is."""

    source: str
    text: Callable[[], str | None] = field(default=lambda: None)
    prefix: tuple[str | int, ...] = ()  # where the body sits in the text (--requests lines)
    line: int = 1  # the text's first line in the file
    file: str | None = None  # the file, when the source names a part of it (FILE:LINE)


class Reporter:
    """Base of the reporters: ``begin``, then ``result`` or ``error`` per input, ``end``."""

    def __init__(self, out: IO[str], lang: str = "en", summary: Summary | None = None) -> None:
        self.out = out
        self.lang = lang
        self.summary = summary or Summary()

    def begin(self) -> None:
        """Called once before the first input."""

    def result(self, result: Result, where: Input) -> None:
        raise NotImplementedError

    def error(self, source: str, message: str) -> None:
        """An input that could not be read; the message names it."""

    def end(self) -> None:
        """Called once after the last input."""


def use_colour(out: IO[str]) -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org)."""
    return not os.environ.get("NO_COLOR") and hasattr(out, "isatty") and out.isatty()


class TextReporter(Reporter):
    """Per input its name and verdict, then one line per anomaly with its location."""

    def __init__(self, out: IO[str], lang: str = "en", summary: Summary | None = None) -> None:
        super().__init__(out, lang, summary)
        colour = use_colour(out)
        self._paint: Callable[[str, str], str] = (
            (lambda code, text: f"\033[{code}m{text}\033[0m") if colour else (lambda _, t: t)
        )

    def result(self, result: Result, where: Input) -> None:
        paint = self._paint
        verdict = paint("32", "valid") if result.valid else paint("31", "invalid")
        operation = result.operation or "unknown operation"
        lines = [f"{paint('1', where.source)}: {operation}: {verdict}"]
        for anomaly in result.anomalies:
            mark = paint("31" if anomaly.blocking else "33", anomaly.anomaly_class)
            label = anomaly.label.get(self.lang) or anomaly.label.get("en", "")
            lines.append(f"  {mark} {anomaly.error_id} {anomaly.path or '(body)'}  {label}")
        self.out.write("\n".join(lines) + "\n")

    def end(self) -> None:
        s = self.summary
        self.out.write(
            f"{s.inputs} input(s): {s.inputs - s.invalid} valid, {s.invalid} invalid; "
            f"{s.blocking} blocking anomaly(ies), {s.warnings} warning(s)"
            + (f"; {s.errors} unreadable" if s.errors else "")
            + "\n"
        )


class JsonReporter(Reporter):
    """``{"results": [...], "summary": {...}}``, written as it goes, one result per line."""

    def begin(self) -> None:
        self.out.write('{"results": [')
        self._first = True

    def _item(self, item: dict[str, Any]) -> None:
        self.out.write(("\n" if self._first else ",\n") + json.dumps(item, ensure_ascii=False))
        self._first = False

    def result(self, result: Result, where: Input) -> None:
        self._item(result.to_json())

    def error(self, source: str, message: str) -> None:
        self._item(
            {"source": source, "operation": None, "valid": False, "error": message, "anomalies": []}
        )

    def end(self) -> None:
        self.out.write('\n], "summary": ' + json.dumps(self.summary.to_json()) + "}\n")


class NdjsonReporter(JsonReporter):
    """One result object per line and nothing else, for line-by-line consumers."""

    def begin(self) -> None:
        self._first = True

    def _item(self, item: dict[str, Any]) -> None:
        self.out.write(json.dumps(item, ensure_ascii=False) + "\n")

    def end(self) -> None:
        self.out.flush()


def make(fmt: str, out: IO[str], lang: str, summary: Summary) -> Reporter:
    """The reporter of a ``--format``."""
    if fmt == "junit":
        from fla_conformance.validator._junit import JunitReporter

        return JunitReporter(out, lang, summary)
    if fmt == "sarif":
        from fla_conformance.validator._sarif import SarifReporter

        return SarifReporter(out, lang, summary)
    kinds: dict[str, type[Reporter]] = {
        "text": TextReporter,
        "json": JsonReporter,
        "ndjson": NdjsonReporter,
    }
    return kinds[fmt](out, lang, summary)
