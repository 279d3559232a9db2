"""Progress on the terminal while certify runs: rich on a TTY, plain lines otherwise (stderr).

Library code does not print (STYLE.md 7); the runner calls a :class:`Progress` handed to it,
and only the command builds one that writes.
"""

from __future__ import annotations

import sys
import time
from typing import Any, TextIO


class Progress:
    """Silent progress: the base for the writers below, and what tests use."""

    def begin(self, name: str, total: int | None = None) -> None:
        """A unit of work starts (an operation and mode, a scenario)."""

    def step(self, count: int = 1) -> None:
        """``count`` more requests were sent in the current unit."""

    def end(self, status: str, detail: str = "") -> None:
        """The current unit ended: passed, failed or skipped."""

    def close(self) -> None:
        """The run is over."""


class PlainProgress(Progress):
    """One line per unit, for logs and CI."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.name, self.count, self.started = "", 0, 0.0

    def begin(self, name: str, total: int | None = None) -> None:
        self.name, self.count, self.started = name, 0, time.monotonic()

    def step(self, count: int = 1) -> None:
        self.count += count

    def end(self, status: str, detail: str = "") -> None:
        took = time.monotonic() - self.started
        tail = f" - {detail}" if detail else ""
        self.stream.write(f"{status.upper():7} {self.name} ({self.count} requests, "
                          f"{took:.1f} s){tail}\n")
        self.stream.flush()


class RichProgress(Progress):
    """A live bar per unit, and a line when it ends."""

    def __init__(self, stream: TextIO | None = None) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, TextColumn
        from rich.progress import Progress as Bar

        self.console = Console(file=stream if stream is not None else sys.stderr)
        self.bar: Any = Bar(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                            console=self.console, transient=True)
        self.bar.start()
        self.task: Any = None
        self.name = ""

    def begin(self, name: str, total: int | None = None) -> None:
        self.name = name
        self.task = self.bar.add_task(name, total=total)

    def step(self, count: int = 1) -> None:
        if self.task is not None:
            self.bar.advance(self.task, count)

    def end(self, status: str, detail: str = "") -> None:
        colour = {"passed": "green", "failed": "red", "skipped": "yellow"}.get(status, "white")
        tail = f" [dim]- {detail}[/dim]" if detail else ""
        self.console.print(f"[{colour}]{status.upper():7}[/{colour}] {self.name}{tail}",
                           highlight=False)
        if self.task is not None:
            self.bar.remove_task(self.task)
            self.task = None

    def close(self) -> None:
        self.bar.stop()


def for_stream(stream: TextIO | None = None) -> Progress:
    """Rich when the stream is a terminal, plain lines otherwise."""
    stream = stream if stream is not None else sys.stderr
    return RichProgress(stream) if stream.isatty() else PlainProgress(stream)
