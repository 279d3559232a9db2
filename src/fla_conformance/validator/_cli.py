"""The work of ``fla validate``: read each input, validate it, hand the result to a reporter.

Inputs are read one at a time and forgotten once reported; an unreadable input is reported,
the others still run, and the exit status is then 2.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import IO, Any

import orjson

from fla_conformance.errors import UsageError
from fla_conformance.validator import _engine
from fla_conformance.validator._model import Result
from fla_conformance.validator.reporters import Input, Reporter, Summary, make

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


class Run:
    def __init__(self, args: argparse.Namespace, out: IO[str], err: IO[str]) -> None:
        self.args = args
        self.err = err
        self.summary = Summary(strict=args.warnings_as_errors)
        self.reporter: Reporter = make(args.format, out, args.lang, self.summary)

    def main(self) -> int:
        args = self.args
        if not (args.files or args.url or args.requests or args.response):
            raise UsageError("nothing to validate: give FILE, --url, --requests or --response")
        if args.response and not args.operation:
            raise UsageError("--response needs --operation (the answer's operation)")
        if args.operation:
            _engine.engine().contract.operation(args.operation)  # unknown: a usage error
        self.reporter.begin()
        for name in args.files:
            self._one(name, self._body)
        if args.url and not args.files:
            self._report(
                _engine.validate_request("GET", args.url, operation=args.operation), Input(args.url)
            )
        for name in args.response:
            self._one(name, self._answer)
        if args.requests:
            self._requests(args.requests)
        self.reporter.end()
        if self.summary.errors:
            return EXIT_USAGE
        return EXIT_FINDINGS if self.summary.invalid else EXIT_OK

    # -- inputs -------------------------------------------------------------------------------
    def _one(self, name: str, check: Callable[[bytes], Result]) -> None:
        data = self._read(name)
        if data is None:
            return
        try:
            result = check(data)
        except UsageError as exc:
            self._error(name, str(exc))
            return
        self._report(result, Input(name, lambda: data.decode("utf-8", errors="replace")))

    def _body(self, data: bytes) -> Result:
        args = self.args
        if args.url:
            return _engine.validate_request(
                "PUT", args.url, data, operation=args.operation, anchor_year=args.anchor_year
            )
        operation = args.operation or _guess(data)
        if operation is None:  # not a JSON object: the document check says so, whatever the op
            result = _engine.validate_body("putTrainingRights", data)
            result.operation = None
            return result
        return _engine.validate_body(operation, data, anchor_year=args.anchor_year)

    def _answer(self, data: bytes) -> Result:
        return _engine.validate_response(self.args.operation, self.args.status, data)

    def _requests(self, name: str) -> None:
        try:
            stream: IO[bytes] = sys.stdin.buffer if name == "-" else open(name, "rb")  # noqa: SIM115
        except OSError as exc:
            self._error(name, f"cannot read it: {exc.strerror}")
            return
        with stream:
            for number, line in enumerate(stream, 1):
                if line.strip():
                    self._request(name, number, line)

    def _request(self, name: str, number: int, line: bytes) -> None:
        source = f"{name}:{number}"
        try:
            request = orjson.loads(line)
        except orjson.JSONDecodeError:
            request = None
        method, path = _field(request, "method"), _field(request, "path")
        if method is None or path is None:
            self._error(source, 'not a request: want {"method": ..., "path": ..., "body": ...}')
            return
        try:
            result = _engine.validate_request(
                method,
                path,
                request.get("body"),
                operation=_field(request, "operation"),
                anchor_year=self.args.anchor_year,
            )
        except UsageError as exc:
            self._error(source, str(exc))
            return
        text = lambda: line.decode("utf-8", errors="replace")  # noqa: E731
        self._report(result, Input(source, text, ("body",), number, name))

    # -- output -------------------------------------------------------------------------------
    def _read(self, name: str) -> bytes | None:
        try:
            if name == "-":
                return sys.stdin.buffer.read()
            with open(name, "rb") as handle:
                return handle.read()
        except OSError as exc:
            self._error(name, f"cannot read it: {exc.strerror or exc}")
            return None

    def _report(self, result: Result, where: Input) -> None:
        result.source = where.source
        self.summary.add(result)
        self.reporter.result(result, where)

    def _error(self, source: str, message: str) -> None:
        self.summary.errors += 1
        self.err.write(f"fla validate: {source}: {message}\n")
        self.reporter.error(source, message)


def _guess(data: bytes) -> str | None:
    try:
        return _engine.guess_operation(orjson.loads(data))
    except orjson.JSONDecodeError:
        return None


def _field(request: Any, name: str) -> str | None:
    value = request.get(name) if type(request) is dict else None
    return value if isinstance(value, str) else None
