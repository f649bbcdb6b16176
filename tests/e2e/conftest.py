"""End-to-end fixtures: a database holding the demo shop, and an operator token for it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.e2e.server import bolkhata, create_token


@pytest.fixture
def seeded(database_url: str) -> Iterator[tuple[str, str]]:
    bolkhata("demo", "seed", "--database-url", database_url)
    yield database_url, create_token(database_url)
