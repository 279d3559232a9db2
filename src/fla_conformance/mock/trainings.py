"""PUT and GET /trainings (manual 3.3.4) and the providers' waiting register (3.2, 3.5).

A provider's training waits as ``toValidate`` for employers of 10 or more employees
(flaImportanceCode 3 and up) and is validated automatically below. Either way it is charged to
the credit only once the employer takes it, with its trainingProviderReference, into the
yearly declaration; it then leaves the waiting register.
"""

from __future__ import annotations

import uuid
from typing import Any

import orjson

from fla_conformance.mock import answers
from fla_conformance.mock.state import Call, MockState, credit_header, digest, remember_ref_hours
from fla_conformance.mock.store import ProviderTraining

TO_VALIDATE, VALIDATED = "toValidate", "validated"
SMALL_EMPLOYER = 3  # flaImportanceCode 3 = 10 to 19 employees (manual 3.2)
REFERENCE = "trainingProviderReference"


def put_trainings(state: MockState, call: Call) -> tuple[int, dict[str, Any]]:
    assert call.body is not None and call.inss is not None and call.year is not None
    body, store = call.body, state.store
    known = {
        p.provider_training_id: p for p in store.provider_trainings(call.company_id, call.inss)
    }
    references = _references(body)
    unknown = [
        answers.anomaly(
            state.contract,
            answers.PROVIDER_TRAINING_UNKNOWN,
            f"trainings[{index}].{REFERENCE}.providerTrainingId",
        )
        for index, ref in references
        if not _matches(known.get(str(ref.get("providerTrainingId"))), ref)
    ]
    if unknown:
        return 400, answers.bad_request(unknown, "wrong-anomaly-class" in state.faults)

    anomalies = list(call.warnings)
    old = store.picture(call.company_id, call.inss, call.year, "trainings")
    new_digest = digest(body)
    if old is not None and old.digest == new_digest:
        if "no-resend-warning" not in state.faults:
            anomalies.append(
                answers.anomaly(state.contract, answers.ALREADY_DECLARED, "", tag_name="trainings")
            )
    else:
        _store(state, call, new_digest, {str(ref["providerTrainingId"]) for _, ref in references})
    # the credit's validity end date only when a provider's training was sent (3.3.5.2)
    credit = state.credit(call.company_id, call.inss, credit_header(body), bool(references))
    return 200, {"flaDataDeclaration": body, "anomalies": anomalies, "flaCreditCalculation": credit}


def _references(body: dict[str, Any]) -> list[tuple[int, dict[str, Any]]]:
    return [
        (index, training[REFERENCE])
        for index, training in enumerate(body.get("trainings") or ())
        if isinstance(training.get(REFERENCE), dict)
    ]


def _matches(training: ProviderTraining | None, ref: dict[str, Any]) -> bool:
    return training is not None and training.provider_company_id == ref.get(
        "trainingProviderCompanyId"
    )


def _store(state: MockState, call: Call, new_digest: bytes, included: set[str]) -> None:
    assert call.body is not None and call.inss is not None and call.year is not None
    store, body = state.store, call.body
    key = (call.company_id, call.inss, call.year, "trainings")
    store.put_picture(key, orjson.dumps(body), new_digest, call.source, state.now_text())
    spans = [(t["trainingFirstStartDate"], t["trainingLastEndDate"]) for t in body["trainings"]]
    store.replace_declared(call.company_id, call.inss, call.year, spans)
    for training in store.provider_trainings(call.company_id, call.inss):
        if training.provider_training_id in included:
            store.set_included(training.provider_training_id, call.year)
        elif training.included_in == call.year:  # dropped from the picture: stays validated
            store.set_included(training.provider_training_id, None)
    remember_ref_hours(state, body)


def get_trainings(state: MockState, call: Call) -> tuple[int, dict[str, Any]]:
    """The trainings of the year; processingState and provider references only when asked."""
    assert call.inss is not None and call.year is not None
    picture = state.store.picture(call.company_id, call.inss, call.year, "trainings")
    wanted = call.query.get("processingState")
    declared = list(picture.body.get("trainings") or ()) if picture else []
    if wanted is None:  # the earlier version of the API: validated, without the new fields
        found = [_answered(t, None) for t in declared]
    else:
        found = _with_state(state, call, declared, wanted)
    if "drop-provider-reference" in state.faults:
        found = [{k: v for k, v in t.items() if k != REFERENCE} for t in found]
    declaration = dict(picture.body) if picture else _shell(call)
    declaration.pop("trainings", None)
    if picture is not None or found:
        declaration["trainings"] = found
    credit = state.credit(
        call.company_id, call.inss, credit_header(declaration), end_date=wanted is not None
    )
    return 200, {
        "flaDataDeclaration": declaration,
        "anomalies": list(call.warnings),
        "flaCreditCalculation": credit,
    }


def _with_state(
    state: MockState, call: Call, declared: list[dict[str, Any]], wanted: str
) -> list[dict[str, Any]]:
    assert call.inss is not None
    found = []
    providers = state.store.provider_trainings(call.company_id, call.inss, call.year)
    if wanted in (VALIDATED, "all"):
        found += [_answered(t, VALIDATED) for t in declared]
        found += [
            _from_provider(p) for p in providers if p.state == VALIDATED and p.included_in is None
        ]
    if wanted in (TO_VALIDATE, "all"):
        found += [_from_provider(p) for p in providers if p.state == TO_VALIDATE]
    return found


def _answered(training: dict[str, Any], state: str | None) -> dict[str, Any]:
    # GET answers leave trainingSequenceNbr out, as the manual's example does (D8)
    answer = {k: v for k, v in training.items() if k != "trainingSequenceNbr"}
    if state is None:
        answer.pop(REFERENCE, None)
        answer.pop("processingState", None)
    else:
        answer["processingState"] = state
    return answer


def _from_provider(training: ProviderTraining) -> dict[str, Any]:
    answer = _answered(training.training, training.state)
    answer[REFERENCE] = {
        "providerTrainingId": training.provider_training_id,
        "trainingProviderCompanyId": training.provider_company_id,
    }
    return answer


def _shell(call: Call) -> dict[str, Any]:
    return {
        "employer": {"companyId": call.company_id},
        "employee": {"inss": call.inss},
        "calendarYear": call.year,
    }


def register_provider_training(
    state: MockState,
    company_id: int,
    inss: int,
    year: int,
    provider_company_id: int,
    training: dict[str, Any],
    provider_training_id: str | None = None,
) -> ProviderTraining:
    """A provider registers a training for an employee (manual 3.2); the control API calls it."""
    importance = state.store.importance(company_id) or 0
    auto = importance < SMALL_EMPLOYER or "provider-auto-validate" in state.faults
    registered = ProviderTraining(
        provider_training_id=provider_training_id or str(uuid.uuid4()),
        company_id=company_id,
        inss=inss,
        year=year,
        provider_company_id=provider_company_id,
        training={k: v for k, v in training.items() if k not in (REFERENCE, "processingState")},
        state=VALIDATED if auto else TO_VALIDATE,
        included_in=None,
    )
    state.store.add_provider_training(registered, state.now_text())
    return registered
