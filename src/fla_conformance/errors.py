"""Every error the kit raises derives from :class:`FlaError`.

FlaError
├── UsageError         the caller asked for something that cannot be done (bad option, file)
├── ContractError      contracts/ is missing, unreadable or inconsistent
└── TargetError        the endpoint under test cannot be reached or refuses to talk

Anomalies found in a payload, and findings about a server, are results, not exceptions.
"""

from __future__ import annotations


class FlaError(Exception):
    """Root of the kit's own errors."""


class UsageError(FlaError):
    """A command or function was called with arguments it cannot work with."""


class ContractError(FlaError):
    """The contract files cannot be read, or disagree with each other."""


class TargetError(FlaError):
    """The endpoint under test cannot be reached or answers unusably."""
