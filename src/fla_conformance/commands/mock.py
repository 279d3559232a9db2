"""``fla mock``: run the reference mock, or list the faults it can inject."""

from __future__ import annotations

import argparse
import sys
from typing import Any

HELP = "run the reference mock: a stateful FLA server that behaves as the manual says"


def register(sub: Any) -> None:
    parser = sub.add_parser("mock", help=HELP, description=HELP)
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    serve = actions.add_parser("serve", help="serve the mock over HTTP (Ctrl-C stops it)")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (127.0.0.1)")
    serve.add_argument("--port", type=int, default=8080, help="port to listen on (8080)")
    serve.add_argument(
        "--db", metavar="PATH", default=":memory:", help="SQLite file that keeps the state"
    )
    serve.add_argument(
        "--no-control", action="store_true", help="leave out the test-control API (/_mock)"
    )
    serve.add_argument(
        "--fault", action="append", default=[], metavar="NAME", help="inject a fault (repeatable)"
    )
    serve.add_argument("--anchor-year", type=int, help="first year of an FLA window (2020)")
    serve.add_argument("--now", metavar="DATETIME", help="freeze the clock, e.g. 2024-03-07T12:00")
    actions.add_parser("faults", help="list the faults the mock can inject")


def run(args: argparse.Namespace) -> int:
    if args.action == "faults":
        from fla_conformance.mock.faults import FAULTS

        width = max(len(name) for name in FAULTS)
        for name, description in FAULTS.items():
            sys.stdout.write(f"{name:{width}}  {description}\n")
        return 0
    return _serve(args)


def _serve(args: argparse.Namespace) -> int:
    import contextlib
    import datetime as dt

    import uvicorn

    from fla_conformance.auth import DEV_CLIENT_ID, DEV_CLIENT_SECRET
    from fla_conformance.errors import UsageError
    from fla_conformance.mock import CONTROL_PATH, TOKEN_PATH, create_app
    from fla_conformance.mock.faults import check_faults
    from fla_conformance.mock.server import bind

    try:
        now = dt.datetime.fromisoformat(args.now) if args.now else None
    except ValueError:
        raise UsageError(
            f"--now must be a date-time like 2024-03-07T12:00, not {args.now!r}"
        ) from None
    app = create_app(
        db=args.db,
        control=not args.no_control,
        faults=check_faults(args.fault),
        anchor_year=args.anchor_year,
        now=now,
    )
    sock = bind(args.host, args.port)
    host = f"[{args.host}]" if ":" in args.host else args.host
    root = f"http://{host}:{sock.getsockname()[1]}"
    out = sys.stdout
    out.write(f"FLA mock on {root}/REST/federalLearningAccount/v1  (state: {args.db})\n")
    out.write(f"token URL   {root}{TOKEN_PATH}\n")
    if not args.no_control:
        out.write(f"control API {root}{CONTROL_PATH}  (GET it for the list of endpoints)\n")
    if args.fault:
        out.write(f"faults      {', '.join(sorted(args.fault))}\n")
    out.write(
        "a token for the development client (a shared secret: local use only):\n"
        f"  curl -s -d grant_type=client_credentials -d client_id={DEV_CLIENT_ID} "
        f"-d client_secret={DEV_CLIENT_SECRET} {root}{TOKEN_PATH}\n"
    )
    out.flush()
    config = uvicorn.Config(app, log_level="warning", lifespan="off", access_log=False)
    with contextlib.suppress(KeyboardInterrupt):  # uvicorn re-raises the Ctrl-C it obeyed
        uvicorn.Server(config).run(sockets=[sock])
    out.write("FLA mock stopped\n")
    return 0
