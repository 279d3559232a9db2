"""Answers of the FLA API, for testing an SDK's parsers (manual 3.3 and 3.4).

Each is valid under the contract's response schema: declaration echoes, credit calculations
consistent with the rights and trainings they are drawn with (see :func:`expected_credit`),
anomaly lists from the catalogue, the two lists of employees, and the 400 answer.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Sequence
from typing import Any, Literal

from hypothesis import strategies as st

from fla_conformance.errors import UsageError

from . import _contract
from ._credit import expected_credit
from ._gene import Draw
from .identities import calendar_years, inss_numbers, kbo_numbers
from .rights import training_rights_bodies
from .trainings import trainings_bodies

Body = dict[str, Any]
YearKey = Literal["year", "calendarYear"]


def _header(body: Body) -> tuple[Body, Body]:
    """The credit's employer and employee, copied from a declaration (manual 3.4.2)."""
    employer = {
        k: v for k, v in body["employer"].items() if k in ("companyId", "flaImportanceCode")
    }
    employee = {k: v for k, v in body["employee"].items() if k in ("inss", "language")}
    return employer, employee


def _moment(draw: Draw, year: int, anchor_year: int | None) -> dt.datetime:
    """A calculation date in the window of ``year``, in the manual's form (D9)."""
    first, last = _contract.window_of(year, anchor_year)
    day = draw(st.dates(dt.date(max(year, first), 1, 1), dt.date(last, 12, 31)))
    seconds = draw(st.integers(0, 86399))
    micro = draw(st.integers(0, 999_999)) if draw(st.booleans()) else 0
    return dt.datetime.combine(day, dt.time()) + dt.timedelta(seconds=seconds, microseconds=micro)


@st.composite
def credit_calculations(
    draw: Draw,
    rights: Sequence[Body] | None = None,
    trainings: Sequence[Body] | None = None,
    *,
    company_id: int | None = None,
    inss: int | None = None,
    calculation_date: dt.datetime | None = None,
    anchor_year: int | None = None,
) -> Body:
    """GET /creditCalculation answers (flaCreditCalculation) consistent with the declared
    ``rights`` and ``trainings`` (request bodies of one employee); both are drawn, for one
    employer, employee and window, when not given."""
    given = [*(rights or ()), *(trainings or ())]
    if not given:
        company_id = draw(kbo_numbers()) if company_id is None else company_id
        inss = draw(inss_numbers()) if inss is None else inss
        rights, trainings = draw(_declarations(company_id, inss, anchor_year))
        given = [*rights, *trainings]
    year = max(body["calendarYear"] for body in given)
    moment = calculation_date or _moment(draw, year, anchor_year)
    employer, employee = _header(given[-1])
    answer: Body = {"employer": employer, "employee": employee,
                    "calculationDate": moment.isoformat()}
    answer.update(expected_credit(rights or (), trainings or (), moment, anchor_year=anchor_year))
    return answer


@st.composite
def _declarations(
    draw: Draw, company_id: int, inss: int, anchor_year: int | None
) -> tuple[list[Body], list[Body]]:
    first, _ = _contract.window_of(draw(calendar_years()), anchor_year)
    years = draw(st.lists(st.integers(first, first + 4), min_size=1, max_size=3, unique=True))
    rights = [
        draw(training_rights_bodies(company_id=company_id, inss=inss, year=y)) for y in years
    ]
    trainings = [
        draw(trainings_bodies(company_id=company_id, inss=inss, year=y, max_trainings=2,
                              anchor_year=anchor_year))
        for y in years
    ]
    return rights, trainings


def anomaly_lists(
    *,
    anomaly_class: Literal["B", "W"] | None = None,
    operation_id: str | None = None,
    min_size: int = 0,
    max_size: int = 3,
) -> st.SearchStrategy[list[Body]]:
    """Lists of anomalies in the API's shape, from the catalogue's rules (manual 3.4.1)."""
    rules = [
        rule for rule in _contract.rules().values()
        if (anomaly_class is None or rule.anomaly_class == anomaly_class)
        and (operation_id is None or operation_id in rule.operations)
    ]
    if not rules:
        raise UsageError(f"no rule of class {anomaly_class!r} for operation {operation_id!r}")
    return st.lists(st.builds(_anomaly, st.sampled_from(rules), st.booleans()),
                    min_size=min_size, max_size=max_size)


