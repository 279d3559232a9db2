"""``fla validate``: check request bodies, request lines and answers offline.

Exit status: 0 when nothing blocks, 1 when an input would be refused (or warns, with
``--warnings-as-errors``), 2 for usage errors and unreadable inputs. Only the validator is
imported, never the mock, the certify runner or Hypothesis (ARCHITECTURE.md "CLI start-up").
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

HELP = "check request bodies, request lines and answers offline against the contract"
EPILOG = """examples:
  fla validate declaration.json
  fla validate body.json \\
      --url /employers/880820673/employees/81511716525/calendarYears/2024/trainings
  fla validate --url '/employers/880820673/employeesTrainings?processingState=toValidate'
  fla validate --requests export.ndjson --format json
  fla validate --response answer.json --operation putTrainings --status 200
"""


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "validate",
        help=HELP,
        description=HELP,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "files", nargs="*", metavar="FILE", help="request bodies (JSON); - reads standard input"
    )
    parser.add_argument(
        "--operation",
        metavar="OPERATION_ID",
        help="the operation (default: from --url, else the body's shape)",
    )
    parser.add_argument(
        "--url",
        metavar="PATH",
        help="the request's path and query, with or without the base URL; "
        "without FILE, a GET request line",
    )
    parser.add_argument(
        "--requests",
        metavar="FILE.ndjson",
        help='one request per line: {"method", "path", "body"?, "operation"?}',
    )
    parser.add_argument(
        "--response",
        metavar="FILE",
        action="append",
        default=[],
        help="a server's answer to check (needs --operation)",
    )
    parser.add_argument(
        "--status",
        type=int,
        default=200,
        metavar="N",
        help="the answer's HTTP status (default 200)",
    )
    parser.add_argument(
        "--format",
        choices=("text", "json", "ndjson", "junit", "sarif"),
        default="text",
        help="text (default; colour on a terminal unless NO_COLOR), json, ndjson (one result "
        "object a line), junit, sarif (2.1.0, for code scanning)",
    )
    parser.add_argument(
        "--lang",
        choices=("nl", "fr", "de", "en"),
        default="en",
        help="the language of the labels shown (json carries all four)",
    )
    parser.add_argument(
        "--warnings-as-errors", action="store_true", help="a warning fails the run too"
    )
    parser.add_argument(
        "--anchor-year",
        type=int,
        metavar="YEAR",
        help="first year of an FLA window (default: rules.yaml, 2020)",
    )


def run(args: argparse.Namespace) -> int:
    from fla_conformance.validator._cli import Run

    return Run(args, sys.stdout, sys.stderr).main()
