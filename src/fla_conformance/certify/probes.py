"""Rule probes: one request per rule of the catalogue that breaks exactly that rule.

Fuzzing finds a rule-breaking body by chance; a probe breaks each rule on purpose, so that a
server which accepts it (or refuses it for the wrong reason) is always caught. Each probe is a
valid body of the manual's examples with one change; the offline validator confirms that the
probe breaks its rule before it is sent, so a probe never blames a server for its own mistake.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from fla_conformance.certify import bodies
from fla_conformance.certify.findings import Finding
from fla_conformance.certify.progress import Progress
from fla_conformance.certify.record import FAILED, PASSED, SKIPPED, Outcome, Run
from fla_conformance.certify.session import Session

PART = "schemathesis"
YEAR = 2024
Mutation = Callable[[dict[str, Any]], Any]


@dataclass(frozen=True)
class Probe:
    rule: str
    kind: str  # "rights" or "trainings"
    change: Mutation
    description: str


def _t(body: dict[str, Any]) -> dict[str, Any]:
    first: dict[str, Any] = body["trainings"][0]
    return first


def _p(body: dict[str, Any]) -> dict[str, Any]:
    period: dict[str, Any] = _t(body)["detailsPerPeriod"][0]
    return period


def _r(body: dict[str, Any]) -> dict[str, Any]:
    blocks: dict[str, Any] = body["trainingRights"]
    return blocks


def _set(getter: Callable[[dict[str, Any]], dict[str, Any]], **values: Any) -> Mutation:
    def change(body: dict[str, Any]) -> dict[str, Any]:
        getter(body).update(values)
        return body
    return change


def _drop(getter: Callable[[dict[str, Any]], dict[str, Any]], name: str) -> Mutation:
    def change(body: dict[str, Any]) -> dict[str, Any]:
        getter(body).pop(name)
        return body
    return change


def _twice(getter: Callable[[dict[str, Any]], list[Any]], **values: Any) -> Mutation:
    def change(body: dict[str, Any]) -> dict[str, Any]:
        items = getter(body)
        items.append({**copy.deepcopy(items[0]), **values})
        return body
    return change


def _root(body: dict[str, Any]) -> dict[str, Any]:
    return body


def _legal(body: dict[str, Any]) -> dict[str, Any]:
    block: dict[str, Any] = _r(body)["legalFlaRight"]
    return block


def _sector(body: dict[str, Any]) -> dict[str, Any]:
    block: dict[str, Any] = _r(body)["complementarySectorRight"][0]
    return block


def _split_window(body: dict[str, Any]) -> dict[str, Any]:
    _t(body).update(trainingLastEndDate="2025-01-10")
    _p(body).update(trainingEndDate="2025-01-10")
    return body


def _provider(body: dict[str, Any]) -> dict[str, Any]:
    ref = {"providerTrainingId": "0f8fad5b-d9cb-469f-a165-70867728950e",
           "trainingProviderCompanyId": 880820673}
    _t(body)["trainingProviderReference"] = ref
    second = {**copy.deepcopy(_t(body)), "trainingSequenceNbr": 2}
    body["trainings"].append(second)
    return body


PROBES: tuple[Probe, ...] = (
    Probe("FLAC-001", "rights", lambda body: b'{"employer": ', "the body is cut off"),
    Probe("FLAC-010", "rights", _set(lambda b: b["employee"], refHoursInWorkingDay="760"),
          "a number sent as a string"),
    Probe("FLAC-011", "trainings", _drop(_t, "trainingDenomination"), "a required field"),
    Probe("FLAC-012", "rights", _set(_legal, legalFlarRightDays=100), "the manual's typo"),
    Probe("FLAC-013", "rights", _set(_legal, source="EMPLOYER"), "a read-only source"),
    Probe("FLAC-013", "trainings", _set(_t, processingState="validated"),
          "a read-only processingState"),
    Probe("FLAC-014", "rights", _set(lambda b: b["employee"], refHoursInWorkingDay=1401),
          "refHoursInWorkingDay over 1400"),
    Probe("FLAC-015", "trainings", _set(_t, trainingDenomination="ab"), "a name under 3"),
    Probe("FLAC-016", "trainings", _set(_p, trainingStatus=5), "trainingStatus 5"),
    Probe("FLAC-017", "trainings", _set(_t, certificateValidityStartDate="2024-02-30"),
          "30 February"),
    Probe("FLAC-018", "rights",
          _set(_legal, jointCommissionNbr=[f"{100 + i}" for i in range(11)]),
          "11 joint committees"),
    Probe("FLAC-101", "trainings", _set(_p, trainingDays=100), "days and hours"),
    Probe("FLAC-102", "trainings", _drop(_p, "trainingHours"), "neither days nor hours"),
    Probe("FLAC-103", "rights", lambda b: _drop(_legal, "legalFlaRightHours")(
        _set(_legal, legalFlaRightDays=125)(b)), "1.25 days"),
    Probe("FLAC-103", "trainings", lambda b: _drop(_p, "trainingHours")(
        _set(_p, trainingDays=75)(b)), "0.75 days"),
    Probe("FLAC-110", "rights", _set(_sector, jointCommissionNbr="20"), "a 2-digit committee"),
    Probe("FLAC-130", "rights", _set(lambda b: b["employer"], companyId=880820674),
          "a KBO number with wrong check digits in the body"),
    Probe("FLAC-140", "rights", _set(_root, calendarYear=YEAR - 1), "path and body years"),
    Probe("FLAC-150", "trainings", _twice(lambda b: b["trainings"]), "a sequence number twice"),
    Probe("FLAC-151", "trainings", _set(_t, trainingFirstStartDate=f"{YEAR}-01-15"),
          "first start date before the first period"),
    Probe("FLAC-152", "trainings", _set(_t, trainingLastEndDate=f"{YEAR}-02-20"),
          "last end date after the last period"),
    Probe("FLAC-153", "trainings", _set(_p, trainingStartDate=f"{YEAR}-02-09"),
          "a period that ends before it starts"),
    Probe("FLAC-154", "trainings", _set(_t, certificateValidityEndDate=f"{YEAR}-01-01"),
          "a certificate that ends before it starts"),
    Probe("FLAC-157", "trainings", _split_window, "a period over two FLA windows"),
    Probe("FLAC-158", "trainings", _provider, "one provider training validated twice"),
    Probe("FLAC-160", "rights", _twice(lambda b: _r(b)["complementarySectorRight"]),
          "two sector blocks for one committee"),
    Probe("FLAC-162", "rights", _set(_legal, jointCommissionNbr=["200", "200"]),
          "a committee twice in the legal right"),
)


def base_body(kind: str, company_id: int, inss: int) -> dict[str, Any]:
    if kind == "rights":
        return bodies.rights(company_id, inss, YEAR, legal_hours=3800, sector_hours=4000,
                             employer_hours=4000)
    return bodies.trainings(company_id, inss, YEAR, bodies.training(YEAR))


def probe(session: Session, run: Run, progress: Progress, inss: int) -> None:
    """Send every probe for ``inss``; a probe the validator does not confirm is skipped."""
    from fla_conformance import validator

    company = session.target.employer
    progress.begin("rule probes", len(PROBES))
    run.begin("rule probes")
    outcome = Outcome("rule probes", PART)
    before = len(run.findings)
    for item in PROBES:
        path = (bodies.rights_path if item.kind == "rights" else bodies.trainings_path)(
            company, inss, YEAR)
        sent = item.change(base_body(item.kind, company, inss))
        expected = validator.validate_request("PUT", path, sent)
        if item.rule not in {a.error_id for a in expected.anomalies}:
            continue  # the validator does not see the rule broken: the probe is at fault
        raw = sent if isinstance(sent, bytes) else None
        answer = session.send("PUT", path, None if raw else sent, raw=raw)
        outcome.cases += 1
        if answer.status == 400 and item.rule not in answer.error_ids:
            session.report(Finding("fla_rule_probe", f"{item.rule} ({item.description}) was "
                                   f"refused without {item.rule}: {answer.error_ids}",
                                   answer.observation.operation_id, rule=item.rule),
                           answer.exchange)
    if outcome.cases == 0:
        outcome.status, outcome.reason = SKIPPED, "no probe confirmed by the validator"
    elif len(run.findings) > before:
        outcome.status = FAILED
    else:
        outcome.status = PASSED
    run.finish(outcome)
    progress.end(outcome.status, outcome.reason)
