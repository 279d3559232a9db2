"""The mock's state in SQLite: one connection, one transaction per request.

Pictures are kept as the JSON that was accepted, keyed by (employer, employee, year, kind); the
credit of one employee needs its five years, which is one range scan of the primary key. Kinds:
``rights`` and ``trainings`` are the employer's yearly pictures (manual 3.3.1), ``sigedis``
the legal right Sigedis computed (manual 3.3.3.2 F). The lists have their own small tables
with indexes, so that no request reads more than what it answers.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import orjson

from fla_conformance.errors import UsageError

_SCHEMA = """
CREATE TABLE IF NOT EXISTS employers (
    company_id INTEGER PRIMARY KEY, importance INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS clients (client_id TEXT PRIMARY KEY, data BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS pictures (
    company_id INTEGER NOT NULL, inss INTEGER NOT NULL, year INTEGER NOT NULL,
    kind TEXT NOT NULL, body BLOB NOT NULL, digest BLOB NOT NULL, source TEXT NOT NULL,
    updated TEXT NOT NULL, PRIMARY KEY (company_id, inss, year, kind)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS employees (
    company_id INTEGER NOT NULL, inss INTEGER NOT NULL, ref_hours INTEGER NOT NULL,
    PRIMARY KEY (company_id, inss)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS right_changes (
    company_id INTEGER NOT NULL, inss INTEGER NOT NULL, year INTEGER NOT NULL,
    right_type TEXT NOT NULL, changed TEXT NOT NULL,
    PRIMARY KEY (company_id, inss, year, right_type)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS right_changes_by_date ON right_changes (company_id, changed);
CREATE TABLE IF NOT EXISTS declared_trainings (
    company_id INTEGER NOT NULL, inss INTEGER NOT NULL, year INTEGER NOT NULL,
    first_start TEXT NOT NULL, last_end TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS declared_by_employee ON declared_trainings (company_id, inss, year);
CREATE INDEX IF NOT EXISTS declared_by_year ON declared_trainings (company_id, year);
CREATE TABLE IF NOT EXISTS provider_trainings (
    provider_training_id TEXT PRIMARY KEY, company_id INTEGER NOT NULL, inss INTEGER NOT NULL,
    year INTEGER NOT NULL, provider_company_id INTEGER NOT NULL, training BLOB NOT NULL,
    state TEXT NOT NULL, included_in INTEGER, first_start TEXT NOT NULL,
    last_end TEXT NOT NULL, created TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS provider_by_employee ON provider_trainings (company_id, inss, year);
CREATE INDEX IF NOT EXISTS provider_by_state ON provider_trainings (company_id, state, year);
"""

_TABLES = (
    "employers",
    "clients",
    "meta",
    "pictures",
    "employees",
    "right_changes",
    "declared_trainings",
    "provider_trainings",
)


@dataclass(frozen=True)
class Picture:
    """A stored picture: the accepted body, its canonical digest and who declared it."""

    body: dict[str, Any]
    digest: bytes
    source: str


@dataclass(frozen=True)
class ProviderTraining:
    """A training registered by a training provider (manual 3.2)."""

    provider_training_id: str
    company_id: int
    inss: int
    year: int
    provider_company_id: int
    training: dict[str, Any]
    state: str  # toValidate or validated
    included_in: int | None  # the year of the employer's declaration that holds it


@dataclass(frozen=True)
class ListFilter:
    """Search criteria of the two lists (manual 3.3.6.1 B, 3.3.7.1 B)."""

    year: int | None = None
    from_date: str | None = None
    to_date: str | None = None


class Store:
    """SQLite behind a lock: a single connection, safe to share between threads."""

    def __init__(self, db: str = ":memory:") -> None:
        self.db = db
        self._lock = threading.RLock()
        try:
            self._conn = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
            self._conn.execute("PRAGMA journal_mode=WAL")
            self._conn.execute("PRAGMA synchronous=NORMAL")
            self._conn.execute("PRAGMA cache_size=-65536")  # 64 MiB of pages: lookups stay flat
            self._conn.execute("PRAGMA mmap_size=268435456")
            self._conn.executescript(_SCHEMA)
        except sqlite3.Error as exc:
            raise UsageError(f"cannot use {db!r} as the mock's SQLite database: {exc}") from None

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One request's work: all of it or nothing, and nobody else's in between."""
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    def _all(self, sql: str, args: Sequence[Any] = ()) -> list[Any]:
        return self._conn.execute(sql, args).fetchall()

    def _run(self, sql: str, args: Sequence[Any] = ()) -> None:
        self._conn.execute(sql, args)

    def clear(self) -> None:
        for table in _TABLES:
            self._run(f"DELETE FROM {table}")

    def meta(self, name: str) -> str | None:
        rows = self._all("SELECT value FROM meta WHERE name = ?", (name,))
        return str(rows[0][0]) if rows else None

    def put_meta(self, name: str, value: str) -> None:
        self._run("INSERT OR REPLACE INTO meta VALUES (?, ?)", (name, value))

    # -- the employers' repertory and the clients ----------------------------------------------
    def importance(self, company_id: int) -> int | None:
        rows = self._all("SELECT importance FROM employers WHERE company_id = ?", (company_id,))
        return int(rows[0][0]) if rows else None

    def put_employer(self, company_id: int, importance: int) -> None:
        self._run("INSERT OR REPLACE INTO employers VALUES (?, ?)", (company_id, importance))

    def clients(self) -> list[dict[str, Any]]:
        return [orjson.loads(data) for (data,) in self._all("SELECT data FROM clients")]

    def put_client(self, client_id: str, data: dict[str, Any]) -> None:
        self._run("INSERT OR REPLACE INTO clients VALUES (?, ?)", (client_id, orjson.dumps(data)))

    # -- pictures ------------------------------------------------------------------------------
    def picture(self, company_id: int, inss: int, year: int, kind: str) -> Picture | None:
        rows = self._all(
            "SELECT body, digest, source FROM pictures"
            " WHERE company_id = ? AND inss = ? AND year = ? AND kind = ?",
            (company_id, inss, year, kind),
        )
        return Picture(orjson.loads(rows[0][0]), rows[0][1], rows[0][2]) if rows else None

    def pictures(self, company_id: int, inss: int, years: range) -> dict[tuple[int, str], Picture]:
        """Every picture of one employee in these years, by (year, kind): one range scan."""
        rows = self._all(
            "SELECT year, kind, body, digest, source FROM pictures"
            " WHERE company_id = ? AND inss = ? AND year BETWEEN ? AND ?",
            (company_id, inss, years.start, years.stop - 1),
        )
        return {(y, k): Picture(orjson.loads(b), d, s) for y, k, b, d, s in rows}

    def put_picture(
        self, key: tuple[int, int, int, str], body: bytes, digest: bytes, source: str, when: str
    ) -> None:
        self._run(
            "INSERT OR REPLACE INTO pictures VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (*key, body, digest, source, when),
        )

    def ref_hours(self, company_id: int, inss: int) -> int | None:
        rows = self._all(
            "SELECT ref_hours FROM employees WHERE company_id = ? AND inss = ?", (company_id, inss)
        )
        return int(rows[0][0]) if rows else None

    def put_ref_hours(self, company_id: int, inss: int, ref_hours: int) -> None:
        self._run(
            "INSERT OR REPLACE INTO employees VALUES (?, ?, ?)", (company_id, inss, ref_hours)
        )

    # -- changes of rights (manual 3.3.7) ------------------------------------------------------
    def mark_changed(
        self, company_id: int, inss: int, year: int, right_types: Iterable[str], when: str
    ) -> None:
        for right_type in right_types:
            self._run(
                "INSERT OR REPLACE INTO right_changes VALUES (?, ?, ?, ?, ?)",
                (company_id, inss, year, right_type, when),
            )

    def changed_pairs(
        self, company_id: int, since: str, year: int | None, right_type: str | None
    ) -> list[tuple[int, int]]:
        sql = "SELECT DISTINCT inss, year FROM right_changes WHERE company_id = ? AND changed >= ?"
        args: list[Any] = [company_id, since]
        if year is not None:
            sql, args = sql + " AND year = ?", [*args, year]
        if right_type is not None:
            sql, args = sql + " AND right_type = ?", [*args, right_type]
        return [(int(i), int(y)) for i, y in self._all(sql + " ORDER BY year, inss", args)]

    # -- trainings: the employer's declared ones and the providers' ----------------------------
    def replace_declared(
        self, company_id: int, inss: int, year: int, spans: Iterable[tuple[str, str]]
    ) -> None:
        key = (company_id, inss, year)
        self._run(
            "DELETE FROM declared_trainings WHERE company_id = ? AND inss = ? AND year = ?", key
        )
        self._conn.executemany(
            "INSERT INTO declared_trainings VALUES (?, ?, ?, ?, ?)",
            [(*key, first, last) for first, last in spans],
        )

    def add_provider_training(self, training: ProviderTraining, when: str) -> None:
        first, last = _span(training.training)
        self._run(
            "INSERT OR REPLACE INTO provider_trainings VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                training.provider_training_id,
                training.company_id,
                training.inss,
                training.year,
                training.provider_company_id,
                orjson.dumps(training.training),
                training.state,
                training.included_in,
                first,
                last,
                when,
            ),
        )

    def provider_trainings(
        self, company_id: int, inss: int, year: int | None = None
    ) -> list[ProviderTraining]:
        sql = "SELECT * FROM provider_trainings WHERE company_id = ? AND inss = ?"
        args: list[Any] = [company_id, inss]
        if year is not None:
            sql, args = sql + " AND year = ?", [*args, year]
        return [_provider(row) for row in self._all(sql + " ORDER BY created, rowid", args)]

    def set_included(self, provider_training_id: str, included_in: int | None) -> None:
        """A provider training taken into (or dropped from) a declaration; it stays validated."""
        self._run(
            "UPDATE provider_trainings SET state = 'validated', included_in = ?"
            " WHERE provider_training_id = ?",
            (included_in, provider_training_id),
        )

    def training_pairs(
        self,
        company_id: int,
        states: Sequence[str],
        declared: bool,
        found: ListFilter,
        stale: bool = False,
    ) -> list[tuple[int, int]]:
        """(inss, year) pairs with trainings in these states (manual 3.3.6.2)."""
        marks = ", ".join("?" * len(states))
        where = f"state IN ({marks})"
        if stale:  # fault: trainings the employer validated still count as waiting
            where = f"({where} OR included_in IS NOT NULL)"
        parts = [f"SELECT inss, year FROM provider_trainings WHERE company_id = ? AND {where}"]
        args: list[Any] = [company_id, *states]
        parts[0], args = _filtered(parts[0], args, found)
        if declared:
            extra, extra_args = _filtered(
                "SELECT inss, year FROM declared_trainings WHERE company_id = ?",
                [company_id],
                found,
            )
            parts.append(extra)
            args += extra_args
        sql = " UNION ".join(parts) + " ORDER BY year, inss"
        return [(int(i), int(y)) for i, y in self._all(sql, args)]


def _filtered(sql: str, args: list[Any], found: ListFilter) -> tuple[str, list[Any]]:
    if found.year is not None:
        sql, args = sql + " AND year = ?", [*args, found.year]
    if found.from_date is not None:
        sql, args = sql + " AND first_start >= ?", [*args, found.from_date]
    if found.to_date is not None:
        sql, args = sql + " AND last_end <= ?", [*args, found.to_date]
    return sql, args


def _span(training: dict[str, Any]) -> tuple[str, str]:
    return str(training.get("trainingFirstStartDate", "")), str(
        training.get("trainingLastEndDate", "")
    )


def _provider(row: Sequence[Any]) -> ProviderTraining:
    return ProviderTraining(
        provider_training_id=row[0],
        company_id=int(row[1]),
        inss=int(row[2]),
        year=int(row[3]),
        provider_company_id=int(row[4]),
        training=orjson.loads(row[5]),
        state=row[6],
        included_in=None if row[7] is None else int(row[7]),
    )
