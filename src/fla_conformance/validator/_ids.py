"""The errorIds the validator emits by name, each one an entry of contracts/rules.yaml.

Which keyword reports which rule is read from the catalogue (``keywords``, ``formats``,
``tagName``, ``x-fla-rule``); the ids below are the checks the code itself decides on.
tests/test_validator_rules.py asserts that every one exists in the catalogue.
"""

from __future__ import annotations

JSON_SYNTAX = "FLAC-001"
JSON_BOM = "FLAC-002"
JSON_ENCODING = "FLAC-003"
JSON_LIMITS = "FLAC-004"
BODY_MISSING = "FLAC-005"

TYPE = "FLAC-010"
REQUIRED = "FLAC-011"
UNKNOWN_FIELD = "FLAC-012"
READ_ONLY = "FLAC-013"
ENUM = "FLAC-016"
DAYS_AND_HOURS = "FLAC-101"  # oneOf: more than one alternative given
DAYS_OR_HOURS_MISSING = "FLAC-102"  # oneOf: none given

UNKNOWN_OPERATION = "FLAC-020"
UNKNOWN_QUERY_PARAMETER = "FLAC-021"

KBO = "FLAC-130"
INSS = "FLAC-131"
PATH_BODY_MISMATCH = "FLAC-140"
SEQUENCE_UNIQUE = "FLAC-150"
FIRST_START_DATE = "FLAC-151"
LAST_END_DATE = "FLAC-152"
START_AFTER_END = "FLAC-153"
CERTIFICATE_DATES = "FLAC-154"
SEARCH_RANGE = "FLAC-155"
TRAINING_YEAR = "FLAC-156"
WINDOW_SPLIT = "FLAC-157"
PROVIDER_REFERENCE_UNIQUE = "FLAC-158"
SECTOR_BLOCK_PER_COMMITTEE = "FLAC-160"
EMPLOYER_BLOCK_PER_REGULATION = "FLAC-161"
LEGAL_COMMITTEE_REPEATED = "FLAC-162"

# Keywords the catalogue gives no rule of their own: the closest rule reports them.
FALLBACK = {
    "pattern": ENUM,  # calculationDate's pattern (answers only): a value not allowed
    "propertyNames": UNKNOWN_FIELD,  # a label language that is not two letters
    "not": DAYS_AND_HOURS,  # the credit totals: days and hours both given
}

#: every id above, for the test that keeps them in the catalogue
ALL = frozenset(
    value for name, value in dict(globals()).items() if name.isupper() and isinstance(value, str)
)
