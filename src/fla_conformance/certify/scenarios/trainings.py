"""Scenarios about trainings: round trip, the provider validation flow, the credit, the lists."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from fla_conformance.certify import bodies
from fla_conformance.certify.scenarios._base import (
    Context,
    listed_trainings,
    pairs,
    training_rights,
)
from fla_conformance.identifiers import make_kbo

PROVIDER = make_kbo(4_506_789)  # a training provider's KBO number
#: the manual's worked example (3.3.5.3): (year, initial, remaining) legal; sector untouched
WORKED_LEGAL = {2023: (3800, 3300), 2024: (3800, 3800)}
WORKED_SECTOR = {2023: (4000, 4000), 2024: (4000, 4000)}
HIDDEN_WITHOUT_STATE = ("processingState", "trainingProviderReference")


def _comparable(training: dict[str, Any]) -> dict[str, Any]:
    skip = {"trainingSequenceNbr", *HIDDEN_WITHOUT_STATE}  # D8; shown only on request
    return {k: v for k, v in training.items() if k not in skip}


def round_trip(ctx: Context) -> None:
    """PUT then GET gives back every training; GET hides processingState (3.3.4.3)."""
    sent = [bodies.training(ctx.year, sequence=1, name="webmaster"),
            bodies.training(ctx.year, sequence=2, name="forklift", month=4, scope=2)]
    put = ctx.put_trainings(ctx.trainings_body(*sent))
    ctx.accepted(put, "PUT trainings")
    got = ctx.get_trainings()
    ctx.accepted(got, "GET trainings")
    back = sorted((_comparable(t) for t in listed_trainings(got)), key=repr)
    ctx.expect(back == sorted((_comparable(t) for t in sent), key=repr),
               "GET does not give back the trainings of the PUT", put, got)
    ctx.expect(not any(k in t for t in listed_trainings(got) for k in HIDDEN_WITHOUT_STATE),
               "GET without processingState returns processingState or "
               "trainingProviderReference (manual 3.3.4.3)", got)


def provider_flow(ctx: Context) -> None:
    """A provider's training waits for the employer, then is validated by the PUT (3.2, 3.5)."""
    ident = str(uuid.uuid4())
    course = bodies.training(ctx.year, sequence=1, name=f"provider course {ident[:8]}", month=5)
    created = ctx.mock("POST", "/providerTrainings", {
        "companyId": ctx.company, "inss": ctx.inss, "calendarYear": ctx.year,
        "trainingProviderCompanyId": PROVIDER, "providerTrainingId": ident, "training": course})
    ctx.expect(created.get("processingState") == "toValidate",
               f"a provider training for an employer of 10+ employees starts as "
               f"{created.get('processingState')!r}, expected toValidate (manual 3.2)")
    waiting = _waiting(ctx)
    ctx.expect((ctx.inss, ctx.year) in pairs(waiting),
               "employeesTrainings?processingState=toValidate does not list the employee",
               waiting)
    pending = ctx.get_trainings("?processingState=toValidate")
    ctx.expect(ident in [_ref(t) for t in listed_trainings(pending)],
               "GET trainings?processingState=toValidate does not show the provider's training "
               "with its trainingProviderReference", pending)
    plain = ctx.get_trainings()
    names = [t.get("trainingDenomination") for t in listed_trainings(plain)]
    ctx.expect(course["trainingDenomination"] not in names, "GET trainings without "
               "processingState shows a training not yet validated", plain)
    # validate every training waiting for this employee and year (an earlier run's too)
    chosen = [t for t in listed_trainings(pending) if _ref(t) and _ref(t) != ident]
    waiting_ones = [{**course, "trainingProviderReference": _reference(ident)}] + [
        {**_declared(t), "trainingSequenceNbr": n} for n, t in enumerate(chosen, start=2)]
    put = ctx.put_trainings(ctx.trainings_body(*waiting_ones))
    ctx.accepted(put, "PUT trainings validating the provider's training")
    every = ctx.get_trainings("?processingState=all")
    shown = [t for t in listed_trainings(every) if _ref(t) == ident]
    ctx.expect(bool(shown) and shown[0].get("trainingProviderReference") == _reference(ident),
               "GET trainings?processingState=all does not return the validated training with "
               "its trainingProviderReference", put, every)
    ctx.expect(bool(shown) and shown[0].get("processingState") == "validated",
               "the provider's training is not validated after the PUT", every)
    after = _waiting(ctx)
    ctx.expect((ctx.inss, ctx.year) not in pairs(after),
               "employeesTrainings?processingState=toValidate still lists the employee after "
               "the employer validated the training (manual 3.3.6.2)", put, after)
    unknown = {**course, "trainingProviderReference": _reference(str(uuid.uuid4()))}
    refused = ctx.put_trainings(ctx.trainings_body(unknown))
    ctx.expect(refused.status == 400 and "FLAC-202" in refused.error_ids,
               f"a trainingProviderReference to no provider training was answered "
               f"{refused.status} {refused.error_ids}, expected 400 FLAC-202", refused,
               rule="FLAC-202")


