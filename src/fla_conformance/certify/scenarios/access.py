"""Scenarios about access: tokens, and one employer's data kept from another's client."""

from __future__ import annotations

import datetime as dt
import secrets

from fla_conformance.certify import bodies
from fla_conformance.certify.scenarios._base import Context, Skip, pairs
from fla_conformance.certify.session import Session
from fla_conformance.identifiers import make_inss, make_kbo

OTHER_EMPLOYER = make_kbo(7_654_321)
OTHER_CLIENT = "fla-certify-other"
UNKNOWN_EMPLOYER = make_kbo(1_234_567)  # never put into the mock's repertory
UNKNOWN_CLIENT = "fla-certify-unknown"


def tokens(ctx: Context) -> None:
    """No token, a forged one: 401 (the portal's gateway)."""
    path = bodies.rights_path(ctx.company, ctx.inss, ctx.year)
    bare = ctx.session.send("GET", path, headers={"Authorization": ""})
    ctx.expect(bare.status == 401, f"a call without a token was answered {bare.status}", bare)
    forged = ctx.session.send("GET", path, headers={"Authorization": "Bearer forged-token"})
    ctx.expect(forged.status == 401, f"a forged token was answered {forged.status}", forged)


def expired_token(ctx: Context) -> None:
    """A token past its lifetime is refused with 401."""
    _token_url(ctx)
    issued = ctx.mock("POST", "/tokens", {"clientId": _client_id(ctx), "lifetime": 0})
    token = str((issued or {}).get("access_token", ""))
    path = bodies.rights_path(ctx.company, ctx.inss, ctx.year)
    late = ctx.session.send("GET", path, headers={"Authorization": f"Bearer {token}"})
    ctx.session.run.masker.secrets.add(token)
    ctx.expect(late.status == 401, f"an expired token was answered {late.status}", late)


def _client_id(ctx: Context) -> str:
    from fla_conformance.auth import DEV_CLIENT_ID

    return DEV_CLIENT_ID


def _token_url(ctx: Context) -> str:
    """The mock's token endpoint: the scenarios that make tokens of their own need it."""
    url = ctx.session.target.token_url
    if url is None:
        raise Skip("needs the mock's token endpoint")
    return url


def _session_of_new_client(ctx: Context, token_url: str, client_id: str, company: int) -> Session:
    """A session as a client registered now in the mock, with a mandate for ``company`` alone.

    The caller closes it. Its secret and token go to the masker first: never in a report.
    """
    from fla_conformance.auth import fetch_token

    secret = secrets.token_urlsafe(16)
    ctx.run.masker.secrets.add(secret)
    ctx.mock("PUT", f"/clients/{client_id}", {"companyIds": [company], "secret": secret})
    token = fetch_token(token_url, client_id=client_id, secret=secret)
    ctx.run.masker.secrets.add(token)
    theirs = Session(
        ctx.session.target, ctx.session.contract, ctx.run, ctx.session.part, token=token
    )
    theirs.scope = ctx.session.scope
    return theirs


def isolation(ctx: Context) -> None:
    """Another employer's rights are neither readable nor writable (403), nor listed."""
    token_url = _token_url(ctx)
    ctx.mock("PUT", f"/employers/{OTHER_EMPLOYER}", {"flaImportanceCode": 2})
    theirs = _session_of_new_client(ctx, token_url, OTHER_CLIENT, OTHER_EMPLOYER)
    other_inss = make_inss(dt.date(1975, 6, 15), 321)
    ctx.run.masker.add(other_inss)
    try:
        body = bodies.rights(OTHER_EMPLOYER, other_inss, ctx.year, sector_hours=4000)
        own = theirs.send("PUT", bodies.rights_path(OTHER_EMPLOYER, other_inss, ctx.year), body)
        ctx.require(own.status == 200, f"the other employer's own client could not declare "
                    f"({own.status} {own.error_ids})", own)
    finally:
        theirs.close()
    read = ctx.session.send("GET", bodies.rights_path(OTHER_EMPLOYER, other_inss, ctx.year))
    ctx.expect(read.status == 403, f"another employer's rights were answered {read.status} "
               "to a client without its mandate, expected 403", read)
    listed = ctx.session.send("GET", f"/employers/{OTHER_EMPLOYER}/employeesTrainingRights"
                                     "?modifiedFromDate=2000-01-01")
    ctx.expect(listed.status == 403, f"another employer's list was answered {listed.status}, "
               "expected 403", listed)
    mine = ctx.session.send("GET", f"/employers/{ctx.company}/employeesTrainingRights"
                                   "?modifiedFromDate=2000-01-01")
    ctx.expect(other_inss not in {inss for inss, _ in pairs(mine)},
               "the employer's list shows another employer's employee", mine)
    write = ctx.session.send("PUT", bodies.rights_path(OTHER_EMPLOYER, other_inss, ctx.year),
                             body)
    ctx.expect(write.status == 403, f"a PUT for another employer was answered {write.status}, "
               "expected 403", write)


def unknown_employer(ctx: Context) -> None:
    """An employer outside the repertory: 00014-017, for a client that may act for it."""
    token_url = _token_url(ctx)
    theirs = _session_of_new_client(ctx, token_url, UNKNOWN_CLIENT, UNKNOWN_EMPLOYER)
    try:
        path = f"/employers/{UNKNOWN_EMPLOYER}/employeesTrainings?processingState=all"
        listed = theirs.send("GET", path)
        body = bodies.rights(UNKNOWN_EMPLOYER, ctx.inss, ctx.year, sector_hours=4000)
        put = theirs.send("PUT", bodies.rights_path(UNKNOWN_EMPLOYER, ctx.inss, ctx.year), body)
    finally:
        theirs.close()
    for answer, what in ((listed, "a list"), (put, "a PUT")):
        ctx.expect(answer.status == 400 and "00014-017" in answer.error_ids,
                   f"{what} for an employer outside the repertory was answered "
                   f"{answer.status} {answer.error_ids}, expected 400 00014-017", answer,
                   rule="00014-017")


def unknown_operation(ctx: Context) -> None:
    """A method or path the API does not have is refused: FLAC-020 (or the gateway's 404)."""
    rights = bodies.rights_path(ctx.company, ctx.inss, ctx.year)
    for method, path in (("GET", f"/employers/{ctx.company}/trainingsOfEveryone"),
                         ("DELETE", rights)):
        answer = ctx.session.send(method, path)
        refused = answer.status in (404, 405) or (
            answer.status == 400 and "FLAC-020" in answer.error_ids)
        ctx.expect(refused, f"{method} {path.split('/')[-1]}, which the API does not have, "
                   f"was answered {answer.status} {answer.error_ids}", answer, rule="FLAC-020")
