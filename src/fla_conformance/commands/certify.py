"""``fla certify``: fuzz and check an FLA endpoint (the built-in mock by default), and report it.

Exit status: 0 nothing found, 1 findings, 2 usage errors (cli.py).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

STORAGE = "HYPOTHESIS_STORAGE_DIRECTORY"
HELP = "fuzz and check an FLA endpoint (default: the built-in mock) and write reports/"


def register(sub: Any) -> None:
    parser = sub.add_parser("certify", help=HELP, description=HELP)
    target = parser.add_argument_group("target")
    target.add_argument("--base-url", metavar="URL",
                        help="the API under test, …/REST/federalLearningAccount/v1 "
                             "(default: start the reference mock on a free port)")
    target.add_argument("--control-url", metavar="URL",
                        help="the mock's control API of that target (…/_mock), for the "
                             "scenarios that need it")
    target.add_argument("--allow-production", action="store_true",
                        help="allow the production host services.socialsecurity.be")
    target.add_argument("--fault", action="append", default=[], metavar="NAME",
                        help="a fault for the built-in mock (repeatable); see `fla mock faults`")
    auth = parser.add_argument_group("authentication")
    auth.add_argument("--token", help="a bearer token (default: $FLA_TOKEN, unless --client-id)")
    auth.add_argument("--client-id", help="OAuth client id (with --private-key or --client-secret)")
    auth.add_argument("--client-secret", default=os.environ.get("FLA_CLIENT_SECRET"),
                      help="OAuth client secret, for a mock (default: $FLA_CLIENT_SECRET)")
    auth.add_argument("--private-key", type=Path, metavar="FILE",
                      help="PEM private key for the private_key_jwt assertion")
    auth.add_argument("--certificate", type=Path, metavar="FILE",
                      help="PEM certificate of that key (TLS client certificate)")
    auth.add_argument("--token-url", metavar="URL", help="the OAuth token endpoint")
    who = parser.add_argument_group("identities certify may write to")
    who.add_argument("--employer", type=int, metavar="KBO",
                     help="the employer (default for a local target: 880820673)")
    who.add_argument("--employee", type=int, action="append", default=[], metavar="INSS",
                     help="an employee (repeatable; one per scenario is best; default for a "
                          "local target: made from the seed)")
    run = parser.add_argument_group("run")
    run.add_argument("--report-dir", type=Path, default=Path("reports"), metavar="DIR",
                     help="where certify.json, junit.xml and certify.html go (default reports/)")
    run.add_argument("--seed", type=int, default=None, help="Hypothesis seed (default 0)")
    run.add_argument("--max-examples", type=int, default=100, metavar="N",
                     help="cases per operation and mode (default 100)")
    run.add_argument("--only", action="append", default=[], metavar="PART",
                     help="schemathesis, fuzz, probes, scenarios or a scenario's name "
                          "(repeatable)")
    run.add_argument("--no-schemathesis", action="store_true",
                     help="run the scenarios only")
    run.add_argument("--replay", type=Path, metavar="FILE",
                     help="re-run the findings of a JSON report")
    run.add_argument("--timeout", type=float, default=10.0, metavar="S",
                     help="seconds per request (default 10)")


def run(args: argparse.Namespace) -> int:
    from fla_conformance.certify import Options
    from fla_conformance.errors import UsageError

    if args.max_examples < 1:
        raise UsageError("--max-examples must be at least 1")
    options = Options(
        base_url=args.base_url, client_id=args.client_id,
        token=args.token or (None if args.client_id else os.environ.get("FLA_TOKEN")),
        client_secret=args.client_secret, private_key=args.private_key,
        certificate=args.certificate, token_url=args.token_url, control_url=args.control_url,
        employer=args.employer, employees=list(args.employee), report_dir=args.report_dir,
        seed=args.seed if args.seed is not None else 0, max_examples=args.max_examples,
        only=list(args.only) or (["scenarios"] if args.no_schemathesis else []),
        faults=list(args.fault), allow_production=args.allow_production, timeout=args.timeout,
    )
    # Hypothesis keeps a cache in the current directory; a certify run is no test suite of
    # the user's, so the cache goes to the temporary directory instead.
    import tempfile

    before = os.environ.get(STORAGE)
    os.environ.setdefault(STORAGE, os.path.join(tempfile.gettempdir(), "fla-certify-hypothesis"))
    try:
        return _run(args, options)
    finally:
        if before is None:
            os.environ.pop(STORAGE, None)


def _run(args: argparse.Namespace, options: Any) -> int:
    from fla_conformance.certify import certify, load_report, replay, write_reports
    from fla_conformance.certify.progress import for_stream

    progress = for_stream(sys.stderr)
    if args.replay is not None:
        from fla_conformance.certify.replay import options_for

        data = load_report(args.replay)
        report = replay(data, options_for(data, options, args.seed is not None), progress)
        directory = options.report_dir / "replay"
    else:
        report = certify(options, progress)
        directory = options.report_dir
    written = write_reports(report, directory)
    _summary(report, written)
    return 1 if report.failed else 0


def _summary(report: Any, written: list[Path]) -> None:
    run = report.run
    out = sys.stderr
    out.write(f"\n{run.cases} requests in {report.seconds:.1f} s "
              f"({report.cases_per_second:.0f} cases/s); {len(run.findings)} findings\n")
    for finding in run.findings:
        out.write(f"  [{finding.severity}] {finding.check} {finding.operation}: "
                  f"{finding.message}\n")
    out.write("reports: " + ", ".join(str(path) for path in written) + "\n")
