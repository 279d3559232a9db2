"""The pytest plugin, as an SDK's test suite uses it (pytester runs pytest in pytest)."""

from __future__ import annotations

import subprocess
import sys

import pytest

pytest_plugins = ["pytester"]

SDK_TESTS = '''
import json

from hypothesis import given, settings


def test_declare_and_read_back(fla_client, fla_validator):
    path = "employers/880820673/employees/81511716525/calendarYears/2024/trainingRights"
    body = {"employer": {"companyId": 880820673}, "employee": {"inss": 81511716525},
            "calendarYear": 2024, "trainingRights": {"complementaryEmployerRight": [
                {"complementaryEmployerRightHours": 4000, "jointCommissionNbr": "200"}]}}
    assert fla_validator.validate_request("PUT", "/" + path, body).valid
    put = fla_client.put(path, content=json.dumps(body),
                         headers={"Content-Type": "application/json"})
    assert put.status_code == 200, put.text
    got = fla_client.get(path)
    assert fla_validator.validate_response("getTrainingRights", 200, got.json()).valid


def test_the_base_url_is_the_mock(fla_base_url, fla_mock):
    assert fla_base_url == fla_mock.base_url.rstrip("/")
    assert fla_base_url.endswith("/REST/federalLearningAccount/v1")


from fla_conformance.strategies import trainings_bodies


@settings(max_examples=5, deadline=None)
@given(body=trainings_bodies(company_id=880820673, inss=81511716525, year=2024))
def test_strategies_make_valid_bodies(body):
    from fla_conformance import validator
    path = "/employers/880820673/employees/81511716525/calendarYears/2024/trainings"
    assert validator.validate_request("PUT", path, body).valid


def test_the_strategies_fixture(fla_strategies):
    assert callable(fla_strategies.requests) and callable(fla_strategies.violating)
'''


def test_an_sdk_suite_uses_the_fixtures(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_sdk=SDK_TESTS)
    result = pytester.runpytest_inprocess("-q", "-W", "error")
    result.assert_outcomes(passed=4)


def test_the_options_are_listed_in_help(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest_inprocess("--help")
    result.stdout.fnmatch_lines(["*--fla-base-url*", "*--fla-token*", "*--fla-client-id*",
                                 "*--fla-client-secret*"])


def test_a_base_url_and_token_from_the_options(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_opts='''
def test_options(fla_base_url, fla_token, fla_client):
    assert fla_base_url == "http://127.0.0.1:9/REST/federalLearningAccount/v1"
    assert fla_token == "t0ken"
    assert fla_client.headers["Authorization"] == "Bearer t0ken"
''')
    result = pytester.runpytest_inprocess(
        "-q",
        "--fla-base-url", "http://127.0.0.1:9/REST/federalLearningAccount/v1/",
        "--fla-token", "t0ken")
    result.assert_outcomes(passed=1)


def test_loading_the_plugin_imports_nothing_heavy() -> None:
    code = ("import sys, fla_conformance.pytest_plugin; "
            "heavy = {'httpx', 'hypothesis', 'schemathesis', 'starlette', 'uvicorn'}; "
            "print(sorted(heavy & set(sys.modules)))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "[]"
