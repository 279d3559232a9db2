"""Scenarios about training rights: round trip, deletion, ownership of the legal right, re-send.

Manual 3.3.3: a PUT is the whole picture; the legal right is deleted only by 0, sector and
employer rights by 0 or by deactivation; once sent, the legal right belongs to the employer.
"""

from __future__ import annotations

from typing import Any

from fla_conformance.certify import bodies
from fla_conformance.certify.scenarios._base import Context, Stop, declaration, training_rights

READ_ONLY = ("source", "legalFlaRightValidityEndDate")


def _plain(value: Any) -> Any:
    """A rights block without its read-only fields, blocks sorted: comparable with a PUT."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items() if k not in READ_ONLY}
    if isinstance(value, list):
        return sorted((_plain(v) for v in value), key=repr)
    return value


def _has_read_only(rights: dict[str, Any]) -> bool:
    blocks = [rights.get("legalFlaRight"), *list(rights.get("complementarySectorRight") or [])]
    blocks += list(rights.get("complementaryEmployerRight") or [])
    return any(isinstance(b, dict) and any(k in b for k in READ_ONLY) for b in blocks)


def round_trip(ctx: Context) -> None:
    """PUT then GET gives back the picture; source only when rightType is asked (3.3.3.3)."""
    body = ctx.rights_body(legal_hours=3800, sector_hours=4000, employer_hours=2000)
    put = ctx.put_rights(body)
    ctx.accepted(put, "PUT trainingRights")
    ctx.expect(_plain(training_rights(put)) == _plain(body["trainingRights"]),
               "the PUT answer does not echo the rights sent", put)
    got = ctx.get_rights()
    ctx.accepted(got, "GET trainingRights")
    ctx.expect(_plain(training_rights(got)) == _plain(body["trainingRights"]),
               "GET does not give back the rights of the PUT", put, got)
    ctx.expect(not _has_read_only(training_rights(got)),
               "GET without rightType returns source or legalFlaRightValidityEndDate "
               "(manual 3.3.3.3)", got)
    legal = ctx.get_rights("?rightType=LEGAL")
    ctx.accepted(legal, "GET trainingRights?rightType=LEGAL")
    block = training_rights(legal).get("legalFlaRight") or {}
    ctx.expect(block.get("source") in ("EMPLOYER", "PROVIDER"),
               f"GET ?rightType=LEGAL: the legal right's source is {block.get('source')!r}, "
               "expected EMPLOYER or PROVIDER (manual 3.3.3.3)", legal)


def deletion(ctx: Context) -> None:
    """Deletion by zero and by deactivation (manual 3.3.3.4, 3.3.4.4)."""
    ctx.accepted(ctx.put_rights(ctx.rights_body(legal_hours=3800, sector_hours=4000,
                                                employer_hours=2000)), "PUT trainingRights")
    zero = ctx.put_rights(ctx.rights_body(legal_hours=3800, sector_hours=0, employer_hours=2000))
    ctx.accepted(zero, "PUT with the sector right at 0")
    got = ctx.get_rights()
    sector = training_rights(got).get("complementarySectorRight") or []
    ctx.expect(all(b.get("complementarySectorRightHours", 0) == 0 for b in sector),
               "a sector right deleted by 0 is still there", zero, got)
    gone = ctx.put_rights(ctx.rights_body(legal_hours=3800))
    ctx.accepted(gone, "PUT without the sector and employer blocks (deactivation)")
    got = ctx.get_rights()
    left = training_rights(got)
    ctx.expect(not left.get("complementaryEmployerRight") and
               not left.get("complementarySectorRight"),
               "sector or employer rights left out of a new picture are still there "
               "(deactivation, manual 3.3.3.4)", gone, got)
    zero_legal = ctx.put_rights(ctx.rights_body(legal_hours=0))
    ctx.accepted(zero_legal, "PUT with the legal right at 0")
    got = ctx.get_rights()
    hours = (training_rights(got).get("legalFlaRight") or {}).get("legalFlaRightHours", 0)
    ctx.expect(hours == 0, f"a legal right deleted by 0 still has {hours} hours", got)
    two = ctx.trainings_body(bodies.training(ctx.year, sequence=1, name="first"),
                             bodies.training(ctx.year, sequence=2, name="second", month=3))
    ctx.accepted(ctx.put_trainings(two), "PUT two trainings")
    one = ctx.put_trainings(ctx.trainings_body(bodies.training(ctx.year, sequence=1,
                                                               name="first")))
    ctx.accepted(one, "PUT the picture without the second training")
    names = [t.get("trainingDenomination") for t in _trainings(ctx.get_trainings())]
    ctx.expect(names == ["first"], f"after deleting a training GET returns {names}", one)


def _trainings(answer: Any) -> list[dict[str, Any]]:
    found = declaration(answer).get("trainings")
    return [t for t in found if isinstance(t, dict)] if isinstance(found, list) else []


def owns_legal(ctx: Context, year: int) -> bool:
    """Whether the employer sent the legal right of this employee and year (source)."""
    legal = training_rights(ctx.get_rights("?rightType=LEGAL", year)).get("legalFlaRight")
    return isinstance(legal, dict) and legal.get("source") in ("EMPLOYER", "PROVIDER")


def unowned_year(ctx: Context) -> int:
    """A year whose legal right the employer never sent: ownership cannot be undone, so a
    second run against the same server needs another year (manual 3.3.3.2 F)."""
    for year in range(ctx.year, ctx.year - 30, -1):
        if not owns_legal(ctx, year):
            return year
    raise Stop(f"every year from {ctx.year - 29} to {ctx.year} has an owned legal right")


def legal_ownership(ctx: Context) -> None:
    """Once a PUT carried legalFlaRight, every later PUT must carry it (manual 3.3.3.2 F)."""
    ctx.year = unowned_year(ctx)
    ctx.accepted(ctx.put_rights(ctx.rights_body(sector_hours=4000)),
                 "PUT without legalFlaRight (Sigedis manages it)")
    ctx.accepted(ctx.put_rights(ctx.rights_body(legal_hours=3800, sector_hours=4000)),
                 "PUT with legalFlaRight (the employer takes it over)")
    without = ctx.put_rights(ctx.rights_body(sector_hours=4000))
    ctx.expect(without.status == 400 and "FLAC-201" in without.error_ids,
               f"a PUT without the legal right the employer owns was answered "
               f"{without.status} {without.error_ids}, expected 400 FLAC-201", without,
               rule="FLAC-201")
    empty = ctx.put_rights(ctx.rights_body())
    ctx.expect(empty.status == 400 and "FLAC-201" in empty.error_ids,
               f"a PUT without trainingRights for an owned legal right was answered "
               f"{empty.status} {empty.error_ids}, expected 400 FLAC-201", empty,
               rule="FLAC-201")


def computed_legal_right(ctx: Context) -> None:
    """A legal right Sigedis computed is shown by GET, not echoed by a PUT (3.3.3.2 F)."""
    ctx.year = unowned_year(ctx)  # an owned legal right would hide Sigedis's
    ctx.mock("PUT", f"/legalRights/{ctx.company}/{ctx.inss}/{ctx.year}",
             {"legalFlaRightHours": 3040, "jointCommissionNbr": [bodies.JOINT_COMMITTEE]})
    put = ctx.put_rights(ctx.rights_body(sector_hours=4000))
    ctx.accepted(put, "PUT without legalFlaRight")
    ctx.expect("legalFlaRight" not in training_rights(put),
               "the PUT answer echoes the legal right Sigedis computed, which it did not send",
               put)
    got = ctx.get_rights("?rightType=LEGAL")
    block = training_rights(got).get("legalFlaRight") or {}
    ctx.expect(block.get("legalFlaRightHours") == 3040 and block.get("source") == "FLA",
               f"GET ?rightType=LEGAL shows {block!r} for the computed legal right, expected "
               "3040 hours with source FLA", got)


def resend(ctx: Context) -> None:
    """An identical re-send is processed with the warning FLA04-272 (manual 3.4.2)."""
    rights = ctx.rights_body(legal_hours=3800, sector_hours=4000, employer_hours=1000)
    trainings = ctx.trainings_body(bodies.training(ctx.year))
    for what, send, body in (("trainingRights", ctx.put_rights, rights),
                             ("trainings", ctx.put_trainings, trainings)):
        first = send(body)
        ctx.accepted(first, f"PUT {what}")
        again = send(body)
        ctx.accepted(again, f"PUT {what} again, unchanged")
        ctx.expect("FLA04-272" in again.error_ids,
                   f"an identical re-send of {what} has no warning FLA04-272 "
                   f"({again.error_ids})", first, again, rule="FLA04-272")