def _anomaly(rule: Any, located: bool) -> Body:
    anomaly: Body = {"anomalyClass": rule.anomaly_class, "errorId": rule.id,
                     "label": dict(rule.labels)}
    if located:  # the manual's own warning example has neither (D10)
        tag = "body" if rule.tag_name == "*" else rule.tag_name
        anomaly.update(tagName=tag, path="" if tag == "body" else tag)
    return anomaly


@st.composite
def training_rights_answers(
    draw: Draw,
    body: Body | None = None,
    *,
    read_only: bool | None = None,
    anchor_year: int | None = None,
) -> Body:
    """200 answers of PUT and GET /trainingRights: the declaration echoed, warnings, and the
    credit that the echoed rights give. ``read_only=True`` adds the fields a GET with
    rightType returns (source, legalFlaRightValidityEndDate, manual 3.3.3.3)."""
    declared = copy.deepcopy(body) if body is not None else draw(training_rights_bodies())
    shown = draw(st.booleans()) if read_only is None else read_only
    if shown:
        _add_read_only(draw, declared)
    return {
        "flaDataDeclaration": declared,
        "anomalies": draw(anomaly_lists(anomaly_class="W", operation_id="putTrainingRights")),
        "flaCreditCalculation": draw(credit_calculations([declared], [], anchor_year=anchor_year)),
    }


def _add_read_only(draw: Draw, declared: Body) -> None:
    rights = declared.get("trainingRights") or {}
    sources = _contract.enum("ComplementarySectorRight", "source")
    legal = rights.get("legalFlaRight")
    if legal is not None:
        legal["source"] = draw(st.sampled_from(sources))
        legal["legalFlaRightValidityEndDate"] = f"{declared['calendarYear'] + 4}-12-31"
    for name in ("complementarySectorRight", "complementaryEmployerRight"):
        for block in rights.get(name) or ():
            block["source"] = draw(st.sampled_from(sources))


@st.composite
def trainings_answers(
    draw: Draw,
    body: Body | None = None,
    *,
    rights: Sequence[Body] = (),
    get: bool | None = None,
    anchor_year: int | None = None,
) -> Body:
    """200 answers of PUT and GET /trainings: the declaration echoed, warnings, the credit.

    ``get=True`` gives the GET shape: without trainingSequenceNbr (D8) and, when asked with
    processingState, each training's processingState (manual 3.3.4.3). ``rights`` are the
    employee's training-rights bodies the credit starts from.
    """
    declared = copy.deepcopy(body) if body is not None else draw(
        trainings_bodies(anchor_year=anchor_year)
    )
    if draw(st.booleans()) if get is None else get:
        states = _contract.enum("TrainingFields", "processingState")
        with_state = draw(st.booleans())
        for training in declared["trainings"]:
            training.pop("trainingSequenceNbr", None)
            if with_state:
                training["processingState"] = draw(st.sampled_from(states))
    return {
        "flaDataDeclaration": declared,
        "anomalies": draw(anomaly_lists(anomaly_class="W", operation_id="putTrainings")),
        "flaCreditCalculation": draw(
            credit_calculations(list(rights), [declared], anchor_year=anchor_year)
        ),
    }


@st.composite
def employees_lists(draw: Draw, *, year_key: YearKey | None = None, max_size: int = 5) -> Body:
    """Answers of GET /employeesTrainings and /employeesTrainingRights: (inss, year) pairs,
    the year under ``year`` as in the manual's examples or ``calendarYear`` as in its tables
    (D2); each pair once."""
    pairs = draw(st.lists(st.tuples(inss_numbers(), calendar_years()), max_size=max_size,
                          unique=True))
    keys = [year_key or draw(st.sampled_from(("year", "calendarYear"))) for _ in pairs]
    return {"employees": [{"inss": i, key: y} for (i, y), key in zip(pairs, keys, strict=True)]}


@st.composite
def bad_request_answers(draw: Draw, operation_id: str | None = None) -> Body:
    """400 answers (manual 3.4.3): problem details with at least one blocking anomaly."""
    blocking = draw(anomaly_lists(anomaly_class="B", operation_id=operation_id, min_size=1))
    warnings = draw(anomaly_lists(anomaly_class="W", operation_id=operation_id))
    return {"anomalies": blocking + warnings, "type": "about:blank", "title": "Bad Request",
            "status": 400}
