"""Hypothesis strategies for the FLA REST API: valid requests by construction, requests that
break exactly one rule of the catalogue, and answers for testing an SDK's parsers.

>>> from hypothesis import given
>>> from fla_conformance.strategies import requests, violating
>>> @given(requests("putTrainings", company_id=880820673, min_trainings=1))
... def test_sdk_sends(request): ...

- Bodies: :func:`training_rights_bodies`, :func:`trainings_bodies`; whole requests of any
  operation (a PUT whose path agrees with its body, a GET with a valid query):
  :func:`requests`. Identities: :func:`kbo_numbers`, :func:`inss_numbers` and friends.
- :func:`violating` draws requests that break one rule and no other (a :class:`Scenario` of
  setup steps and the offending request for the stateful rules); :func:`covered_rules` lists
  the rules that have one, which is every rule of contracts/rules.yaml.
- Answers: :func:`training_rights_answers`, :func:`trainings_answers`,
  :func:`credit_calculations` (consistent with the rights and trainings, computed by
  :func:`expected_credit`), :func:`anomaly_lists`, :func:`employees_lists`,
  :func:`bad_request_answers`.

Valid draws pass the schema of contracts/openapi.yaml and every rule of contracts/rules.yaml
without filtering; bounds, enums, list sizes and the FLA window are read from the contract.
The package imports only Hypothesis, the standard library and fla_conformance.contract and
.identifiers: no server, no schemathesis.
"""

from __future__ import annotations

from ._credit import expected_credit
from ._model import MockCall, Request, Scenario
from .identities import (
    birth_dates,
    calendar_years,
    employees,
    employers,
    inss_numbers,
    joint_committees,
    kbo_numbers,
    provider_training_ids,
    registry_numbers,
)
from .requests import operation_ids, queries, requests
from .responses import (
    anomaly_lists,
    bad_request_answers,
    credit_calculations,
    employees_lists,
    training_rights_answers,
    trainings_answers,
)
from .rights import training_rights_bodies
from .trainings import trainings_bodies
from .violations import covered_rules, violating, violation_operations

__all__ = [
    "MockCall",
    "Request",
    "Scenario",
    "anomaly_lists",
    "bad_request_answers",
    "birth_dates",
    "calendar_years",
    "covered_rules",
    "credit_calculations",
    "employees",
    "employees_lists",
    "employers",
    "expected_credit",
    "inss_numbers",
    "joint_committees",
    "kbo_numbers",
    "operation_ids",
    "provider_training_ids",
    "queries",
    "registry_numbers",
    "requests",
    "training_rights_answers",
    "training_rights_bodies",
    "trainings_answers",
    "trainings_bodies",
    "violating",
    "violation_operations",
]
