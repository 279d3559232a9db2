"""``certify()``: resolve the target, run the parts asked for, hand back the report."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from fla_conformance.certify.findings import Masker
from fla_conformance.certify.progress import Progress
from fla_conformance.certify.record import Run
from fla_conformance.certify.target import Options, Target, open_target
from fla_conformance.contract import Contract, load_contract
from fla_conformance.errors import TargetError, UsageError

PARTS = ("schemathesis", "fuzz", "probes", "scenarios")


@dataclass
class Report:
    """A finished run: what was asked, against what, and what was found."""

    options: Options
    contract: Contract
    run: Run
    target: dict[str, Any]
    started: str
    seconds: float

    @property
    def failed(self) -> bool:
        return self.run.failed

    @property
    def cases_per_second(self) -> float:
        return self.run.cases / self.seconds if self.seconds > 0 else 0.0


def selection(only: list[str]) -> tuple[set[str], tuple[str, ...]]:
    """The parts and the scenarios to run for ``--only`` (empty: everything)."""
    from fla_conformance.certify.scenarios import NAMES

    if not only:
        return {"fuzz", "probes"}, NAMES
    parts: set[str] = set()
    names: list[str] = []
    for item in only:
        if item == "schemathesis":
            parts |= {"fuzz", "probes"}
        elif item in ("fuzz", "probes"):
            parts.add(item)
        elif item == "scenarios":
            names.extend(NAMES)
        elif item in NAMES:
            names.append(item)
        else:
            known = ", ".join((*PARTS, *NAMES))
            raise UsageError(f"--only {item!r}: not a part or a scenario; known: {known}")
    return parts, tuple(dict.fromkeys(names))


def certify(options: Options, progress: Progress | None = None) -> Report:
    """Run certify as ``options`` say; findings are in the report, never raised."""
    progress = progress if progress is not None else Progress()
    contract = load_contract()
    parts, names = selection(options.only)
    started = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    try:
        with open_target(options) as target:
            run = Run(Masker(target.employees, secrets=[target.token or ""]))
            run_parts(target, contract, run, progress, options, parts, names)
            described = describe(target)
    finally:
        progress.close()
    return Report(options, contract, run, described, started, run.seconds)


def run_parts(target: Target, contract: Contract, run: Run, progress: Progress,
              options: Options, parts: set[str], names: tuple[str, ...]) -> None:
    from fla_conformance.certify.session import Session

    reachable(target, options.timeout)
    if "fuzz" in parts:
        from fla_conformance.certify.fuzz import fuzz

        fuzz(target, contract, run, progress, seed=options.seed,
             max_examples=options.max_examples, timeout=options.timeout)
    if "probes" in parts:
        from fla_conformance.certify.drawn import draw_probes
        from fla_conformance.certify.probes import probe

        session = Session(target, contract, run, "schemathesis", options.timeout,
                          progress=progress)
        try:
            probe(session, run, progress, target.employee(0))
            draw_probes(session, run, progress, target.employee(0), seed=options.seed,
                        examples=max(1, min(5, options.max_examples // 5)))
        finally:
            session.close()
    if names:
        from fla_conformance.certify.scenarios import run_scenarios

        session = Session(target, contract, run, "scenarios", options.timeout,
                          progress=progress)
        try:
            run_scenarios(session, run, progress, names)
        finally:
            session.close()


def describe(target: Target) -> dict[str, Any]:
    return {
        "baseUrl": target.base_url,
        "builtinMock": target.builtin,
        "controlApi": target.control_url is not None,
        "employer": target.employer,
    }


def reachable(target: Target, timeout: float) -> None:
    """Fail early, with one clear line, when nothing answers at the base URL."""
    import httpx

    url = f"{target.base_url}/employers/{target.employer}/employeesTrainings?processingState=all"
    try:
        httpx.get(url, headers=target.headers(), timeout=timeout)
    except httpx.HTTPError as exc:
        raise TargetError(f"cannot reach {target.base_url}: {type(exc).__name__}") from None
