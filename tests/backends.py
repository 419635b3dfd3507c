"""The store's backends for tests: a fixture parametrised over SQLite and PostgreSQL, so a store
or service test runs on both. PostgreSQL needs a server: ``WHOSAID_TEST_POSTGRES`` is its
address (``.ci/run`` starts one and sets it); without it the PostgreSQL cases skip, saying so.

Each PostgreSQL store is a schema of its own in that database (``search_path`` in the address),
dropped after the test, so tests never see each other's rows.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

BACKENDS = ("sqlite", "postgresql")
POSTGRES_ENV = "WHOSAID_TEST_POSTGRES"
NO_SERVER = (
    f"{POSTGRES_ENV} is unset: the PostgreSQL backend's tests need a server's address "
    "(postgresql://USER@HOST:PORT/DB); .ci/run starts one and sets it"
)
SQLITE_ONLY = "reads SQLite's own file, pragmas or FTS5 table, which PostgreSQL has not"

Target = str | Path


def postgres_dsn() -> str | None:
    return os.environ.get(POSTGRES_ENV) or None


def in_schema(dsn: str, schema: str) -> str:
    """The address with ``schema`` first on the search path: a store of its own."""
    option = quote(f"-csearch_path={schema}")
    return f"{dsn}{'&' if '?' in dsn else '?'}options={option}"


class Schemas:
    """New empty schemas in the test server's database, dropped at the end."""

    def __init__(self, dsn: str) -> None:
        self.dsn = dsn
        self.made: list[str] = []

    def new(self) -> str:
        import psycopg

        name = f"t_{uuid.uuid4().hex[:16]}"
        with psycopg.connect(self.dsn, autocommit=True) as conn:
            conn.execute(f"CREATE SCHEMA {name}")
        self.made.append(name)
        return in_schema(self.dsn, name)

    def drop(self) -> None:
        import psycopg

        with psycopg.connect(self.dsn, autocommit=True) as conn:
            for name in self.made:
                conn.execute(f"DROP SCHEMA IF EXISTS {name} CASCADE")
        self.made.clear()


def require_backend(name: str) -> None:
    if name == "postgresql" and postgres_dsn() is None:
        pytest.skip(NO_SERVER)


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    require_backend(request.param)
    return str(request.param)


def targets(backend: str, folder: Path) -> Iterator[Callable[[str], Target]]:
    """A maker of new, empty store targets on ``backend``: a file in ``folder``, or a schema
    of the test server's database (dropped when the maker is closed)."""
    if backend == "sqlite":
        yield lambda name="t": folder / f"{name}.db"
        return
    dsn = postgres_dsn()
    assert dsn is not None
    schemas = Schemas(dsn)
    try:
        yield lambda name="t": schemas.new()
    finally:
        schemas.drop()


@pytest.fixture()
def new_target(backend: str, tmp_path: Path) -> Iterator[Callable[[str], Target]]:
    """``new_target(name)``: a new, empty store target on the test's backend."""
    yield from targets(backend, tmp_path)
