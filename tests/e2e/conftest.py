"""End-to-end fixtures: a database holding the demo shop, and an operator token for it.

A server on PostgreSQL creates no table (`bolkhata migrate` does, once): every PostgreSQL
schema handed to an end-to-end test is migrated first.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from infrastructure.eventstore import is_postgres
from infrastructure.schema import migrate
from infrastructure.settings import Settings
from tests.e2e.server import bolkhata, create_token


def migrated(url: str) -> str:
    if is_postgres(url):
        migrate(Settings(database_url=url))
    return url


@pytest.fixture
def database_url(database_url: str) -> str:
    return migrated(database_url)


@pytest.fixture
def postgres_url(postgres_url: str) -> str:
    return migrated(postgres_url)


@pytest.fixture
def seeded(database_url: str) -> Iterator[tuple[str, str]]:
    bolkhata("demo", "seed", "--database-url", database_url)
    yield database_url, create_token(database_url)
