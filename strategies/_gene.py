"""One drawn integer, many choices: the fast path of the body strategies.

Hypothesis spends about the same time on every choice it makes, so a body of a hundred
separately drawn fields costs a hundred choices. A :class:`Gene` turns one drawn 64-bit seed
into a deterministic stream of choices (splitmix64), so a training costs one choice and the
strategies stay reproducible, replayable and shrinkable: Hypothesis still owns the seed, and
list sizes (how many trainings) remain choices of their own, so shrinking removes them.
Bounds are hit on purpose one time in eight (the first and last day of a window, 0 and the
maximum of a duration), as Hypothesis' own integers do.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from hypothesis import strategies as st

MASK = 2**64 - 1
SEEDS = st.integers(0, MASK)
Draw = Any  # hypothesis' draw function, as an st.composite passes it
T = TypeVar("T")


class Gene:
    """A stream of choices from one seed."""

    __slots__ = ("_state",)

    def __init__(self, seed: int) -> None:
        self._state = seed & MASK

    def bits(self) -> int:
        """The next 64 random bits (splitmix64)."""
        self._state = (self._state + 0x9E3779B97F4A7C15) & MASK
        z = self._state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        return z ^ (z >> 31)

    def below(self, n: int) -> int:
        return self.bits() % n

    def integer(self, low: int, high: int) -> int:
        """An integer of [low, high]; one time in eight a bound."""
        pick = self.bits()
        if pick & 7 == 0:
            return low if pick & 8 else high
        return low + (pick >> 4) % (high - low + 1)

    def flag(self, one_in: int = 2) -> bool:
        return self.below(one_in) == 0

    def choice(self, values: Sequence[T]) -> T:
        return values[self.below(len(values))]

    def text(self, alphabet: str, low: int, high: int) -> str:
        size, width = self.integer(low, high), len(alphabet)
        chars, pool = [], 0
        for _ in range(size):
            if pool < width:  # one 64-bit draw gives about nine characters
                pool = self.bits() | (1 << 64)
            pool, index = divmod(pool, width)
            chars.append(alphabet[index])
        return "".join(chars)

    def date(self, first: dt.date, last: dt.date) -> dt.date:
        return first + dt.timedelta(days=self.integer(0, (last - first).days))

    def uuid(self) -> str:
        return str(uuid.UUID(int=(self.bits() << 64) | self.bits(), version=4))

    def distinct(self, count: int, make: Callable[[Gene], T]) -> list[T]:
        """``count`` different values of ``make`` (a repeat is drawn again, rarely needed)."""
        found: list[T] = []
        for _ in range(64 * count + 64):
            if len(found) == count:
                break
            value = make(self)
            if value not in found:
                found.append(value)
        assert len(found) == count, "fewer distinct values than asked"
        return found


def genes() -> st.SearchStrategy[Gene]:
    return SEEDS.map(Gene)


def drawn(draw: Callable[[st.SearchStrategy[int]], int]) -> Gene:
    """A Gene from a seed drawn now, inside an ``st.composite`` (the mutations use it)."""
    return Gene(draw(SEEDS))
