"""Belgian identities: KBO/BCE enterprise numbers and INSS (national register and bis numbers).

Both travel as JSON integers ("long"), so leading zeros are dropped on the wire: a KBO number
has 10 digits and an INSS 11 once padded back with zeros (manual 3.3.3.1 A and B).
"""

from __future__ import annotations

import datetime as dt

KBO_MAX = 9_999_999_999
INSS_MAX = 99_999_999_999


def kbo_check_digits(first8: int) -> int:
    """The two check digits of a KBO number whose first eight digits are ``first8``."""
    return 97 - first8 % 97


def is_valid_kbo(number: int) -> bool:
    """True when ``number`` is a 10-digit KBO/BCE number with correct check digits."""
    if isinstance(number, bool) or not isinstance(number, int) or not 0 < number <= KBO_MAX:
        return False
    first8, check = divmod(number, 100)
    return kbo_check_digits(first8) == check


def make_kbo(first8: int) -> int:
    """The KBO number with these first eight digits (0 to 19,999,999) and its check digits."""
    if not 0 <= first8 <= 99_999_999:
        raise ValueError(f"first8 must have at most 8 digits, got {first8!r}")
    return first8 * 100 + kbo_check_digits(first8)


def inss_check_digits(first9: int, born_2000_or_later: bool) -> int:
    """The two check digits of an INSS whose first nine digits are ``first9``."""
    base = 2_000_000_000 + first9 if born_2000_or_later else first9
    return 97 - base % 97


def inss_century(number: int) -> int | None:
    """1900 or 2000 by the check digits of a well-formed INSS, or None when neither fits."""
    if isinstance(number, bool) or not isinstance(number, int) or not 0 < number <= INSS_MAX:
        return None
    first9, check = divmod(number, 100)
    if inss_check_digits(first9, False) == check:
        return 1900
    if inss_check_digits(first9, True) == check:
        return 2000
    return None


def _birth_date_part_ok(first9: int, century: int) -> bool:
    yymmdd = first9 // 1000
    yy, mm, dd = yymmdd // 10000, yymmdd // 100 % 100, yymmdd % 100
    if mm >= 40:  # bis number, gender known
        mm -= 40
    elif mm >= 20:  # bis number, gender unknown
        mm -= 20
    if mm > 12 or dd > 31:
        return False
    if mm == 0 or dd == 0:  # birth date (partly) unknown: allowed by the register
        return True
    try:
        dt.date(century + yy, mm, dd)
    except ValueError:
        return False
    return True


def is_valid_inss(number: int) -> bool:
    """True when ``number`` is an INSS with correct check digits and a possible birth date."""
    century = inss_century(number)
    if century is None:
        return False
    return _birth_date_part_ok(number // 100, century)


def make_inss(birth: dt.date, serial: int, bis: int = 0) -> int:
    """The INSS of someone born on ``birth`` with this serial (1-998); ``bis`` is 0, 20 or 40."""
    if bis not in (0, 20, 40):
        raise ValueError(f"bis must be 0, 20 or 40, got {bis!r}")
    if not 1 <= serial <= 998:
        raise ValueError(f"serial must be between 1 and 998, got {serial!r}")
    if not 1900 <= birth.year <= 2099:
        raise ValueError(f"birth year must be between 1900 and 2099, got {birth.year}")
    yymmdd = (birth.year % 100) * 10000 + (birth.month + bis) * 100 + birth.day
    first9 = yymmdd * 1000 + serial
    return first9 * 100 + inss_check_digits(first9, birth.year >= 2000)


def mask_inss(value: object) -> str:
    """An INSS for reports and logs: nine stars and the two check digits, which tell nothing."""
    text = str(value)
    if not text.isdigit():
        return "***"
    return "*" * 9 + text.zfill(11)[-2:]
