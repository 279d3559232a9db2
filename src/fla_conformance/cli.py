"""The ``fla`` command. Each subcommand lives in fla_conformance.commands.<name>.

A command module exposes ``register(subparsers)``, which only declares arguments, and
``run(args) -> int``; the heavy imports wait inside ``run`` so that start-up stays fast.
Exit status: 0 success, 1 findings (blocking anomalies, failed checks), 2 usage errors.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from fla_conformance import __version__
from fla_conformance.errors import FlaError

COMMANDS = ("contract", "validate", "mock", "certify")
EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        sys.stderr.write(f"fla: error: {message}\n")
        raise SystemExit(EXIT_USAGE)


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The parser; with ``only``, just that command's, so that no other command is imported."""
    parser = _Parser(
        prog="fla",
        description="Conformance kit for the CareerPro Federal Learning Account REST API.",
    )
    parser.add_argument("--version", action="version", version=f"fla-conformance {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in (only,) if only in COMMANDS else COMMANDS:
        try:
            module = importlib.import_module(f"fla_conformance.commands.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"fla_conformance.commands.{name}":
                raise
            continue
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    words = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(words[0] if words else None)
    args = parser.parse_args(words)
    if args.command is None:
        parser.print_help()
        return EXIT_USAGE
    module = importlib.import_module(f"fla_conformance.commands.{args.command}")
    try:
        code: int = module.run(args)
    except FlaError as exc:
        sys.stderr.write(f"fla {args.command}: error: {exc}\n")
        return EXIT_USAGE
    except KeyboardInterrupt:
        sys.stderr.write(f"fla {args.command}: interrupted\n")
        return 130
    except BrokenPipeError:
        return EXIT_OK
    return code
