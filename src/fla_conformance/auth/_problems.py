"""The two error shapes of authentication, carried by one exception, :class:`AuthProblem`.

- The token endpoint answers RFC 6749 5.2 errors: ``{"error", "error_description"}``.
- The API answers RFC 9457 problem details in the Belgif style for a missing, invalid or
  expired bearer token (401) and for another employer's data (403).

Messages never carry a token, a secret or a key: they say what was wrong, not with what.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

OAuthError = Literal[
    "invalid_request", "invalid_client", "invalid_grant", "unsupported_grant_type", "invalid_scope"
]

PROBLEM_PREFIX = "urn:problem-type:belgif:"
_BELGIF_HREF = "https://www.belgif.be/specification/rest/api-guide/problems/{}.html"
REALM = "FLA"

# Belgif problem types of the gateway, with their titles.
_TITLES = {
    "noAccessToken": "No access token",
    "invalidAccessToken": "Invalid access token",
    "expiredAccessToken": "Expired access token",
    "permissionDenied": "Permission denied",
}


def _quoted(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


class AuthProblem(Exception):
    """An authentication or authorisation failure, ready to be sent as an HTTP answer.

    ``status`` is the HTTP status, ``to_json()`` the body, ``content_type`` its media type and
    ``headers`` the extra headers (``WWW-Authenticate`` on a 401). ``error`` is the OAuth error
    code or the problem type, for callers that branch on it.
    """

    def __init__(
        self,
        status: int,
        body: Mapping[str, Any],
        *,
        error: str,
        content_type: str,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(str(body.get("error_description") or body.get("detail") or error))
        self.status = status
        self.error = error
        self.content_type = content_type
        self.headers: dict[str, str] = dict(headers or {})
        self._body = dict(body)

    def to_json(self) -> dict[str, Any]:
        return dict(self._body)

    def __repr__(self) -> str:
        return f"AuthProblem({self.status}, {self.error!r}, {str(self)!r})"

    @classmethod
    def oauth(cls, error: OAuthError, description: str) -> AuthProblem:
        """A token-endpoint error; ``invalid_client`` is 401 (RFC 6749 5.2), the others 400."""
        status = 401 if error == "invalid_client" else 400
        headers = {"Cache-Control": "no-store"}
        if status == 401:
            # A 401 needs a challenge; Basic is the scheme RFC 6749 2.3.1 defines for clients.
            headers["WWW-Authenticate"] = f"Basic realm={_quoted(REALM)}"
        body = {"error": error, "error_description": description}
        return cls(status, body, error=error, content_type="application/json", headers=headers)

    @classmethod
    def problem(cls, name: str, status: int, detail: str) -> AuthProblem:
        """A Belgif problem (``name`` as in ``urn:problem-type:belgif:<name>``)."""
        problem_type = PROBLEM_PREFIX + name
        body = {
            "type": problem_type,
            "href": _BELGIF_HREF.format(name),
            "title": _TITLES.get(name, name),
            "status": status,
            "detail": detail,
        }
        headers = {}
        if status == 401:
            headers["WWW-Authenticate"] = _bearer_challenge(name, detail)
        media_type = "application/problem+json"
        return cls(status, body, error=problem_type, content_type=media_type, headers=headers)

    @classmethod
    def permission_denied(cls, company_id: int) -> AuthProblem:
        """403: the token does not allow acting for this employer (SPEC "Authentication")."""
        detail = f"The client has no mandate for the employer with company id {company_id}"
        return cls.problem("permissionDenied", 403, detail)


def _bearer_challenge(name: str, detail: str) -> str:
    # RFC 6750 3: no error code when no token was sent, invalid_token otherwise.
    challenge = f"Bearer realm={_quoted(REALM)}"
    if name == "noAccessToken":
        return challenge
    return f'{challenge}, error="invalid_token", error_description={_quoted(detail)}'