def _reference(ident: str) -> dict[str, Any]:
    return {"providerTrainingId": ident, "trainingProviderCompanyId": PROVIDER}


def _declared(training: dict[str, Any]) -> dict[str, Any]:
    """A training as an answer shows it, made fit for a declaration again."""
    return {k: v for k, v in training.items() if k != "processingState"}


def _waiting(ctx: Context) -> Any:
    path = f"/employers/{ctx.company}/employeesTrainings?processingState=toValidate"
    return ctx.session.send("GET", f"{path}&calendarYear={ctx.year}")


def _ref(training: dict[str, Any]) -> str | None:
    ref = training.get("trainingProviderReference")
    return str(ref.get("providerTrainingId")) if isinstance(ref, dict) else None


def worked_example(ctx: Context) -> None:
    """Manual 3.3.5.3: the oldest year first, legal before sector credit (D13)."""
    ctx.mock("PUT", "/clock", {"now": "2024-03-07T12:09:16"})
    try:
        _clear_window(ctx)
        for year in (2023, 2024):
            ctx.accepted(ctx.put_rights(ctx.rights_body(year, legal_hours=3800,
                                                        sector_hours=4000)),
                         f"PUT trainingRights {year}")
        ctx.accepted(ctx.put_trainings(ctx.trainings_body(bodies.training(2024, hours=500),
                                                          year=2024)), "PUT trainings 2024")
        credit = ctx.credit()
        ctx.accepted(credit, "GET creditCalculation")
        body = credit.body if isinstance(credit.body, dict) else {}
        for name, expected, total in (("LegalFlaCredit", WORKED_LEGAL, 7100),
                                      ("ComplementarySectorCredit", WORKED_SECTOR, 8000)):
            ctx.expect(_credit(body, name) == (_expected_rows(expected), total),
                       f"{name[0].lower() + name[1:]} differs from the manual's worked example:"
                       f" got {_credit(body, name)}, expected "
                       f"{(_expected_rows(expected), total)}", credit)
    finally:
        ctx.mock("PUT", "/clock", {"now": None})


def _clear_window(ctx: Context) -> None:
    """Nothing but the example in 2020-2024, when the employee is shared with other scenarios:
    no trainings, and no rights before 2023. A legal right, the employer's or one Sigedis
    computed, can only be brought to 0 by sending it (manual 3.3.3.4)."""
    for year in range(2020, 2025):
        ctx.accepted(ctx.put_trainings(ctx.trainings_body(year=year)), f"PUT no trainings {year}")
    for year in range(2020, 2023):
        if any(training_rights(ctx.get_rights(year=year)).values()):
            ctx.accepted(ctx.put_rights(ctx.rights_body(year, legal_hours=0)),
                         f"PUT no rights {year}")


def _expected_rows(years: dict[int, tuple[int, int]]) -> list[tuple[int, int, int]]:
    return [(y, *years.get(y, (0, 0))) for y in range(2020, 2025)]


def _credit(body: dict[str, Any], stem: str) -> tuple[list[tuple[Any, ...]], Any]:
    block = body.get(stem[0].lower() + stem[1:]) or {}
    rows = [(r.get("calendarYear"), r.get(f"initial{stem}Hours"), r.get(f"remaining{stem}Hours"))
            for r in block.get(stem[0].lower() + stem[1:] + "PerYear") or []]
    return rows, block.get(f"total{stem}Hours")


def lists(ctx: Context) -> None:
    """GET /employeesTrainingRights lists what earlier PUTs changed (manual 3.3.7)."""
    body = ctx.rights_body(legal_hours=3800, sector_hours=4000)
    ctx.accepted(ctx.put_rights(body), "PUT trainingRights")
    today = dt.date.today()
    base = f"/employers/{ctx.company}/employeesTrainingRights?modifiedFromDate="
    since = ctx.session.send("GET", f"{base}{today - dt.timedelta(days=2)}")
    ctx.expect((ctx.inss, ctx.year) in pairs(since),
               "employeesTrainingRights does not list an employee whose rights were just "
               "declared", since)
    year = ctx.session.send("GET", f"{base}{today - dt.timedelta(days=2)}"
                                   f"&calendarYear={ctx.year + 1}")
    ctx.expect((ctx.inss, ctx.year) not in pairs(year),
               "employeesTrainingRights?calendarYear lists a pair of another year", year)
    later = ctx.session.send("GET", f"{base}{today + dt.timedelta(days=2)}")
    ctx.expect((ctx.inss, ctx.year) not in pairs(later),
               "employeesTrainingRights lists a change made before modifiedFromDate", later)
