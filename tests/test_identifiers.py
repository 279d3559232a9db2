"""KBO and INSS check digits: the manual's numbers, and every number we can make."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from fla_conformance.identifiers import (
    inss_century,
    is_valid_inss,
    is_valid_kbo,
    make_inss,
    make_kbo,
    mask_inss,
)


def test_the_manuals_numbers() -> None:
    assert is_valid_kbo(880820673)
    assert is_valid_inss(81511716525)  # a bis number: month 51 = 11 + 40
    assert is_valid_inss(70081500504)


@given(st.integers(0, 19_999_999))
def test_made_kbo_numbers_are_valid(first8: int) -> None:
    number = make_kbo(first8)
    assert is_valid_kbo(number)
    assert not is_valid_kbo(number + 1 if number % 100 != 97 else number - 1)


@given(
    st.dates(dt.date(1900, 1, 1), dt.date(2099, 12, 31)),
    st.integers(1, 998),
    st.sampled_from([0, 20, 40]),
)
def test_made_inss_numbers_are_valid(birth: dt.date, serial: int, bis: int) -> None:
    number = make_inss(birth, serial, bis)
    assert is_valid_inss(number)
    assert inss_century(number) == (2000 if birth.year >= 2000 else 1900) or (
        # both formulas can fit by chance: then the 1900 reading wins
        inss_century(number) == 1900
    )
    assert not is_valid_inss(number + 1) or (number + 1) % 100 == 0


def test_born_in_2000_or_later_uses_the_prefix() -> None:
    number = make_inss(dt.date(2003, 5, 17), 123)
    assert len(str(number)) == 10  # the leading 0 is dropped on the wire
    assert inss_century(number) == 2000 and is_valid_inss(number)


def test_wrong_values() -> None:
    assert not is_valid_kbo(True)
    assert not is_valid_kbo(-880820673)
    assert not is_valid_kbo(10**10)
    assert not is_valid_inss(0)
    assert not is_valid_inss(81511716526)
    assert not is_valid_inss(81131716575 - 97)  # month 13 cannot be


def test_masking() -> None:
    assert mask_inss(81511716525) == "*********25"
    assert "8151171" not in mask_inss(81511716525)
    assert mask_inss("x") == "***"
