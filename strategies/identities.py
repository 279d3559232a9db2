"""Identities and codes: KBO/BCE numbers, INSS, joint committees, registry numbers, UUIDs."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from hypothesis import strategies as st

from fla_conformance.errors import UsageError
from fla_conformance.identifiers import make_inss, make_kbo

from . import _contract
from ._gene import Gene

Born = Literal["before2000", "from2000"]

# KBO numbers are 10 digits starting with 0 or 1 (manual 3.3.3.1 A); as a JSON long the
# leading 0 is dropped, so "with a leading zero" means a value below 10**9.
_FIRST8_LEADING_ZERO = (2_000_000, 9_999_999)
_FIRST8_LEADING_ONE = (10_000_000, 19_999_999)
_BIRTH = {
    "before2000": (dt.date(1925, 1, 1), dt.date(1999, 12, 31)),
    "from2000": (dt.date(2000, 1, 1), dt.date(2012, 12, 31)),
}


def kbo_numbers(leading_zero: bool | None = None) -> st.SearchStrategy[int]:
    """Valid KBO/BCE enterprise numbers (FLAC-130), as the API's integers.

    ``leading_zero=True`` draws numbers whose 10 digits start with 0 (below 10**9, as the
    manual's 880820673), ``False`` those starting with 1; ``None`` both.
    """
    if leading_zero is None:
        ranges = [_FIRST8_LEADING_ZERO, _FIRST8_LEADING_ONE]
    else:
        ranges = [_FIRST8_LEADING_ZERO if leading_zero else _FIRST8_LEADING_ONE]
    return st.one_of([st.integers(lo, hi) for lo, hi in ranges]).map(make_kbo)


def birth_dates(born: Born | None = None) -> st.SearchStrategy[dt.date]:
    """Birth dates of employees, born before 2000 (from 1925) or from 2000 on (to 2012)."""
    if born is not None and born not in _BIRTH:
        raise UsageError(f"born must be 'before2000', 'from2000' or None, got {born!r}")
    keys = [born] if born is not None else list(_BIRTH)
    return st.one_of([st.dates(*_BIRTH[key]) for key in keys])


def inss_numbers(born: Born | None = None, bis: bool | None = None) -> st.SearchStrategy[int]:
    """Valid INSS numbers (FLAC-131): national register numbers and bis numbers.

    ``born`` picks people born before 2000 or from 2000 on (whose check digits are computed
    with a 2 in front, manual 3.3.3.1 B); ``bis=True`` draws bis numbers (month + 20 or + 40).
    """
    offsets = {None: (0, 20, 40), True: (20, 40), False: (0,)}[bis]
    return st.builds(
        make_inss, birth_dates(born), st.integers(1, 998), st.sampled_from(offsets)
    )


def calendar_years() -> st.SearchStrategy[int]:
    """Calendar years the contract accepts (1950 to 2100, D1)."""
    low, high = _contract.bounds("CalendarYear")
    return st.integers(low, high)


def _committee(main: int, subs: list[int]) -> str:
    return f"{main:03d}" + "".join(f".{sub:02d}" for sub in subs)


def joint_committees() -> st.SearchStrategy[str]:
    """Joint committee numbers CCC, CCC.CC or CCC.CC.CC (FLAC-110)."""
    return st.builds(
        _committee, st.integers(100, 399), st.lists(st.integers(1, 99), max_size=2)
    )


def registry_numbers() -> st.SearchStrategy[str]:
    """workingRegulationsRegistryNbr values in the manual's shape, e.g. 181682/CO/200."""
    low, high = _contract.lengths("ComplementaryEmployerRight", "workingRegulationsRegistryNbr")
    shaped = st.builds("{:06d}/CO/{}".format, st.integers(1, 999_999), joint_committees())
    free = st.text(st.characters(codec="utf-8"), min_size=low, max_size=min(high, 40))
    return st.one_of(shaped, free)


def provider_training_ids() -> st.SearchStrategy[str]:
    """providerTrainingId values: UUIDs in their 36-character form (FLAC-019)."""
    return st.uuids().map(str)


# ---- the same, from a Gene (one choice for a whole body; see _gene) -------------------------

ORGANISERS = ("Syntra in opdracht van VDAB", "VDAB", "Le Forem", "Bruxelles Formation", "ADG",
              "Cevora", "Ifapme", "Educam")
FREE_TEXT = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 /-.éèçàüößÉ€Ω日😀"


def kbo_from(gene: Gene, leading_zero: bool | None = None) -> int:
    zero = gene.flag() if leading_zero is None else leading_zero
    low, high = _FIRST8_LEADING_ZERO if zero else _FIRST8_LEADING_ONE
    return make_kbo(gene.integer(low, high))


def inss_from(gene: Gene, born: Born | None = None, bis: bool | None = None) -> int:
    first, last = _BIRTH[born or gene.choice(("before2000", "from2000"))]
    offset = gene.choice((20, 40)) if (gene.flag(4) if bis is None else bis) else 0
    return make_inss(gene.date(first, last), gene.integer(1, 998), offset)


def committee_from(gene: Gene) -> str:
    subs = [gene.integer(1, 99) for _ in range(gene.choice((0, 0, 1, 2)))]
    return _committee(gene.integer(100, 399), subs)


def registry_from(gene: Gene) -> str:
    if gene.flag(4):
        return gene.text(FREE_TEXT, 1, 30)
    return f"{gene.integer(1, 999_999):06d}/CO/{committee_from(gene)}"


def employer_from(gene: Gene, company_id: int | None = None) -> dict[str, object]:
    block: dict[str, object] = {"companyId": kbo_from(gene) if company_id is None else company_id}
    if gene.flag():
        block["flaImportanceCode"] = gene.choice(_contract.enum("Employer", "flaImportanceCode"))
    return block


def employee_from(gene: Gene, inss: int | None = None) -> dict[str, object]:
    block: dict[str, object] = {"inss": inss_from(gene) if inss is None else inss}
    if gene.flag():
        block["language"] = gene.choice(_contract.enum("Employee", "language"))
    if gene.flag():
        block["refHoursInWorkingDay"] = gene.integer(
            *_contract.bounds("Employee", "refHoursInWorkingDay")
        )
    return block


def employers(company_id: int | None = None) -> st.SearchStrategy[dict[str, object]]:
    """The employer block (manual 3.3.3.1 A), with or without flaImportanceCode."""
    ids = kbo_numbers() if company_id is None else st.just(company_id)
    codes = st.sampled_from(_contract.enum("Employer", "flaImportanceCode"))
    return st.builds(_block, companyId=ids, flaImportanceCode=st.none() | codes)


def employees(inss: int | None = None) -> st.SearchStrategy[dict[str, object]]:
    """The employee block (manual 3.3.3.1 B): inss, and language and refHoursInWorkingDay or not."""
    numbers = inss_numbers() if inss is None else st.just(inss)
    languages = st.sampled_from(_contract.enum("Employee", "language"))
    hours = st.integers(*_contract.bounds("Employee", "refHoursInWorkingDay"))
    return st.builds(
        _block, inss=numbers, language=st.none() | languages, refHoursInWorkingDay=st.none() | hours
    )


def _block(**values: object) -> dict[str, object]:
    """A JSON object without the optional fields drawn as None."""
    return {key: value for key, value in values.items() if value is not None}
