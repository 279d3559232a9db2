"""JUnit XML for CI servers: one test case per input, a failure when it would be refused.

The test cases wait in a spooled temporary file (memory up to 1 MiB, then disk) so that the
suite's counts can head the document without holding every result.
"""

from __future__ import annotations

import tempfile
from typing import IO
from xml.sax.saxutils import escape, quoteattr

from fla_conformance.validator._model import Result
from fla_conformance.validator.reporters import Input, Reporter, Summary


class JunitReporter(Reporter):
    def __init__(self, out: IO[str], lang: str = "en", summary: Summary | None = None) -> None:
        super().__init__(out, lang, summary)
        self._cases: IO[str] = tempfile.SpooledTemporaryFile(  # noqa: SIM115 (closed in end)
            max_size=1 << 20, mode="w+", encoding="utf-8"
        )

    def result(self, result: Result, where: Input) -> None:
        operation = result.operation or "unknown"
        lines = [
            f"{a.anomaly_class} {a.error_id} {a.path or '(body)'}  "
            f"{a.label.get(self.lang) or a.label.get('en', '')}"
            for a in result.anomalies
        ]
        head = f'    <testcase classname="fla.validate.{operation}" name={quoteattr(where.source)}'
        blocking = [a for a in result.anomalies if a.blocking]
        failing = blocking or (self.summary.strict and result.anomalies)
        if failing:
            first = (blocking or result.anomalies)[0]
            message = quoteattr(f"{len(result.anomalies)} anomaly(ies), first {first.error_id}")
            body = escape("\n".join(lines))
            self._cases.write(
                f"{head}>\n      <failure type={quoteattr(first.error_id)} "
                f"message={message}>{body}</failure>\n    </testcase>\n"
            )
        elif lines:
            self._cases.write(
                f"{head}>\n      <system-out>{escape(chr(10).join(lines))}"
                "</system-out>\n    </testcase>\n"
            )
        else:
            self._cases.write(f"{head}/>\n")

    def error(self, source: str, message: str) -> None:
        self._cases.write(
            f'    <testcase classname="fla.validate" name={quoteattr(source)}>\n'
            f"      <error message={quoteattr(message)}/>\n    </testcase>\n"
        )

    def end(self) -> None:
        s = self.summary
        counts = (
            f'tests="{s.inputs + s.errors}" failures="{s.invalid}" errors="{s.errors}" skipped="0"'
        )
        self.out.write(
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<testsuites name="fla validate" {counts}>\n'
            f'  <testsuite name="fla validate" {counts}>\n'
        )
        self._cases.seek(0)
        for chunk in iter(lambda: self._cases.read(1 << 16), ""):
            self.out.write(chunk)
        self._cases.close()
        self.out.write("  </testsuite>\n</testsuites>\n")
