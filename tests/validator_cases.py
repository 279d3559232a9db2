"""One passing and one failing input per rule of the catalogue, built from the manual's examples.

Shared by the validator's tests (rules, outputs, the fast path). A case's failing input breaks
its rule and nothing else; ``where`` is a location the anomaly must be reported at.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from fla_conformance.contract import contract_dir
from fla_conformance.validator import Result, validate_body, validate_request, validate_response

EXAMPLES = contract_dir() / "examples"
INDEX: list[dict[str, Any]] = json.loads((EXAMPLES / "index.json").read_text(encoding="utf-8"))
BASE = "/employers/880820673/employees/81511716525/calendarYears/2024"
T_PATH = BASE + "/trainings"
R_PATH = BASE + "/trainingRights"
UUID_A = "123e4567-e89b-42d3-a456-426614174000"
UUID_B = "123e4567-e89b-42d3-a456-426614174001"


def example(name: str) -> Any:
    return json.loads((EXAMPLES / name).read_text(encoding="utf-8"))


TRAININGS = example("PutTraining_input.json")
RIGHTS = example("PutTrainingRight_input.json")
_STEP = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def put(doc: Any, path: str, value: Any) -> Any:
    """A copy of ``doc`` with ``value`` at ``path`` (the validator's notation); ... deletes."""
    doc = copy.deepcopy(doc)
    steps = [int(i) if i else name for name, i in _STEP.findall(path)]
    node = doc
    for step in steps[:-1]:
        node = node[step]
    if value is ...:
        del node[steps[-1]]
    else:
        node[steps[-1]] = value
    return doc


def edits(doc: Any, **changes: Any) -> Any:
    """Several ``put``s; keyword names spell paths with __ for '.' and _N_ for '[N]'."""
    for key, value in changes.items():
        path = re.sub(r"_(\d+)", r"[\1]", key.replace("__", "."))
        doc = put(doc, path, value)
    return doc


def trainings(**changes: Any) -> Callable[[], Result]:
    body = edits(TRAININGS, **changes)
    return lambda: validate_request("PUT", T_PATH, json.dumps(body).encode())


def rights(**changes: Any) -> Callable[[], Result]:
    body = edits(RIGHTS, **changes)
    return lambda: validate_request("PUT", R_PATH, body)


def raw(data: bytes, path: str = T_PATH) -> Callable[[], Result]:
    return lambda: validate_request("PUT", path, data)


def get(url: str) -> Callable[[], Result]:
    return lambda: validate_request("GET", url)


PERIOD = TRAININGS["trainings"][0]["detailsPerPeriod"][0]
SECOND = {**TRAININGS["trainings"][0], "trainingSequenceNbr": 123}
SECTOR = RIGHTS["trainingRights"]["complementarySectorRight"][0]
EMPLOYER = RIGHTS["trainingRights"]["complementaryEmployerRight"][0]
LEGAL = {"legalFlaRightHours": 3800, "jointCommissionNbr": ["200", "202.01"]}
DEEP: Any = 1
for _ in range(40):
    DEEP = [DEEP]


def _ref(key: str) -> dict[str, Any]:
    return {"providerTrainingId": key, "trainingProviderCompanyId": 880820673}


@dataclass(frozen=True)
class Case:
    rule: str
    good: Callable[[], Result]
    bad: Callable[[], Result]
    where: str


GOOD_BYTES = json.dumps(TRAININGS).encode()
LATIN = json.dumps(
    put(TRAININGS, "trainings[0].trainingOrganiserName", "Liège"), ensure_ascii=False
)
CASES = [
    Case("FLAC-001", raw(GOOD_BYTES), raw(GOOD_BYTES[:-3]), ""),
    Case("FLAC-002", raw(GOOD_BYTES), raw(b"\xef\xbb\xbf" + GOOD_BYTES), ""),
    Case("FLAC-003", raw(LATIN.encode()), raw(LATIN.encode("latin-1")), ""),
    Case("FLAC-004", raw(GOOD_BYTES), trainings(employee__x=DEEP), ""),
    Case("FLAC-005", raw(GOOD_BYTES), raw(b""), ""),
    Case(
        "FLAC-010",
        trainings(trainings_0__scope=2),
        trainings(trainings_0__scope="1"),
        "trainings[0].scope",
    ),
    Case(
        "FLAC-011",
        trainings(trainings_0__trainingReferenceNbr=...),
        trainings(trainings_0__trainingResult=...),
        "trainings[0].trainingResult",
    ),
    Case("FLAC-012", rights(employee__language=2), rights(employee__lang=2), "employee.lang"),
    Case(
        "FLAC-013",
        trainings(trainings_0__trainingReferenceNbr="x"),
        trainings(trainings_0__processingState="validated"),
        "trainings[0].processingState",
    ),
    Case(
        "FLAC-014",
        trainings(employee__refHoursInWorkingDay=1400),
        trainings(employee__refHoursInWorkingDay=1401),
        "employee.refHoursInWorkingDay",
    ),
    Case(
        "FLAC-015",
        trainings(trainings_0__trainingDenomination="abc"),
        trainings(trainings_0__trainingDenomination="ab"),
        "trainings[0].trainingDenomination",
    ),
    Case(
        "FLAC-016",
        trainings(trainings_0__detailsPerPeriod_0__trainingStatus=4),
        trainings(trainings_0__detailsPerPeriod_0__trainingStatus=5),
        "trainings[0].detailsPerPeriod[0].trainingStatus",
    ),
    Case(
        "FLAC-017",
        trainings(trainings_0__certificateValidityEndDate="2034-02-28"),
        trainings(trainings_0__certificateValidityEndDate="2034-02-30"),
        "trainings[0].certificateValidityEndDate",
    ),
    Case(
        "FLAC-018",
        trainings(trainings_0__detailsPerPeriod=[PERIOD, PERIOD]),
        trainings(trainings_0__detailsPerPeriod=[]),
        "trainings[0].detailsPerPeriod",
    ),
    Case(
        "FLAC-019",
        trainings(trainings_0__trainingProviderReference=_ref(UUID_A)),
        trainings(trainings_0__trainingProviderReference=_ref(UUID_A[:-1] + "g")),
        "trainings[0].trainingProviderReference.providerTrainingId",
    ),
    Case(
        "FLAC-101",
        trainings(trainings_0__detailsPerPeriod_0__trainingHours=100),
        trainings(trainings_0__detailsPerPeriod_0__trainingDays=100),
        "trainings[0].detailsPerPeriod[0]",
    ),
    Case(
        "FLAC-102",
        trainings(trainings_0__detailsPerPeriod_0__trainingHours=0),
        trainings(trainings_0__detailsPerPeriod_0__trainingHours=...),
        "trainings[0].detailsPerPeriod[0]",
    ),
    Case(
        "FLAC-103",
        trainings(
            trainings_0__detailsPerPeriod_0=put(PERIOD, "trainingHours", ...)
            | {"trainingDays": 150}
        ),
        trainings(
            trainings_0__detailsPerPeriod_0=put(PERIOD, "trainingHours", ...)
            | {"trainingDays": 125}
        ),
        "trainings[0].detailsPerPeriod[0].trainingDays",
    ),
    Case(
        "FLAC-110",
        rights(trainingRights__complementarySectorRight_0__jointCommissionNbr="202.01.01"),
        rights(trainingRights__complementarySectorRight_0__jointCommissionNbr="20.01"),
        "trainingRights.complementarySectorRight[0].jointCommissionNbr",
    ),
    Case(
        "FLAC-120",
        lambda: validate_body("putTrainingRights", put(RIGHTS, "calendarYear", 1950)),
        lambda: validate_body("putTrainingRights", put(RIGHTS, "calendarYear", 2101)),
        "calendarYear",
    ),
    Case("FLAC-020", raw(GOOD_BYTES), raw(GOOD_BYTES, "/employers/880820673/trainings"), ""),
    Case(
        "FLAC-021", get(R_PATH + "?rightType=LEGAL"), get(R_PATH + "?rightTyp=LEGAL"), "?rightTyp"
    ),
    Case(
        "FLAC-130",
        trainings(),
        lambda: validate_request(
            "PUT",
            T_PATH.replace("880820673", "880820674"),
            put(TRAININGS, "employer.companyId", 880820674),
        ),
        "employer.companyId",
    ),
    Case(
        "FLAC-131",
        trainings(),
        lambda: validate_request(
            "PUT",
            T_PATH.replace("81511716525", "81511716526"),
            put(TRAININGS, "employee.inss", 81511716526),
        ),
        "employee.inss",
    ),
    Case("FLAC-140", trainings(), trainings(employee__inss=70081500504), "employee.inss"),
    Case(
        "FLAC-150",
        trainings(trainings=[TRAININGS["trainings"][0], SECOND]),
        trainings(trainings=[TRAININGS["trainings"][0], TRAININGS["trainings"][0]]),
        "trainings[1].trainingSequenceNbr",
    ),
    Case(
        "FLAC-151",
        trainings(),
        trainings(trainings_0__trainingFirstStartDate="2024-02-02"),
        "trainings[0].trainingFirstStartDate",
    ),
    Case(
        "FLAC-152",
        trainings(),
        trainings(trainings_0__trainingLastEndDate="2024-02-04"),
        "trainings[0].trainingLastEndDate",
    ),
    Case(
        "FLAC-153",
        trainings(),
        trainings(
            trainings_0__trainingFirstStartDate="2024-02-06",
            trainings_0__detailsPerPeriod_0__trainingStartDate="2024-02-06",
        ),
        "trainings[0].detailsPerPeriod[0].trainingStartDate",
    ),
    Case(
        "FLAC-154",
        trainings(),
        trainings(trainings_0__certificateValidityStartDate="2034-02-06"),
        "trainings[0].certificateValidityStartDate",
    ),
    Case(
        "FLAC-155",
        get(
            "/employers/880820673/employeesTrainings?processingState=all"
            "&fromTrainingFirstStartDate=2024-01-01&toTrainingLastEndDate=2024-01-01"
        ),
        get(
            "/employers/880820673/employeesTrainings?processingState=all"
            "&fromTrainingFirstStartDate=2024-01-02&toTrainingLastEndDate=2024-01-01"
        ),
        "?fromTrainingFirstStartDate",
    ),
    Case(
        "FLAC-156",
        trainings(),
        trainings(
            trainings_0__trainingFirstStartDate="2025-02-01",
            trainings_0__trainingLastEndDate="2025-02-05",
            trainings_0__certificateValidityStartDate="2025-02-05",
            trainings_0__detailsPerPeriod_0__trainingStartDate="2025-02-01",
            trainings_0__detailsPerPeriod_0__trainingEndDate="2025-02-05",
        ),
        "trainings[0].trainingFirstStartDate",
    ),
    Case(
        "FLAC-157",
        trainings(
            trainings_0__trainingLastEndDate="2025-01-10",
            trainings_0__detailsPerPeriod=[
                PERIOD | {"trainingEndDate": "2024-12-31"},
                PERIOD | {"trainingStartDate": "2025-01-01", "trainingEndDate": "2025-01-10"},
            ],
        ),
        trainings(
            trainings_0__trainingLastEndDate="2025-01-10",
            trainings_0__detailsPerPeriod_0__trainingEndDate="2025-01-10",
        ),
        "trainings[0].detailsPerPeriod[0].trainingEndDate",
    ),
    Case(
        "FLAC-158",
        trainings(
            trainings=[
                TRAININGS["trainings"][0] | {"trainingProviderReference": _ref(UUID_A)},
                SECOND | {"trainingProviderReference": _ref(UUID_B)},
            ]
        ),
        trainings(
            trainings=[
                TRAININGS["trainings"][0] | {"trainingProviderReference": _ref(UUID_A)},
                SECOND | {"trainingProviderReference": _ref(UUID_A.upper())},
            ]
        ),
        "trainings[1].trainingProviderReference.providerTrainingId",
    ),
    Case(
        "FLAC-160",
        rights(
            trainingRights__complementarySectorRight=[
                SECTOR,
                SECTOR | {"jointCommissionNbr": "200"},
            ]
        ),
        rights(trainingRights__complementarySectorRight=[SECTOR, SECTOR]),
        "trainingRights.complementarySectorRight[1].jointCommissionNbr",
    ),
    Case(
        "FLAC-161",
        rights(
            trainingRights__complementaryEmployerRight=[
                EMPLOYER,
                EMPLOYER | {"workingRegulationsRegistryNbr": "181682/CO/201"},
            ]
        ),
        rights(trainingRights__complementaryEmployerRight=[EMPLOYER, EMPLOYER]),
        "trainingRights.complementaryEmployerRight[1].workingRegulationsRegistryNbr",
    ),
    Case(
        "FLAC-162",
        rights(trainingRights__legalFlaRight=LEGAL),
        rights(trainingRights__legalFlaRight=LEGAL | {"jointCommissionNbr": ["200", "200"]}),
        "trainingRights.legalFlaRight.jointCommissionNbr[1]",
    ),
]
BY_RULE = {case.rule: case for case in CASES}


def answer(name: str) -> Callable[[], Result]:
    entry = next(e for e in INDEX if e["file"] == name)
    body = (EXAMPLES / name).read_bytes()
    return lambda: validate_response(entry["operationId"], entry["status"], body)
