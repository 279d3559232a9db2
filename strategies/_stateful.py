"""Scenarios for the stateful rules (00014-017, FLA04-272, FLAC-201, FLAC-202).

These rules need the server's state, so each draw is a :class:`Scenario`: setup steps, then
the request that breaks the rule. Setup steps are API requests or, where the API cannot build
the state, calls to the reference mock's control API (:class:`MockCall`), e.g. putting the
employer into the repertory. ``Scenario.companies`` names the employers the caller's client
must be allowed to act for.
"""

from __future__ import annotations

import dataclasses

from hypothesis import strategies as st

from fla_conformance.identifiers import make_kbo

from . import _contract
from ._gene import Draw, drawn
from ._model import MockCall, Request, Scenario, Step, put_request
from ._sites import Options, body_of, scenario, valid
from .identities import kbo_numbers
from .rights import training_rights_bodies
from .trainings import provider_reference, trainings_bodies

MANUAL_EMPLOYER = 880820673  # the manual's employer, the one the mock seeds
PUTS = ("putTrainingRights", "putTrainings")
ALL = tuple(_contract.contract().operations)


def _employer(options: Options) -> int:
    return MANUAL_EMPLOYER if options.company_id is None else options.company_id


def registered(company_id: int) -> tuple[Step, ...]:
    """The control call that puts ``company_id`` into the mock's repertory, unless seeded."""
    if company_id == MANUAL_EMPLOYER:
        return ()
    return (MockCall("PUT", f"/_mock/employers/{company_id}", {"flaImportanceCode": 8}),)


@scenario("00014-017", ALL)
@st.composite
def _unknown_employer(draw: Draw, options: Options, operation_id: str) -> Scenario:
    # A valid KBO number nobody put into the repertory (the mock seeds only the manual's one).
    company_id = draw(kbo_numbers())
    if company_id == MANUAL_EMPLOYER:
        company_id = make_kbo(MANUAL_EMPLOYER // 100 + 1)
    fixed = dataclasses.replace(options, company_id=company_id)
    request = draw(valid(operation_id, fixed, **_plain(operation_id)))
    return Scenario("00014-017", (), _marked(request, "00014-017"), 400, (company_id,),
                    "the employer is not in the repertory")


def _plain(operation_id: str) -> dict[str, object]:
    """Body options that keep a PUT clear of the other stateful rules."""
    return {"provider_references": False} if operation_id == "putTrainings" else {}


def _marked(request: Request, rule_id: str) -> Request:
    return dataclasses.replace(request, violates=rule_id)


@scenario("FLA04-272", PUTS)
@st.composite
def _same_picture_twice(draw: Draw, options: Options, operation_id: str) -> Scenario:
    company_id = _employer(options)
    fixed = dataclasses.replace(options, company_id=company_id)
    # A picture with content: an empty one may already equal what the server holds.
    extra: dict[str, object] = (
        {"legal_right": True} if operation_id == "putTrainingRights"
        else {"min_trainings": 1, "provider_references": False}
    )
    request = draw(valid(operation_id, fixed, **extra))
    setup = (*registered(company_id), request)
    return Scenario("FLA04-272", setup, _marked(request, "FLA04-272"), 200, (company_id,),
                    "the same PUT twice: the second is answered 200 with the warning")


@scenario("FLAC-201", ["putTrainingRights"])
@st.composite
def _legal_right_left_out(draw: Draw, options: Options, operation_id: str) -> Scenario:
    company_id = _employer(options)
    owned = draw(training_rights_bodies(company_id=company_id, inss=options.inss,
                                        year=options.year, legal_right=True))
    later = draw(training_rights_bodies(
        company_id=company_id, inss=owned["employee"]["inss"], year=owned["calendarYear"],
        legal_right=False,
    ))
    first = put_request("putTrainingRights", owned)
    request = put_request("putTrainingRights", later, "FLAC-201")
    return Scenario("FLAC-201", (*registered(company_id), first), request, 400, (company_id,),
                    "legalFlaRight sent, then a picture without it")


@scenario("FLAC-202", ["putTrainings"])
@st.composite
def _provider_training_unknown(draw: Draw, options: Options, operation_id: str) -> Scenario:
    company_id = _employer(options)
    body = draw(trainings_bodies(company_id=company_id, inss=options.inss, year=options.year,
                                 min_trainings=1, provider_references=False,
                                 anchor_year=options.anchor_year))
    training = draw(st.sampled_from(body["trainings"]))
    training["trainingProviderReference"] = provider_reference(drawn(draw), str(draw(st.uuids())))
    request = put_request("putTrainings", body, "FLAC-202")
    assert body_of(request) is body
    return Scenario("FLAC-202", registered(company_id), request, 400, (company_id,),
                    "a trainingProviderReference to a random UUID no provider registered")

