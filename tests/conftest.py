"""Shared fixtures: a real store on SQLite and on PostgreSQL (a fresh schema per test)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import psycopg
import pytest
from hypothesis import settings

# CI draws the same examples every run, so its verdict does not depend on the draw; runs on a
# developer's machine keep exploring new ones (and a failure found there becomes a test).
settings.register_profile("ci", derandomize=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

IST = ZoneInfo("Asia/Kolkata")
POSTGRES_URL = os.environ.get(
    "BOLKHATA_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"
)


class FixedClock:
    def __init__(self, now: datetime | None = None) -> None:
        self.current = now or datetime(2026, 11, 25, 10, 0, tzinfo=IST)

    def now(self) -> datetime:
        return self.current


def postgres_schema_url() -> Iterator[str]:
    """A fresh schema in the test database; dropped afterwards."""
    schema = f"t_{uuid.uuid4().hex[:12]}"
    try:
        admin = psycopg.connect(POSTGRES_URL, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as error:
        if os.environ.get("CI") == "true":
            pytest.fail(f"PostgreSQL is required in CI and cannot be reached: {error}")
        pytest.skip(f"PostgreSQL not reachable: {error}")
    with admin:
        admin.execute(f'CREATE SCHEMA "{schema}"')
        try:
            yield f"{POSTGRES_URL}?schema={schema}"
        finally:
            admin.execute(f'DROP SCHEMA "{schema}" CASCADE')


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'bolkhata.db'}"
    else:
        yield from postgres_schema_url()


@pytest.fixture
def postgres_url() -> Iterator[str]:
    yield from postgres_schema_url()


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock()
