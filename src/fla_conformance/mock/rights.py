"""PUT and GET /trainingRights (manual 3.3.3): the yearly picture of an employee's rights.

The legal right belongs to Sigedis until the employer sends ``legalFlaRight`` for that employee
and year; from then on the employer owns it, and a picture without the block is refused
(3.3.3.2 F). Sector and employer rights missing from a new picture are deleted (deactivation,
3.3.3.4). The answer of a PUT echoes only what was sent.
"""

from __future__ import annotations

from typing import Any

import orjson

from fla_conformance.mock import answers
from fla_conformance.mock.state import Call, MockState, credit_header, digest, remember_ref_hours
from fla_conformance.mock.store import Picture

LEGAL, SECTOR, EMPLOYER = "legalFlaRight", "complementarySectorRight", "complementaryEmployerRight"
RIGHT_TYPES = {"LEGAL": LEGAL, "SECTOR": SECTOR, "EMPLOYER": EMPLOYER}


def _rights(picture: Picture | None) -> dict[str, Any]:
    if picture is None:
        return {}
    rights = picture.body.get("trainingRights")
    return rights if isinstance(rights, dict) else {}


def put_rights(state: MockState, call: Call) -> tuple[int, dict[str, Any]]:
    assert call.body is not None and call.inss is not None and call.year is not None
    body, store = call.body, state.store
    old = store.picture(call.company_id, call.inss, call.year, "rights")
    sent = body.get("trainingRights") or {}
    owned = LEGAL in _rights(old)
    if owned and LEGAL not in sent and "legal-right-not-owned" not in state.faults:
        found = answers.anomaly(
            state.contract, answers.LEGAL_RIGHT_OWNED, "trainingRights." + LEGAL
        )
        return 400, answers.bad_request([found], "wrong-anomaly-class" in state.faults)

    anomalies = list(call.warnings)
    new_digest = digest(body)
    if old is not None and old.digest == new_digest:
        if "no-resend-warning" not in state.faults:  # manual 3.4.2
            anomalies.append(answers.anomaly(state.contract, answers.ALREADY_DECLARED, ""))
    else:
        kept = _keep_missing(old, body) if "ignore-deactivation" in state.faults else body
        when = state.now_text()
        key = (call.company_id, call.inss, call.year, "rights")
        store.put_picture(key, orjson.dumps(kept), new_digest, call.source, when)
        changed = _changed(_rights(old), kept.get("trainingRights") or {}, owned)
        store.mark_changed(call.company_id, call.inss, call.year, changed, when)
        remember_ref_hours(state, body)

    echo = body
    if "echo-computed-legal-right" in state.faults and LEGAL not in sent:
        echo = _with_sigedis(state, call, body)
    credit = state.credit(call.company_id, call.inss, credit_header(body))
    return 200, {"flaDataDeclaration": echo, "anomalies": anomalies, "flaCreditCalculation": credit}


def _keep_missing(old: Picture | None, body: dict[str, Any]) -> dict[str, Any]:
    # fault ignore-deactivation: blocks left out of the new picture survive
    previous = _rights(old)
    rights = dict(body.get("trainingRights") or {})
    for name in (SECTOR, EMPLOYER):
        if name not in rights and name in previous:
            rights[name] = previous[name]
    return {**body, "trainingRights": rights} if rights else body


def _changed(old: dict[str, Any], new: dict[str, Any], owned: bool) -> list[str]:
    """The kinds of right a new picture changes (manual 3.3.7)."""
    changed = []
    for right_type, name in RIGHT_TYPES.items():
        if name == LEGAL and name not in new and not owned:
            continue  # Sigedis keeps managing it: nothing changed
        if old.get(name) != new.get(name):
            changed.append(right_type)
    return changed


def _sigedis_block(state: MockState, call: Call) -> dict[str, Any] | None:
    assert call.inss is not None and call.year is not None
    picture = state.store.picture(call.company_id, call.inss, call.year, "sigedis")
    if picture is None:
        return None
    return {k: v for k, v in picture.body.items() if k != "validityEndDate"}


def _with_sigedis(state: MockState, call: Call, body: dict[str, Any]) -> dict[str, Any]:
    block = _sigedis_block(state, call)
    if block is None:
        return body
    return {**body, "trainingRights": {LEGAL: block, **(body.get("trainingRights") or {})}}


def get_rights(state: MockState, call: Call) -> tuple[int, dict[str, Any]]:
    """Every right, the legal one always, also when Sigedis computes it (manual 3.3.3.3)."""
    assert call.inss is not None and call.year is not None
    picture = state.store.picture(call.company_id, call.inss, call.year, "rights")
    declaration = _shell(call) if picture is None else dict(picture.body)
    rights = dict(_rights(picture))
    sources = {name: picture.source for name in rights} if picture else {}
    legal_end = f"{state.window(call.year).stop - 1}-12-31"  # end of the FLA window
    if LEGAL not in rights:
        sigedis = state.store.picture(call.company_id, call.inss, call.year, "sigedis")
        if sigedis is not None:
            rights[LEGAL] = {k: v for k, v in sigedis.body.items() if k != "validityEndDate"}
            sources[LEGAL] = "FLA"
            legal_end = str(sigedis.body.get("validityEndDate") or legal_end)
    right_type = call.query.get("rightType")
    if right_type is not None:
        rights = {k: v for k, v in rights.items() if k == RIGHT_TYPES.get(right_type)}
    # source and the end dates only when asked for, for compatibility (manual 3.3.3.3, 3.3.5.2)
    detailed = right_type is not None or "source-always" in state.faults
    if detailed:
        rights = _detailed(rights, sources, legal_end)
    declaration.pop("trainingRights", None)
    if rights:
        declaration["trainingRights"] = rights
    header = credit_header(declaration)
    credit = state.credit(call.company_id, call.inss, header, end_date=detailed)
    return 200, {
        "flaDataDeclaration": declaration,
        "anomalies": list(call.warnings),
        "flaCreditCalculation": credit,
    }


def _detailed(rights: dict[str, Any], sources: dict[str, str], legal_end: str) -> dict[str, Any]:
    """source on every right and the legal right's validity end date (manual 3.3.3.3)."""
    out: dict[str, Any] = {}
    for name, value in rights.items():
        if name == LEGAL:
            out[name] = {
                **value,
                "source": sources.get(name, "EMPLOYER"),
                "legalFlaRightValidityEndDate": legal_end,
            }
        else:
            out[name] = [{**block, "source": sources.get(name, "EMPLOYER")} for block in value]
    return out


def _shell(call: Call) -> dict[str, Any]:
    """The declaration of an (employee, year) with nothing stored."""
    return {
        "employer": {"companyId": call.company_id},
        "employee": {"inss": call.inss},
        "calendarYear": call.year,
    }
