"""``fla certify --replay FILE``: send the findings of a JSON report again, and re-check them.

Fuzzing and probe findings are re-sent request by request and go through every check again;
scenario findings re-run their scenario. The report keeps INSS numbers masked, so they are
mapped back onto the target's employees by their masks: a run against the built-in mock finds
them again from the seed, a live run needs the same ``--employee`` options.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from fla_conformance.certify.findings import Finding, Masker
from fla_conformance.certify.progress import Progress
from fla_conformance.certify.record import FAILED, PASSED, Outcome, Run
from fla_conformance.certify.reports.json import FORMAT
from fla_conformance.certify.runner import Report, describe
from fla_conformance.certify.session import Session
from fla_conformance.certify.target import Options, open_target
from fla_conformance.contract import load_contract, strip_base
from fla_conformance.errors import UsageError
from fla_conformance.identifiers import mask_inss

PART = "replay"


def load_report(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise UsageError(f"--replay {path}: {exc.strerror}") from None
    except json.JSONDecodeError as exc:
        raise UsageError(f"--replay {path}: not JSON ({exc.msg}, line {exc.lineno})") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise UsageError(f"--replay {path}: not a report of fla certify ({FORMAT})")
    return data


def options_for(data: dict[str, Any], options: Options, seed_given: bool) -> Options:
    """The replay's options: the report's seed and faults unless the caller gave others."""
    if not seed_given:
        options.seed = int(data.get("seed", 0))
    recorded = data.get("options") or {}
    if options.base_url is None and not options.faults:
        options.faults = list(recorded.get("faults") or [])
    return options


def replay(data: dict[str, Any], options: Options, progress: Progress | None = None) -> Report:
    """Re-send what the report's findings show; the new report has what still fails."""
    from fla_conformance.certify.scenarios import NAMES, run_scenarios

    progress = progress if progress is not None else Progress()
    contract = load_contract()
    findings = [Finding.from_json(item) for item in data.get("findings") or []]
    scenarios = tuple(n for n in NAMES if any(f.part == "scenarios" and f.unit == n
                                             for f in findings))
    try:
        with open_target(options) as target:
            run = Run(Masker(target.employees, secrets=[target.token or ""]))
            masks = {mask_inss(number): number for number in target.employees}
            session = Session(target, contract, run, PART, options.timeout)
            try:
                for number, finding in enumerate(findings, start=1):
                    if finding.part != "scenarios":
                        _resend(session, run, progress, number, finding, masks)
            finally:
                session.close()
            if scenarios:
                scenario_session = Session(target, contract, run, "scenarios", options.timeout)
                try:
                    run_scenarios(scenario_session, run, progress, scenarios)
                finally:
                    scenario_session.close()
            described = describe(target)
    finally:
        progress.close()
    return Report(options, contract, run, described, str(data.get("startedAt", "")),
                  run.seconds)


def _resend(session: Session, run: Run, progress: Progress, number: int, finding: Finding,
            masks: dict[str, int]) -> None:
    name = f"#{number} {finding.check} {finding.operation}"
    progress.begin(name, len(finding.exchanges))
    run.begin(name)
    before = len(run.findings)
    outcome = Outcome(name, PART)
    for exchange in finding.exchanges:
        path = strip_base(_unmask_text(exchange.url, masks))
        body = _unmask(exchange.body, masks)
        raw = body.encode("utf-8") if isinstance(body, str) else None
        session.send(exchange.method, path, None if raw is not None else body, raw=raw)
        outcome.cases += 1
        progress.step()
    outcome.status = FAILED if len(run.findings) > before else PASSED
    outcome.reason = "reproduced" if outcome.status == FAILED else "not reproduced"
    run.finish(outcome)
    progress.end(outcome.status, outcome.reason)


def _unmask_text(text: str, masks: dict[str, int]) -> str:
    for mask, number in masks.items():
        text = text.replace(mask, str(number))
    return text


def _unmask(value: Any, masks: dict[str, int]) -> Any:
    if isinstance(value, dict):
        return {k: (masks.get(v, v) if k == "inss" and isinstance(v, str) else _unmask(v, masks))
                for k, v in value.items()}
    if isinstance(value, list):
        return [_unmask(item, masks) for item in value]
    if isinstance(value, str):
        return _unmask_text(value, masks)
    return value
