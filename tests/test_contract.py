"""The contract itself: valid OpenAPI, loadable by the tools, examples valid, rules complete."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from fla_conformance.contract import LANGUAGES, contract_dir, load_contract

CONTRACT = load_contract()
FOLDER = contract_dir()
SPEC = yaml.safe_load((FOLDER / "openapi.yaml").read_text(encoding="utf-8"))
EXAMPLES = json.loads((FOLDER / "examples" / "index.json").read_text(encoding="utf-8"))
MANUAL = Path(__file__).resolve().parents[2] / "shared" / "manual" / "fla-rest-api-manual-nl.txt"
OPERATION_IDS = {
    "putTrainingRights",
    "getTrainingRights",
    "putTrainings",
    "getTrainings",
    "getCreditCalculation",
    "getEmployeesTrainings",
    "getEmployeesTrainingRights",
}


def test_spec_is_valid_openapi_31() -> None:
    from openapi_spec_validator import validate

    assert SPEC["openapi"] == "3.1.0"
    validate(SPEC)


def test_schemathesis_and_openapi_core_load_the_spec() -> None:
    import schemathesis
    from openapi_core import OpenAPI

    schema = schemathesis.openapi.from_dict(SPEC)
    ids = {op.ok().definition.raw["operationId"] for op in schema.get_all_operations()}
    assert ids == OPERATION_IDS
    OpenAPI.from_dict(SPEC)


def test_operations_and_servers() -> None:
    assert set(CONTRACT.operations) == OPERATION_IDS
    urls = [server["url"] for server in SPEC["servers"]]
    assert urls[0] == "https://services.socialsecurity.be/REST/federalLearningAccount/v1"
    assert any("services-sim" in url for url in urls)
    assert any("services-acpt" in url for url in urls)
    assert any("127.0.0.1" in url for url in urls)
    flow = SPEC["components"]["securitySchemes"]["socialSecurityOAuth"]["flows"]
    assert flow["clientCredentials"]["tokenUrl"].endswith("/REST/oauth/v5/token")


def _validator(schema: dict[str, Any]) -> jsonschema.Draft202012Validator:
    resource = Resource.from_contents(SPEC, default_specification=DRAFT202012)
    registry: Registry[Any] = Registry().with_resource("urn:fla", resource)
    ref = {"$ref": "urn:fla" + schema["$ref"]}
    return jsonschema.Draft202012Validator(
        ref, registry=registry, format_checker=jsonschema.FormatChecker()
    )


def _schema_of(entry: dict[str, Any]) -> dict[str, Any]:
    for item in SPEC["paths"].values():
        for method in ("get", "put"):
            op = item.get(method)
            if op and op["operationId"] == entry["operationId"]:
                if entry["kind"] == "request":
                    schema: dict[str, Any] = op["requestBody"]["content"]["application/json"]
                    return dict(schema["schema"])
                response = op["responses"][str(entry["status"])]
                if "$ref" in response:
                    response = SPEC["components"]["responses"][response["$ref"].rsplit("/", 1)[1]]
                return dict(response["content"]["application/json"]["schema"])
    raise AssertionError(entry)


@pytest.mark.parametrize("entry", EXAMPLES, ids=[e["file"] for e in EXAMPLES])
def test_every_example_validates(entry: dict[str, Any]) -> None:
    document = json.loads((FOLDER / "examples" / entry["file"]).read_text(encoding="utf-8"))
    errors = [e.message for e in _validator(_schema_of(entry)).iter_errors(document)]
    assert errors == []
    if entry["kind"] == "request":
        match = CONTRACT.match(entry["method"], entry["path"])
        assert match is not None and match[0].operation_id == entry["operationId"]


def test_examples_cover_every_file_and_operation() -> None:
    files = {p.name for p in (FOLDER / "examples").glob("*.json")} - {"index.json"}
    assert files == {e["file"] for e in EXAMPLES}
    assert {e["operationId"] for e in EXAMPLES} == OPERATION_IDS
    for name in (
        "PutTrainingRight_input.json",
        "PutTraining_Delete_2_input.json",
        "GetCreditCalculation_output.json",
    ):
        assert name in files


def test_every_rule_is_complete() -> None:
    assert len(CONTRACT.rules) >= 35
    for rule in CONTRACT.rules.values():
        assert rule.anomaly_class in ("B", "W"), rule.id
        assert set(LANGUAGES) <= set(rule.labels), rule.id
        assert all(rule.labels[lang].strip() for lang in LANGUAGES), rule.id
        assert rule.manual and rule.description and rule.operations, rule.id
        assert set(rule.operations) <= OPERATION_IDS, rule.id
        assert rule.kind in ("document", "schema", "request", "rule", "stateful"), rule.id
        if rule.kind == "schema":
            assert rule.keywords, rule.id
        assert re.fullmatch(r"FLAC-\d{3}|00014-017|FLA04-272", rule.id), rule.id
    assert CONTRACT.rules["FLA04-272"].anomaly_class == "W"
    assert CONTRACT.rules["00014-017"].anomaly_class == "B"
    assert CONTRACT.rules["00014-017"].labels["nl"].startswith("Ondernemingsnummer")


def test_schema_rule_overrides_name_real_rules() -> None:
    for name, value in _walk(SPEC):
        if name == "x-fla-rule":
            assert value in CONTRACT.rules
        if name == "x-fla-decision":
            assert f"| {value} |" in (FOLDER / "DECISIONS.md").read_text(encoding="utf-8")


def _walk(node: Any) -> Any:
    if isinstance(node, dict):
        for key, value in node.items():
            yield key, value
            yield from _walk(value)
    elif isinstance(node, list):
        for item in node:
            yield from _walk(item)


# Every field name of the manual's tables and examples, spelled as the contract spells it (D6).
MANUAL_FIELDS = """
companyId flaImportanceCode inss language refHoursInWorkingDay calendarYear trainingRights
legalFlaRight legalFlaRightDays legalFlaRightHours workingRegulationsRegistryNbr
jointCommissionNbr source legalFlaRightValidityEndDate complementarySectorRight
complementarySectorRightDays complementarySectorRightHours activityCode
complementaryEmployerRight complementaryEmployerRightDays complementaryEmployerRightHours
trainings trainingSequenceNbr trainingDenomination trainingFirstStartDate trainingLastEndDate
trainingReferenceNbr trainingOrganiserName trainingResult trainingLeadingToCertificate
certificateValidityStartDate certificateValidityEndDate scope detailsPerPeriod trainingDays
trainingHours trainingStartDate trainingEndDate trainingStatus trainingType trainingPlace
additionalInformation trainingProviderReference providerTrainingId trainingProviderCompanyId
processingState flaDataDeclaration anomalies flaCreditCalculation employer employee
calculationDate legalFlaCredit legalFlaCreditPerYear initialLegalFlaCreditDays
remainingLegalFlaCreditDays initialLegalFlaCreditHours remainingLegalFlaCreditHours
totalLegalFlaCreditDays totalLegalFlaCreditHours legalFlaCreditValidityEndDate
complementarySectorCredit complementarySectorCreditPerYear initialComplementarySectorCreditDays
remainingComplementarySectorCreditDays initialComplementarySectorCreditHours
remainingComplementarySectorCreditHours totalComplementarySectorCreditDays
totalComplementarySectorCreditHours complementaryEmployerCredit
complementaryEmployerCreditPerYear initialComplementaryEmployerCreditDays
remainingComplementaryEmployerCreditDays initialComplementaryEmployerCreditHours
remainingComplementaryEmployerCreditHours totalComplementaryEmployerCreditDays
totalComplementaryEmployerCreditHours reservedTrainingTime reservedTrainingTimePerPeriod
reservedTrainingTimePeriodStartDate reservedTrainingTimePeriodEndDate reservedTrainingTimeDays
reservedTrainingTimeHours totalReservedTrainingTimeDays totalReservedTrainingTimeHours
employees year anomalyClass tagName path errorId label type title status detail
""".split()
MANUAL_PARAMETERS = """rightType processingState fromTrainingFirstStartDate toTrainingLastEndDate
modifiedFromDate calendarYear""".split()


def test_every_field_of_the_manual_is_in_the_contract() -> None:
    properties = {key for name, value in _walk(SPEC) if name == "properties" for key in value}
    assert sorted(set(MANUAL_FIELDS) - properties) == []
    parameters = {p.name for op in CONTRACT for p in op.parameters}
    assert set(MANUAL_PARAMETERS) <= parameters


@pytest.mark.skipif(not MANUAL.exists(), reason="the manual sits beside the project in shared/")
def test_the_manual_names_the_example_files() -> None:
    text = MANUAL.read_text(encoding="utf-8")
    named = set(re.findall(r"«\s*([A-Za-z_0-9]+\.json)\s*»", text))
    files = {e["file"] for e in EXAMPLES}
    assert named and named <= files


def test_bounds_from_the_manual() -> None:
    rights = CONTRACT.operation("putTrainingRights").request_schema
    assert rights is not None
    blocks = rights["properties"]["trainingRights"]["properties"]
    legal = blocks["legalFlaRight"]["properties"]
    assert legal["legalFlaRightDays"]["multipleOf"] == 50
    assert legal["legalFlaRightDays"]["maximum"] == 31200
    assert legal["legalFlaRightHours"]["maximum"] == 312000
    assert legal["jointCommissionNbr"]["maxItems"] == 10
    assert blocks["complementarySectorRight"]["maxItems"] == 10
    assert blocks["complementaryEmployerRight"]["maxItems"] == 10
    trainings = CONTRACT.operation("putTrainings").request_schema
    assert trainings is not None
    items = trainings["properties"]["trainings"]
    assert items["maxItems"] == 999
    periods = items["items"]["properties"]["detailsPerPeriod"]
    assert (periods["minItems"], periods["maxItems"]) == (1, 999)
    assert periods["items"]["properties"]["trainingDays"]["maximum"] == 156000
    year = trainings["properties"]["calendarYear"]
    assert (year["minimum"], year["maximum"]) == (1950, 2100)


def test_contract_show_is_readable(capsys: pytest.CaptureFixture[str]) -> None:
    from fla_conformance.cli import main

    assert main(["contract", "show", "putTrainings"]) == 0
    out = capsys.readouterr().out
    path = "/employers/{companyId}/employees/{inss}/calendarYears/{calendarYear}/trainings"
    assert f"PUT {path}" in out
    assert "trainings[].detailsPerPeriod[].trainingDays" in out
    assert "exactly one of trainingDays and trainingHours" in out
    assert "FLAC-150" in out


def test_contract_unknown_operation_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    from fla_conformance.cli import main

    assert main(["contract", "show", "putTraining"]) == 2
    assert "unknown operation 'putTraining'" in capsys.readouterr().err


def test_a_broken_contract_folder_is_a_clear_error(tmp_path: Path) -> None:
    from fla_conformance.errors import ContractError

    with pytest.raises(ContractError, match="cannot read the contract file"):
        load_contract(tmp_path)
    (tmp_path / "openapi.yaml").write_text("openapi: [unclosed\n", encoding="utf-8")
    (tmp_path / "rules.yaml").write_text("rules: []\n", encoding="utf-8")
    with pytest.raises(ContractError, match="is not valid YAML"):
        load_contract(tmp_path)


def test_the_parse_cache_gives_the_same_contract(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    folder = tmp_path / "contract"
    shutil.copytree(FOLDER, folder, ignore=shutil.ignore_patterns("examples"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    first = load_contract(folder)
    load_contract.cache_clear()
    second = load_contract(folder)
    assert list((tmp_path / "cache" / "fla-conformance").glob("contract-*.json"))
    assert first.hash == second.hash == CONTRACT.hash
    assert first.openapi == second.openapi and first.rules == second.rules


def test_a_rule_defined_twice_is_refused(tmp_path: Path) -> None:
    import shutil

    from fla_conformance.errors import ContractError

    folder = tmp_path / "contract"
    shutil.copytree(FOLDER, folder, ignore=shutil.ignore_patterns("examples"))
    rules = folder / "rules.yaml"
    text = rules.read_text(encoding="utf-8")
    first = text.index("  - id: FLAC-001")
    entry = text[first : text.index("  - id: FLAC-002")]
    rules.write_text(text + entry, encoding="utf-8")  # FLAC-001 once more, at the end
    with pytest.raises(ContractError, match="FLAC-001 is defined twice"):
        load_contract(folder)
