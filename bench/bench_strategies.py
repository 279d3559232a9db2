"""Benchmark of fla_conformance.strategies against schemathesis' own generator.

Run:  .venv/bin/python bench/bench_strategies.py [--seconds 10]

For every strategy of the kit (valid requests of each operation, and violating(rule) draws)
it measures examples per second under Hypothesis (``@given``, generate phase only), and, in the
same run, the same for schemathesis' generator (``operation.as_strategy()``, positive mode) on
putTrainings and putTrainingRights. The draws are collected while timing and checked with
the validator afterwards, so the rates measure generation only. For schemathesis it counts
the draws with a non-empty ``trainings`` list (for putTrainings) and the share of them the
validator refuses (a blocking anomaly); for the kit's strategies, the share that pass (valid
draws) or that break exactly their rule (violating draws). Ratios are against schemathesis in
this run. Results go to bench/results/bench_strategies.json.
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import json
import platform
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from fla_conformance.contract import load_contract
from fla_conformance.strategies import Request, operation_ids, requests, violating
from fla_conformance.validator import validate_request

RESULTS = Path(__file__).resolve().parent / "results"


class _Spent(Exception):
    """The time budget is used up (raised from inside the test to stop generating)."""


def collect(strategy: st.SearchStrategy[Any], seconds: float) -> tuple[list[Any], float]:
    """Draw from ``strategy`` for about ``seconds``; the draws and the time it took."""
    drawn: list[Any] = []
    start = time.perf_counter()
    stop = start + seconds

    @settings(max_examples=10**7, database=None, deadline=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))  # a benchmark, not a test
    @given(strategy)
    def draw(value: Any) -> None:
        drawn.append(value)
        if time.perf_counter() > stop:
            raise _Spent

    with contextlib.suppress(_Spent):
        draw()
    elapsed = time.perf_counter() - start
    return drawn, elapsed


def _refused(method: str, path: str, body: Any) -> bool:
    raw = json.dumps(body).encode() if not isinstance(body, bytes | type(None)) else body
    return not validate_request(method, path, raw).valid


def _listed(value: Any) -> bool:
    return isinstance(value, list) and bool(value)


def schemathesis_baseline(operation_id: str, seconds: float) -> dict[str, Any]:
    import schemathesis
    from schemathesis.core import NotSet

    spec = copy.deepcopy(load_contract().openapi)
    schema = schemathesis.openapi.from_dict(spec, config=schemathesis.Config())
    operation = schema[load_contract().operation(operation_id).path]["PUT"]
    strategy = operation.as_strategy()
    collect(strategy, min(2.0, seconds))  # warm up: schemathesis compiles the schema first
    cases, elapsed = collect(strategy, seconds)
    bodies = [(c.formatted_path, c.body) for c in cases if not isinstance(c.body, NotSet)]
    if operation_id == "putTrainings":
        bodies = [(p, b) for p, b in bodies if isinstance(b, dict) and _listed(b.get("trainings"))]
    refused = sum(_refused("PUT", path, body) for path, body in bodies)
    return {
        "strategy": f"schemathesis as_strategy() {operation_id}",
        "draws": len(cases), "seconds": round(elapsed, 2),
        "counted": len(bodies), "per_second": round(len(bodies) / elapsed, 1),
        "refused_share": round(refused / len(bodies), 3) if bodies else None,
        "valid_per_second": round((len(bodies) - refused) / elapsed, 1),
    }


def ours(name: str, strategy: st.SearchStrategy[Any], seconds: float,
         good: Callable[[Any], bool]) -> dict[str, Any]:
    collect(strategy, min(0.5, seconds))  # warm up, as for schemathesis
    draws, elapsed = collect(strategy, seconds)
    passed = sum(good(d) for d in draws)
    return {"strategy": name, "draws": len(draws), "seconds": round(elapsed, 2),
            "counted": len(draws), "per_second": round(len(draws) / elapsed, 1),
            "good_share": round(passed / len(draws), 4) if draws else None,
            "valid_per_second": round(passed / elapsed, 1)}


def _valid(request: Request) -> bool:
    return validate_request(request.method, request.path, request.content).valid


def _exactly(rule_id: str) -> Callable[[Any], bool]:
    blocking = load_contract().rules[rule_id].blocking

    def good(request: Any) -> bool:
        found = validate_request(request.method, request.path, request.content).anomalies
        ids = {a.error_id for a in found if a.blocking}
        return ids == {rule_id} if blocking else not ids and rule_id in {a.error_id for a in found}

    return good


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0, help="time budget per strategy")
    parser.add_argument("--rules", type=float, default=2.0, help="time budget per rule")
    args = parser.parse_args()
    rows = [schemathesis_baseline("putTrainings", args.seconds),
            schemathesis_baseline("putTrainingRights", args.seconds)]
    baseline = {"putTrainings": rows[0], "putTrainingRights": rows[1]}
    rows.append(ours("requests('putTrainings', min_trainings=1)",
                     requests("putTrainings", min_trainings=1), args.seconds, _valid))
    for operation_id in operation_ids():
        rows.append(ours(f"requests({operation_id!r})", requests(operation_id), args.seconds,
                         _valid))
    contract = load_contract()
    for rule_id in sorted(r for r in contract.rules if contract.rules[r].kind != "stateful"):
        rows.append(ours(f"violating({rule_id!r})", violating(rule_id), args.rules,
                         _exactly(rule_id)))
    base = baseline["putTrainings"]["valid_per_second"] or baseline["putTrainings"]["per_second"]
    for row in rows[2:]:
        row["ratio_vs_schemathesis_putTrainings"] = round(row["valid_per_second"] / base, 1) \
            if base else None
    report(rows, baseline)
    RESULTS.mkdir(exist_ok=True)
    out = {"python": platform.python_version(), "machine": platform.machine(), "rows": rows}
    (RESULTS / "bench_strategies.json").write_text(json.dumps(out, indent=2) + "\n")


def report(rows: list[dict[str, Any]], baseline: dict[str, dict[str, Any]]) -> None:
    print(f"{'strategy':58} {'draws':>6} {'/s':>8} {'valid/s':>8} {'ok share':>9} {'x':>7}")
    for row in rows:
        share = row.get("good_share", None)
        if share is None and row.get("refused_share") is not None:
            share = 1 - row["refused_share"]
        ratio = row.get("ratio_vs_schemathesis_putTrainings", "")
        print(f"{row['strategy'][:58]:58} {row['draws']:>6} {row['per_second']:>8} "
              f"{row['valid_per_second']:>8} {share if share is not None else '-':>9} {ratio:>7}")


if __name__ == "__main__":
    main()
