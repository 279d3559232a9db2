"""``violating(rule_id)``: requests that break one rule of the catalogue and no other.

Every rule of contracts/rules.yaml has a strategy here; the test suite fails when a rule is
added without one. A stateless rule draws :class:`Request` values (``violates`` names the
rule); a stateful one draws :class:`Scenario` values to run in order against a server.
"""

from __future__ import annotations

from importlib import import_module

from hypothesis import strategies as st

from fla_conformance.errors import UsageError

from . import _contract
from ._model import Request, Scenario
from ._sites import SCENARIOS, SITES, Options, apply

# The site modules register their mutations on import, and nothing else of theirs is used here:
# one list, imported in this order, instead of imports plus a tuple to mark them used.
_SITE_MODULES = (
    "_declaration_sites",
    "_document_sites",
    "_query_sites",
    "_rule_sites",
    "_schema_sites",
    "_shape_sites",
    "_stateful",
)
for _name in _SITE_MODULES:
    import_module(f".{_name}", __package__)


def covered_rules() -> frozenset[str]:
    """The rule ids that have a violating strategy."""
    return frozenset(SITES) | frozenset(SCENARIOS)


def violation_operations(rule_id: str) -> tuple[str, ...]:
    """The operations for which ``violating(rule_id, operation_id)`` can draw."""
    _contract.contract().rule(rule_id)  # an unknown rule is a UsageError
    found = SITES.get(rule_id) or SCENARIOS.get(rule_id) or {}
    return tuple(found)


def violating(
    rule_id: str,
    operation_id: str | None = None,
    *,
    company_id: int | None = None,
    inss: int | None = None,
    year: int | None = None,
    anchor_year: int | None = None,
) -> st.SearchStrategy[Request | Scenario]:
    """Requests (or scenarios, for the stateful rules) that break ``rule_id`` and no other rule.

    ``operation_id`` restricts the draws to one operation (default: every operation the rule
    has a strategy for, see :func:`violation_operations`). ``company_id``, ``inss`` and
    ``year`` fix the request's employer, employee and year where the rule leaves them free
    (00014-017 needs an employer outside the repertory and ignores ``company_id``);
    ``anchor_year`` moves the FLA windows (D13). A blocking rule is answered 400 with exactly
    this errorId among the blocking anomalies; a warning (FLAC-021, FLA04-272) 200 with it.
    """
    operations = violation_operations(rule_id)
    if not operations:
        raise UsageError(f"rule {rule_id} has no violating strategy yet")
    if operation_id is not None and operation_id not in operations:
        raise UsageError(
            f"rule {rule_id} has no violating strategy for operation {operation_id!r}; "
            f"it has one for {', '.join(operations)}"
        )
    chosen = operations if operation_id is None else (operation_id,)
    options = Options(company_id, inss, year, anchor_year)
    if rule_id in SCENARIOS:
        return st.one_of([SCENARIOS[rule_id][op](options, op) for op in chosen])
    return st.one_of([apply(rule_id, op, SITES[rule_id][op], options) for op in chosen])
