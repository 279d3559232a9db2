"""The JSON objects of a body, each with the contract schema that describes it.

Schema-rule mutations pick one of these blocks and break one keyword of one of its fields;
``blocks`` may first add an optional block (a legal right, a sector or employer right, a
provider reference) so that every kind of block gets its turn, keeping the body valid.
"""

from __future__ import annotations

import uuid
from typing import Any

from hypothesis import strategies as st

from . import _contract
from ._gene import Draw, drawn
from .rights import employer_rights, legal_right, sector_rights
from .trainings import provider_reference

Block = tuple[dict[str, Any], str]
TOP = {"putTrainingRights": "TrainingRightsDeclarationRequest",
       "putTrainings": "TrainingsDeclarationRequest"}


def blocks(draw: Draw, body: dict[str, Any], operation_id: str) -> list[Block]:
    """Every object of ``body`` with its schema name, after maybe adding optional blocks."""
    found: list[Block] = [
        (body, TOP[operation_id]),
        (body["employer"], "Employer"),
        (body["employee"], "Employee"),
    ]
    if operation_id == "putTrainingRights":
        return found + _rights_blocks(draw, body)
    return found + _training_blocks(draw, body)


def _rights_blocks(draw: Draw, body: dict[str, Any]) -> list[Block]:
    if "trainingRights" not in body and draw(st.booleans()):
        body["trainingRights"] = {}
    rights = body.get("trainingRights")
    if rights is None:
        return []
    if draw(st.booleans()):
        legal_block(draw, body)
    if draw(st.booleans()):
        sector_block(draw, body)
    if draw(st.booleans()):
        employer_block(draw, body)
    found: list[Block] = [(rights, "TrainingRights")]
    if "legalFlaRight" in rights:
        found.append((rights["legalFlaRight"], "LegalFlaRight"))
    found += [(b, "ComplementarySectorRight") for b in rights.get("complementarySectorRight", [])]
    found += [
        (b, "ComplementaryEmployerRight") for b in rights.get("complementaryEmployerRight", [])
    ]
    return found


def _training_blocks(draw: Draw, body: dict[str, Any]) -> list[Block]:
    found: list[Block] = []
    for training in body["trainings"]:
        if draw(st.integers(0, 3)) == 0:
            reference_block(draw, body, training)
        found.append((training, "Training"))
        found += [(p, "TrainingPeriod") for p in training["detailsPerPeriod"]]
        if "trainingProviderReference" in training:
            found.append((training["trainingProviderReference"], "TrainingProviderReference"))
    return found


def legal_block(draw: Draw, body: dict[str, Any]) -> dict[str, Any]:
    rights = body.setdefault("trainingRights", {})
    if "legalFlaRight" not in rights:
        rights["legalFlaRight"] = legal_right(drawn(draw), None)
    found: dict[str, Any] = rights["legalFlaRight"]
    return found


def sector_block(draw: Draw, body: dict[str, Any]) -> dict[str, Any]:
    rights = body.setdefault("trainingRights", {})
    if not rights.get("complementarySectorRight"):
        rights["complementarySectorRight"] = sector_rights(drawn(draw), None, 1)
    found: dict[str, Any] = draw(st.sampled_from(rights["complementarySectorRight"]))
    return found


def employer_block(draw: Draw, body: dict[str, Any]) -> dict[str, Any]:
    rights = body.setdefault("trainingRights", {})
    if not rights.get("complementaryEmployerRight"):
        rights["complementaryEmployerRight"] = employer_rights(drawn(draw), None, 1)
    found: dict[str, Any] = draw(st.sampled_from(rights["complementaryEmployerRight"]))
    return found


def reference_block(draw: Draw, body: dict[str, Any], training: dict[str, Any]) -> dict[str, Any]:
    """The training's provider reference, added with a providerTrainingId not used yet."""
    if "trainingProviderReference" not in training:
        taken = {
            t["trainingProviderReference"]["providerTrainingId"]
            for t in body["trainings"]
            if "trainingProviderReference" in t
        }
        key = draw(st.uuids())
        while str(key) in taken:
            key = uuid.UUID(int=(key.int + 1) % 2**128)
        training["trainingProviderReference"] = provider_reference(drawn(draw), str(key))
    found: dict[str, Any] = training["trainingProviderReference"]
    return found


def properties(schema: str) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = _contract.component(schema)["properties"]
    return found


def settable(block: dict[str, Any], schema: str) -> list[str]:
    """Fields that may be given a value here without breaking another rule's presence rules:
    present ones, and absent ones that are neither read-only nor a days/hours alternative."""
    alternatives = _contract.component(schema).get("x-fla-alternatives", ())
    return [
        name
        for name, node in properties(schema).items()
        if name in block or not (node.get("readOnly") or name in alternatives)
    ]
