"""Benchmark of ``fla certify`` against the built-in mock, with a plain schemathesis baseline.

Run:  .venv/bin/python bench/bench_certify.py [--max-examples N] [--faults] [--skip-plain]

Measures, in one process and on the same machine:
  1. a default certify run (fuzzing, rule probes, scenarios) against the built-in mock:
     wall time, requests, requests per second;
  2. the baseline: a plain ``schemathesis run contracts/openapi.yaml --url <mock> -H
     "Authorization: Bearer ..."`` (its defaults: 100 examples, all phases) against a mock on
     the same machine, once as is and once with certify's FLA checks loaded as a hook
     (SCHEMATHESIS_HOOKS=fla_conformance.certify.schemathesis_checks);
  3. with ``--faults``: a default certify run per fault of the mock, caught or not, and its time.
Results go to bench/results/bench_certify.json (gitignored) and to stdout.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"


def certify_run(max_examples: int, faults: list[str]) -> dict[str, Any]:
    from fla_conformance.certify import Options, certify

    started = time.perf_counter()
    report = certify(Options(max_examples=max_examples, faults=faults))
    seconds = time.perf_counter() - started
    return {"seconds": round(seconds, 2), "requests": report.run.cases,
            "requests_per_second": round(report.run.cases / seconds, 1),
            "findings": len(report.run.findings),
            "checks": sorted({f.check for f in report.run.findings})}


def plain_schemathesis(hooks: str | None) -> dict[str, Any]:
    from fla_conformance.auth import DEV_CLIENT_ID, DEV_CLIENT_SECRET, fetch_token
    from fla_conformance.mock import MockServer

    with MockServer(port=0) as mock:
        token = fetch_token(mock.token_url, client_id=DEV_CLIENT_ID, secret=DEV_CLIENT_SECRET)
        command = [str(Path(sys.executable).parent / "schemathesis"), "run",
                   str(ROOT / "contracts" / "openapi.yaml"), "--url", mock.base_url,
                   "-H", f"Authorization: Bearer {token}"]
        env = {**os.environ, **({"SCHEMATHESIS_HOOKS": hooks} if hooks else {})}
        started = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, check=False, env=env)
        seconds = time.perf_counter() - started
    output = done.stdout + done.stderr
    cases = re.findall(r"(\d+) generated", output) or re.findall(r"(\d+) test cases", output)
    return {"seconds": round(seconds, 2), "exit": done.returncode,
            "cases": int(cases[-1]) if cases else None,
            "summary": [line for line in output.splitlines() if "generated" in line
                        or "passed" in line or "failures" in line.lower()][-6:]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-examples", type=int, default=100)
    parser.add_argument("--faults", action="store_true", help="also the fault matrix")
    parser.add_argument("--skip-plain", action="store_true", help="no schemathesis baseline")
    args = parser.parse_args()
    results: dict[str, Any] = {"certify_default": certify_run(args.max_examples, [])}
    print("certify, default run:", results["certify_default"], flush=True)
    if not args.skip_plain:
        results["schemathesis_plain"] = plain_schemathesis(None)
        print("schemathesis run (plain):", results["schemathesis_plain"], flush=True)
        hooked = plain_schemathesis("fla_conformance.certify.schemathesis_checks")
        results["schemathesis_with_fla_rules"] = hooked
        print("schemathesis run (with fla_rules):", hooked, flush=True)
        ratio = results["schemathesis_plain"]["seconds"] / results["certify_default"]["seconds"]
        results["plain_over_certify"] = round(ratio, 2)
    if args.faults:
        from fla_conformance.mock import FAULTS

        matrix = {}
        for fault in sorted(FAULTS):
            matrix[fault] = certify_run(args.max_examples, [fault])
            print(f"fault {fault}: {matrix[fault]}", flush=True)
        results["faults"] = matrix
        results["faults_missed"] = [f for f, r in matrix.items() if not r["findings"]]
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "bench_certify.json").write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
