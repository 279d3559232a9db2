"""Valid request bodies for the probes and the scenarios, built from the manual's examples.

Every body names the identities it is given, so that the runner writes only to those.
"""

from __future__ import annotations

import copy
from typing import Any

JOINT_COMMITTEE = "200"
SECTOR_COMMITTEE = "202.01"


def rights_path(company_id: int, inss: int, year: int) -> str:
    return f"/employers/{company_id}/employees/{inss}/calendarYears/{year}/trainingRights"


def trainings_path(company_id: int, inss: int, year: int) -> str:
    return f"/employers/{company_id}/employees/{inss}/calendarYears/{year}/trainings"


def credit_path(company_id: int, inss: int) -> str:
    return f"/employers/{company_id}/employees/{inss}/creditCalculation"


def head(company_id: int, inss: int, year: int) -> dict[str, Any]:
    return {"employer": {"companyId": company_id}, "employee": {"inss": inss},
            "calendarYear": year}


def legal(hours: int = 3800) -> dict[str, Any]:
    return {"legalFlaRightHours": hours, "workingRegulationsRegistryNbr": "181682/CO/200",
            "jointCommissionNbr": [SECTOR_COMMITTEE]}


def sector(hours: int = 4000, committee: str = SECTOR_COMMITTEE) -> dict[str, Any]:
    return {"complementarySectorRightHours": hours, "workingRegulationsRegistryNbr":
            "181682/CO/200", "jointCommissionNbr": committee, "activityCode": 228}


def employer_right(hours: int = 4000, committee: str = JOINT_COMMITTEE) -> dict[str, Any]:
    return {"complementaryEmployerRightHours": hours,
            "workingRegulationsRegistryNbr": "181682/CO/200", "jointCommissionNbr": committee}


def rights(company_id: int, inss: int, year: int, *, legal_hours: int | None = None,
           sector_hours: int | None = None, employer_hours: int | None = None) -> dict[str, Any]:
    """A training rights picture with the blocks asked for (None leaves a block out)."""
    body = head(company_id, inss, year)
    blocks: dict[str, Any] = {}
    if legal_hours is not None:
        blocks["legalFlaRight"] = legal(legal_hours)
    if sector_hours is not None:
        blocks["complementarySectorRight"] = [sector(sector_hours)]
    if employer_hours is not None:
        blocks["complementaryEmployerRight"] = [employer_right(employer_hours)]
    if blocks:
        body["trainingRights"] = blocks
    return body


def training(year: int, *, sequence: int = 1, hours: int = 500, scope: int = 1,
             status: int = 1, name: str = "webmaster", month: int = 2) -> dict[str, Any]:
    """One training of one period in ``year`` (the manual's example, dates moved)."""
    start, end = f"{year}-{month:02d}-01", f"{year}-{month:02d}-05"
    return {
        "trainingSequenceNbr": sequence,
        "trainingDenomination": name,
        "trainingFirstStartDate": start,
        "trainingLastEndDate": end,
        "trainingReferenceNbr": str(sequence),
        "trainingOrganiserName": "Syntra in opdracht van VDAB",
        "trainingResult": 1,
        "trainingLeadingToCertificate": 2,
        "certificateValidityStartDate": end,
        "certificateValidityEndDate": f"{year + 10}-{month:02d}-05",
        "scope": scope,
        "detailsPerPeriod": [{
            "trainingHours": hours,
            "trainingStartDate": start,
            "trainingEndDate": end,
            "trainingStatus": status,
            "trainingType": 2,
            "trainingPlace": 1,
        }],
    }


def trainings(company_id: int, inss: int, year: int, *items: dict[str, Any]) -> dict[str, Any]:
    body = head(company_id, inss, year)
    body["trainings"] = [copy.deepcopy(item) for item in items]
    return body
