"""Benchmark of fla_conformance.strategies against schemathesis' own generator.

Run:  .venv/bin/python bench/bench_strategies.py [--seconds 10] [--rounds 3] [--rules 2]

For every strategy of the kit (valid requests of each operation, and violating(rule) draws)
it measures examples per second under Hypothesis (``@given``, generate phase only), and, in
the same run, the same for schemathesis' generator (``operation.as_strategy()``, positive
mode) on putTrainings and putTrainingRights. The draws are collected while timing and checked
with the validator afterwards, so the rates measure generation only. The head-to-head pairs
alternate for ``--rounds`` rounds and each side keeps its best (the machine may be shared).
For schemathesis it counts the draws with a non-empty ``trainings`` list (for putTrainings)
and the share of them the validator refuses (a blocking anomaly); for the kit's strategies,
the share that pass (valid draws) or that break exactly their rule (violating draws). Ratios
are against schemathesis' non-empty putTrainings bodies per second (its rate, whatever the
validator says of them) in
this run. Results go to bench/results/bench_strategies.json.
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import json
import platform
import time
import warnings
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis.errors import HypothesisWarning

from fla_conformance.contract import load_contract
from fla_conformance.strategies import Request, operation_ids, requests, violating
from fla_conformance.validator import validate_request

RESULTS = Path(__file__).resolve().parent / "results"


class _Spent(Exception):
    """The time budget is used up (raised from inside the test to stop generating)."""


def collect(strategy: st.SearchStrategy[Any], seconds: float) -> tuple[list[Any], float]:
    """Draw from ``strategy`` for about ``seconds``; the draws and the time it took.

    Generation stops by raising from inside the test, so Hypothesis then replays and reports
    that "failure": the time is taken at the raise, and its warning about a large repr (the
    deep FLAC-004 bodies) is silenced.
    """
    drawn: list[Any] = []
    start = time.perf_counter()
    stop = [start + seconds]

    @settings(max_examples=10**7, database=None, deadline=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))  # a benchmark, not a test
    @given(strategy)
    def draw(value: Any) -> None:
        now = time.perf_counter()
        if now > stop[0]:
            stop[0] = float("inf")  # the replay of this "failure" raises again
            elapsed.append(now - start)
        if elapsed:
            raise _Spent
        drawn.append(value)

    elapsed: list[float] = []
    with warnings.catch_warnings(), contextlib.suppress(_Spent):
        warnings.simplefilter("ignore", HypothesisWarning)
        draw()
    return drawn, elapsed[0] if elapsed else time.perf_counter() - start


def _refusals(method: str, path: str, body: Any) -> set[str]:
    """The blocking errorIds the validator gives a drawn request (empty: accepted)."""
    raw = json.dumps(body).encode() if not isinstance(body, bytes | type(None)) else body
    return {a.error_id for a in validate_request(method, path, raw).anomalies if a.blocking}


def _listed(value: Any) -> bool:
    return isinstance(value, list) and bool(value)


def _schemathesis_strategy(operation_id: str) -> st.SearchStrategy[Any]:
    import schemathesis

    spec = copy.deepcopy(load_contract().openapi)
    schema = schemathesis.openapi.from_dict(spec, config=schemathesis.Config())
    strategy = schema[load_contract().operation(operation_id).path]["PUT"].as_strategy()
    collect(strategy, 2.0)  # warm up: schemathesis compiles the schema first
    return strategy


def schemathesis_baseline(operation_id: str, strategy: st.SearchStrategy[Any],
                          seconds: float) -> dict[str, Any]:
    from schemathesis.core import NotSet

    cases, elapsed = collect(strategy, seconds)
    bodies = [(c.formatted_path, c.body) for c in cases if not isinstance(c.body, NotSet)]
    if operation_id == "putTrainings":
        bodies = [(p, b) for p, b in bodies if isinstance(b, dict) and _listed(b.get("trainings"))]
    reasons = [_refusals("PUT", path, body) for path, body in bodies]
    refused = sum(bool(r) for r in reasons)
    why = Counter(error_id for r in reasons for error_id in r)
    return {
        "strategy": f"schemathesis as_strategy() {operation_id}",
        "draws": len(cases), "seconds": round(elapsed, 2),
        "counted": len(bodies), "per_second": round(len(bodies) / elapsed, 1),
        "refused_share": round(refused / len(bodies), 3) if bodies else None,
        "valid_per_second": round((len(bodies) - refused) / elapsed, 1),
        "mean_trainings": _mean_trainings(b for _, b in bodies),
        "refused_for": dict(why.most_common(6)),  # share of draws with each errorId
    }


def _mean_trainings(bodies: Any) -> float | None:
    sizes = [len(b["trainings"]) for b in bodies
             if isinstance(b, dict) and isinstance(b.get("trainings"), list)]
    return round(sum(sizes) / len(sizes), 2) if sizes else None


def ours(name: str, strategy: st.SearchStrategy[Any], seconds: float,
         good: Callable[[Any], bool]) -> dict[str, Any]:
    collect(strategy, min(0.5, seconds))  # warm up, as for schemathesis
    draws, elapsed = collect(strategy, seconds)
    passed = sum(good(d) for d in draws)
    return {"strategy": name, "draws": len(draws), "seconds": round(elapsed, 2),
            "counted": len(draws), "per_second": round(len(draws) / elapsed, 1),
            "good_share": round(passed / len(draws), 4) if draws else None,
            "valid_per_second": round(passed / elapsed, 1),
            "mean_trainings": _mean_trainings(d.body for d in draws if isinstance(d, Request))}


def _valid(request: Request) -> bool:
    return validate_request(request.method, request.path, request.content).valid


def _exactly(rule_id: str) -> Callable[[Any], bool]:
    blocking = load_contract().rules[rule_id].blocking

    def good(request: Any) -> bool:
        found = validate_request(request.method, request.path, request.content).anomalies
        ids = {a.error_id for a in found if a.blocking}
        return ids == {rule_id} if blocking else not ids and rule_id in {a.error_id for a in found}

    return good


def head_to_head(operation_id: str, seconds: float, rounds: int) -> list[dict[str, Any]]:
    """schemathesis and the kit on one operation, alternating; each keeps its best round."""
    theirs = _schemathesis_strategy(operation_id)
    options = {"min_trainings": 1} if operation_id == "putTrainings" else {}
    name = f"requests({operation_id!r}{', min_trainings=1' if options else ''})"
    best: dict[str, dict[str, Any]] = {}
    for _ in range(rounds):
        for row in (schemathesis_baseline(operation_id, theirs, seconds),
                    ours(name, requests(operation_id, **options), seconds, _valid)):
            kept = best.get(row["strategy"])
            if kept is None or row["per_second"] > kept["per_second"]:
                best[row["strategy"]] = row
    baseline, mine = best.values()
    rate = baseline["per_second"]
    mine["ratio_vs_schemathesis"] = round(mine["valid_per_second"] / rate, 1) if rate else None
    if baseline.get("mean_trainings") and mine.get("mean_trainings"):
        # schemathesis' bodies hold more trainings: the ratio of trainings drawn per second
        theirs = rate * baseline["mean_trainings"]
        mine["trainings_ratio_vs_schemathesis"] = round(
            mine["valid_per_second"] * mine["mean_trainings"] / theirs, 1
        )
    return [baseline, mine]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0, help="time budget per strategy")
    parser.add_argument("--rounds", type=int, default=3, help="alternating head-to-head rounds")
    parser.add_argument("--rules", type=float, default=2.0, help="time budget per rule")
    args = parser.parse_args()
    rows = head_to_head("putTrainings", args.seconds, args.rounds)
    rows += head_to_head("putTrainingRights", args.seconds, args.rounds)
    base = rows[0]["per_second"]
    others = [ours(f"requests({op!r})", requests(op), args.seconds, _valid)
              for op in operation_ids()]
    contract = load_contract()
    others += [
        ours(f"violating({rule_id!r})", violating(rule_id), args.rules, _exactly(rule_id))
        for rule_id in sorted(r for r in contract.rules if contract.rules[r].kind != "stateful")
    ]
    for row in others:  # against schemathesis' non-empty putTrainings bodies per second
        row["ratio_vs_schemathesis"] = round(row["valid_per_second"] / base, 1) if base else None
    rows += others
    report(rows)
    print("schemathesis putTrainings refused for:", rows[0].get("refused_for"))
    ratio = rows[1].get("trainings_ratio_vs_schemathesis")
    print("trainings per second, kit / schemathesis:", ratio)
    RESULTS.mkdir(exist_ok=True)
    out = {"python": platform.python_version(), "machine": platform.machine(),
           "seconds": args.seconds, "rounds": args.rounds, "rows": rows}
    (RESULTS / "bench_strategies.json").write_text(json.dumps(out, indent=2) + "\n")


def report(rows: list[dict[str, Any]]) -> None:
    print(f"{'strategy':52} {'draws':>6} {'/s':>7} {'valid/s':>8} {'ok':>6} {'trn':>5} {'x':>6}")
    for row in rows:
        share = row.get("good_share")
        if share is None and row.get("refused_share") is not None:
            share = round(1 - row["refused_share"], 3)
        print(f"{row['strategy'][:52]:52} {row['draws']:>6} {row['per_second']:>7} "
              f"{row['valid_per_second']:>8} {share if share is not None else '-':>6} "
              f"{row.get('mean_trainings') or '-':>5} {row.get('ratio_vs_schemathesis', ''):>6}")


if __name__ == "__main__":
    main()
