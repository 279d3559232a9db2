"""Benchmark of the offline validator against its baselines, on one generated corpus.

Run from the repository root:

    .venv/bin/python bench/bench_validate.py            # the full run (a few minutes)
    .venv/bin/python bench/bench_validate.py --quick    # a smaller corpus, for a smoke test

What it measures, in one run so that the ratios compare like with like:

1. Throughput on a deterministic corpus (random.Random(seed)) of >= 10,000 declarations:
   trainings and trainingRights, small (about 900 bytes) and large (20 trainings of 3
   periods, about 26 KB), 5 % of each kind breaking one rule. Per kind, microseconds per
   document and documents per second for: the full validator (``validate_body``: parse,
   schema and every rule; and ``validate_request`` with the request line), jsonschema's
   Draft202012Validator with FormatChecker (schema only, on parsed documents), openapi-core
   request validation, jsonschema-rs ``is_valid`` (for information) and bare
   ``orjson.loads``. The slow baselines run on a sample of the same documents.
2. Cold start: ``fla validate one.json`` against ``check-jsonschema --schemafile`` on the same
   file (skipped when check-jsonschema is not installed: ``.venv/bin/pip install
   check-jsonschema``; it is not a dependency of the kit).
3. ``fla validate --requests`` peak RSS on 10,000 and 100,000 lines (memory must stay flat).

Results are printed and written to bench/results/validate.json.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson

from fla_conformance.contract import load_contract
from fla_conformance.identifiers import make_inss, make_kbo
from fla_conformance.validator import validate_body, validate_request

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
FLA = Path(sys.executable).parent / "fla"
SEED = 20261203
BASE = "/REST/federalLearningAccount/v1/employers/{kbo}/employees/{inss}/calendarYears/{year}/"


# -- the corpus ----------------------------------------------------------------------------------
def _identity(rng: random.Random) -> tuple[int, int]:
    import datetime as dt

    birth = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(365 * 55))
    return make_kbo(rng.randrange(2_000_000, 9_999_999)), make_inss(birth, rng.randrange(1, 998))


def _period(rng: random.Random, year: int, month: int, day: int) -> dict[str, Any]:
    length = rng.randrange(0, 3)
    period: dict[str, Any] = {
        "trainingStartDate": f"{year}-{month:02d}-{day:02d}",
        "trainingEndDate": f"{year}-{month:02d}-{day + length:02d}",
        "trainingStatus": rng.choice([1, 1, 1, 2, 4]),
        "trainingType": rng.choice([1, 2]),
        "trainingPlace": rng.choice([1, 2, 3, 4]),
    }
    if rng.random() < 0.5:
        period["trainingHours"] = rng.randrange(1, 80) * 100
    else:
        period["trainingDays"] = rng.randrange(1, 10) * 50
    return period


def _training(rng: random.Random, number: int, year: int, periods: int, words: int) -> Any:
    months = sorted(rng.sample(range(1, 13), periods))
    details = [_period(rng, year, month, rng.randrange(1, 20)) for month in months]
    if words:
        for period in details:
            period["additionalInformation"] = " ".join(["module"] * words)[:500]
    training: dict[str, Any] = {
        "trainingSequenceNbr": number,
        "trainingDenomination": rng.choice(["webmaster", "Excel voor gevorderden",
                                            "Formation aux techniques d'interview"]),
        "trainingFirstStartDate": details[0]["trainingStartDate"],
        "trainingLastEndDate": max(p["trainingEndDate"] for p in details),
        "trainingReferenceNbr": str(rng.randrange(1, 10_000)),
        "trainingOrganiserName": "Syntra in opdracht van VDAB",
        "trainingResult": rng.choice([1, 2, 3, 4, 5]),
        "trainingLeadingToCertificate": 2,
        "certificateValidityStartDate": details[-1]["trainingEndDate"],
        "certificateValidityEndDate": f"{year + 10}-01-31",
        "scope": rng.choice([1, 2]),
        "detailsPerPeriod": details,
    }
    if rng.random() < 0.3:
        parts = [rng.getrandbits(bits) for bits in (32, 16, 12, 12, 48)]
        uuid = "{:08x}-{:04x}-4{:03x}-a{:03x}-{:012x}".format(*parts)
        training["trainingProviderReference"] = {"providerTrainingId": uuid,
                                                 "trainingProviderCompanyId": make_kbo(4_455_667)}
    return training


def trainings(rng: random.Random, large: bool) -> tuple[str, dict[str, Any]]:
    kbo, inss = _identity(rng)
    year = rng.randrange(2020, 2026)
    count, periods, words = (20, 3, 17) if large else (1, 2, 0)
    body = {
        "employer": {"companyId": kbo, "flaImportanceCode": rng.randrange(1, 10)},
        "employee": {"inss": inss, "language": rng.randrange(1, 5), "refHoursInWorkingDay": 760},
        "calendarYear": year,
        "trainings": [_training(rng, n, year, periods, words) for n in range(1, count + 1)],
    }
    return BASE.format(kbo=kbo, inss=inss, year=year) + "trainings", body


def rights(rng: random.Random, large: bool) -> tuple[str, dict[str, Any]]:
    kbo, inss = _identity(rng)
    year = rng.randrange(2020, 2026)
    committees = ["200", "202.01", "118", "124", "140.03.01", "302", "319.02", "330", "111", "149"]
    blocks = 10 if large else 1
    sector = [{"complementarySectorRightHours": rng.randrange(0, 80) * 100,
               "workingRegulationsRegistryNbr": f"{181682 + n}/CO/200",
               "jointCommissionNbr": committees[n], "activityCode": 228 + n}
              for n in range(blocks)]
    employer = [{"complementaryEmployerRightDays": rng.randrange(0, 20) * 50,
                 "workingRegulationsRegistryNbr": f"{191682 + n}/CO/200",
                 "jointCommissionNbr": committees[n]} for n in range(blocks)]
    body = {
        "employer": {"companyId": kbo, "flaImportanceCode": 8},
        "employee": {"inss": inss, "language": 1, "refHoursInWorkingDay": 800},
        "calendarYear": year,
        "trainingRights": {
            "legalFlaRight": {"legalFlaRightHours": 3800, "jointCommissionNbr": committees[:2]},
            "complementarySectorRight": sector,
            "complementaryEmployerRight": employer,
        },
    }
    return BASE.format(kbo=kbo, inss=inss, year=year) + "trainingRights", body


BREAKS: list[Callable[[dict[str, Any]], None]] = [
    lambda b: b["employee"].update(inss=b["employee"]["inss"] + 1),
    lambda b: b["employer"].update(flaImportanceCode=12),
    lambda b: b.update(calendarYear="2024"),
    lambda b: b["employee"].update(refHoursInWorkingDay=1401),
    lambda b: b.update(unknownField=True),
]


def corpus(rng: random.Random, size: int) -> dict[str, list[tuple[str, str, bytes]]]:
    """Documents by kind: (operation, path, body bytes); 5 % of each kind break a rule."""
    shares = {"trainings-small": 0.42, "trainings-large": 0.08, "rights-small": 0.42,
              "rights-large": 0.08}
    kinds: dict[str, list[tuple[str, str, bytes]]] = {}
    for kind, share in shares.items():
        make, operation = (trainings, "putTrainings") if kind.startswith("trainings") else (
            rights, "putTrainingRights")
        docs = []
        for number in range(max(1, round(size * share))):
            path, body = make(rng, kind.endswith("large"))
            if number % 20 == 19:
                body = copy.deepcopy(body)
                rng.choice(BREAKS)(body)
            docs.append((operation, path, orjson.dumps(body)))
        kinds[kind] = docs
    return kinds


# -- the tools -----------------------------------------------------------------------------------
def _no_read_only(node: Any) -> Any:
    """The reference schema for a PUT: a read-only property present is invalid."""
    if isinstance(node, list):
        return [_no_read_only(item) for item in node]
    if not isinstance(node, dict):
        return node
    if node.get("readOnly") is True:
        return False
    return {key: _no_read_only(value) for key, value in node.items()}


def tools() -> dict[str, Callable[[str, str, bytes, Any], Any]]:
    import jsonschema
    import jsonschema_rs
    from openapi_core import OpenAPI
    from openapi_core.testing import MockRequest

    contract = load_contract()
    schemas = {op: _no_read_only(dict(contract.operation(op).request_schema or {}))
               for op in ("putTrainings", "putTrainingRights")}
    reference = {op: jsonschema.Draft202012Validator(s, format_checker=jsonschema.FormatChecker())
                 for op, s in schemas.items()}
    rust = {op: jsonschema_rs.Draft202012Validator(s, validate_formats=True)
            for op, s in schemas.items()}
    api = OpenAPI.from_dict(contract.openapi)
    headers = {"Authorization": "Bearer benchmark"}

    def openapi_core(op: str, path: str, data: bytes, parsed: Any) -> Any:
        request = MockRequest("https://services.socialsecurity.be", "put", path, data=data,
                              headers=headers)
        try:
            api.validate_request(request)
        except Exception:  # an invalid document: a result here, not a failure
            return False
        return True

    return {
        "fla validate_body": lambda op, path, data, parsed: validate_body(op, data),
        "fla validate_request": lambda op, path, data, parsed: validate_request("PUT", path, data),
        "orjson.loads": lambda op, path, data, parsed: orjson.loads(data),
        "jsonschema (schema only)": lambda op, path, data, parsed: reference[op].is_valid(parsed),
        "jsonschema-rs is_valid": lambda op, path, data, parsed: rust[op].is_valid(parsed),
        "openapi-core request": openapi_core,
    }


SLOW = {"jsonschema (schema only)", "openapi-core request"}


def _pass(tool: Callable[..., Any], docs: list[tuple[str, str, bytes, Any]]) -> float:
    """One pass of ``tool`` over ``docs``: microseconds per document."""
    start = time.perf_counter()
    for op, path, data, parsed in docs:
        tool(op, path, data, parsed)
    return (time.perf_counter() - start) / len(docs) * 1e6


def throughput(kinds: dict[str, list[tuple[str, str, bytes]]], sample: int,
               rounds: int) -> dict[str, Any]:
    """Per kind, every tool; the passes of the tools alternate and each keeps its best, so that
    a machine busy with other work slows them alike (the ratios are what to read)."""
    table: dict[str, Any] = {}
    measure = tools()
    warnings = _quiet_openapi_core()
    for kind, raw in kinds.items():
        docs = [(op, path, data, orjson.loads(data)) for op, path, data in raw]
        few = docs[: max(3, sample if "small" in kind else sample // 10)]
        runs = {name: (few if name in SLOW else docs) for name in measure}
        runs["fla validate_body on the sample"] = few
        best = dict.fromkeys(runs, float("inf"))
        for number in range(rounds):
            for name, subset in runs.items():
                if name in SLOW and number >= 2:
                    continue  # slow and steady: two passes are enough
                tool = measure[name.replace(" on the sample", "")]
                best[name] = min(best[name], _pass(tool, subset))
        row: dict[str, Any] = {"documents": len(docs),
                               "mean_bytes": round(statistics.mean(len(d[2]) for d in docs))}
        for name, us in best.items():
            row[name] = {"us_per_doc": round(us, 2), "docs_per_s": round(1e6 / us),
                         "measured_on": len(runs[name])}
        full, base = best["fla validate_body"], best["orjson.loads"]
        sampled = best["fla validate_body on the sample"]
        row["ratios"] = {
            "x jsonschema throughput (target >= 30)":
                round(best["jsonschema (schema only)"] / sampled, 1),
            "x openapi-core throughput": round(best["openapi-core request"] / sampled, 1),
            "time / orjson.loads (target <= 5)": round(full / base, 2),
            "validate_request time / orjson.loads":
                round(best["fla validate_request"] / base, 2),
        }
        table[kind] = row
    warnings.__exit__(None, None, None)
    return table


def _quiet_openapi_core() -> Any:
    import warnings

    manager = warnings.catch_warnings()
    manager.__enter__()
    warnings.simplefilter("ignore")
    return manager


# -- start-up and memory -------------------------------------------------------------------------
#: as an installed kit runs: with its byte code kept (this workplace sets PYTHONDONTWRITEBYTECODE)
ENV = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}


def _wall(command: list[str], runs: int) -> float:
    subprocess.run(command, capture_output=True, check=False, env=ENV)  # byte code, caches
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, capture_output=True, check=False, env=ENV)
        best = min(best, time.perf_counter() - start)
    return best * 1000


def cold_start(sample: bytes, runs: int) -> dict[str, Any]:
    RESULTS.mkdir(parents=True, exist_ok=True)
    one = RESULTS / "one.json"
    one.write_bytes(sample)
    schema = RESULTS / "putTrainings.schema.json"
    resolved = dict(load_contract().operation("putTrainings").request_schema or {})
    resolved["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema.write_text(json.dumps(resolved))
    fla = _wall([str(FLA), "validate", str(one)], runs)
    result: dict[str, Any] = {"fla validate one.json (ms)": round(fla, 1)}
    checker = shutil.which("check-jsonschema", path=str(FLA.parent)) or shutil.which(
        "check-jsonschema")
    if checker is None:
        result["check-jsonschema"] = "skipped (not installed)"
        return result
    other = _wall([checker, "--schemafile", str(schema), str(one)], runs)
    result["check-jsonschema --schemafile (ms)"] = round(other, 1)
    result["ratio (target <= 0.3)"] = round(fla / other, 2)
    return result


def _peak_rss_kib(command: list[str]) -> int:
    """The command's own peak RSS: measured by /usr/bin/time, which forks from a small process
    (a child forked from this large one would count the parent's pages in ru_maxrss)."""
    if Path("/usr/bin/time").exists():
        done = subprocess.run(["/usr/bin/time", "-f", "%M", *command], stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, text=True, check=False, env=ENV)
        return int(done.stderr.strip().splitlines()[-1])
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return os.wait4(process.pid, 0)[2].ru_maxrss


def peak_memory(sample: list[tuple[str, str, bytes]], sizes: list[int]) -> dict[str, Any]:
    RESULTS.mkdir(parents=True, exist_ok=True)
    result: dict[str, Any] = {}
    for size in sizes:
        target = RESULTS / f"requests-{size}.ndjson"
        with target.open("wb") as out:
            for number in range(size):
                _, path, data = sample[number % len(sample)]
                out.write(b'{"method": "PUT", "path": "' + path.encode() + b'", "body": ' + data
                          + b"}\n")
        command = [str(FLA), "validate", "--requests", str(target), "--format", "ndjson"]
        start = time.perf_counter()
        peak = _peak_rss_kib(command)
        elapsed = time.perf_counter() - start
        result[f"{size} lines"] = {"peak_rss_mib": round(peak / 1024, 1),
                                   "seconds": round(elapsed, 2),
                                   "lines_per_s": round(size / elapsed)}
        target.unlink()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a small corpus, for a smoke test")
    args = parser.parse_args()
    size, sample, lines = (1000, 40, [1000, 5000]) if args.quick else (10_000, 300, [10_000,
                                                                                   100_000])
    kinds = corpus(random.Random(SEED), size)
    report: dict[str, Any] = {"python": sys.version.split()[0], "corpus": size}
    report["throughput"] = throughput(kinds, sample, 3 if args.quick else 7)
    report["cold_start"] = cold_start(kinds["trainings-small"][0][2], 3 if args.quick else 9)
    report["requests_peak_rss"] = peak_memory(kinds["trainings-small"], lines)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "validate.json").write_text(json.dumps(report, indent=2) + "\n")
    _print(report)


def _print(report: dict[str, Any]) -> None:
    for kind, row in report["throughput"].items():
        print(f"\n{kind}: {row['documents']} documents, mean {row['mean_bytes']} bytes")
        for name, cell in row.items():
            if isinstance(cell, dict) and "us_per_doc" in cell:
                print(f"  {name:28} {cell['us_per_doc']:>10.2f} us/doc {cell['docs_per_s']:>10} "
                      f"docs/s  (on {cell['measured_on']})")
        for name, value in row["ratios"].items():
            print(f"  {name:44} {value}")
    print("\ncold start:", json.dumps(report["cold_start"]))
    print("--requests peak RSS:", json.dumps(report["requests_peak_rss"]))


if __name__ == "__main__":
    main()
